/**
 * Error classes. Two families under one base: `ProtocolError` carries a JSON-RPC error the peer sent;
 * everything else is raised locally and never crossed the wire.
 */

/** Base class of every error this package (and the SDK) throws. */
export class CodexError extends Error {
  override name = "CodexError";
}

/** The JSON-RPC `error` object of a reply. */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** A JSON-RPC error reply from the app-server. `protocolErrorFrom` picks the subclass. */
export class ProtocolError extends CodexError {
  override name = "ProtocolError";
  /** Whether sending the same request again later may succeed. */
  readonly retryable: boolean = false;
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data: unknown,
  ) {
    super(message);
  }
}

/** -32600: the server's code for unknown methods, bad params and domain errors alike. */
export class InvalidRequestError extends ProtocolError {
  override name = "InvalidRequestError";
}

/** -32600 whose message says a thread (or other resource) was not found, or is not loaded (resume it first). */
export class NotFoundError extends InvalidRequestError {
  override name = "NotFoundError";
}

/** -32600 with `data.reason === "serverShuttingDown"`: the server is draining; reconnect and retry. */
export class ServerShuttingDownError extends InvalidRequestError {
  override name = "ServerShuttingDownError";
}

/** -32602, e.g. input too large (`data` keeps the details). */
export class InvalidParamsError extends ProtocolError {
  override name = "InvalidParamsError";
}

/** -32601: defined by the server but not used for unknown methods in 0.169.0. */
export class MethodNotFoundError extends ProtocolError {
  override name = "MethodNotFoundError";
}

/** -32603. */
export class InternalServerError extends ProtocolError {
  override name = "InternalServerError";
}

/** -32001: the server's ingress queue is full. Retried with backoff by the connection. */
export class ServerOverloadedError extends ProtocolError {
  override name = "ServerOverloadedError";
  override readonly retryable = true;
}

export const ERROR_CODES = {
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  serverOverloaded: -32001,
} as const;

// codex words it three ways: "thread not found: …", "thread not loaded: …", "no rollout found for thread id …".
const NOT_FOUND_MESSAGE = /\bnot found\b|\bnot loaded\b|\bno rollout found\b/i;

function dataReason(data: unknown): unknown {
  return typeof data === "object" && data !== null ? (data as { reason?: unknown }).reason : undefined;
}

/** Chooses the error class for a JSON-RPC error reply by its code, data and message. */
export function protocolErrorFrom(method: string, error: JsonRpcErrorObject): ProtocolError {
  const { code, message, data } = error;
  switch (code) {
    case ERROR_CODES.invalidRequest:
      if (dataReason(data) === "serverShuttingDown") {
        return new ServerShuttingDownError(method, code, message, data);
      }
      if (NOT_FOUND_MESSAGE.test(message)) return new NotFoundError(method, code, message, data);
      return new InvalidRequestError(method, code, message, data);
    case ERROR_CODES.methodNotFound:
      return new MethodNotFoundError(method, code, message, data);
    case ERROR_CODES.invalidParams:
      return new InvalidParamsError(method, code, message, data);
    case ERROR_CODES.internalError:
      return new InternalServerError(method, code, message, data);
    case ERROR_CODES.serverOverloaded:
      return new ServerOverloadedError(method, code, message, data);
    default:
      return new ProtocolError(method, code, message, data);
  }
}

/** What is known about why a transport closed. */
export interface CloseDetails {
  readonly reason: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string;
}

/** The connection is gone (socket closed, `close()` called). Pending requests reject with it. */
export class ConnectionClosedError extends CodexError {
  override name = "ConnectionClosedError";
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string;
  constructor(details: CloseDetails) {
    const tail = details.stderrTail.trim();
    super(tail ? `${details.reason}\n--- stderr tail ---\n${tail}` : details.reason);
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderrTail = details.stderrTail;
  }
}

/** The app-server child process exited (or its stdout closed). */
export class ProcessExitError extends ConnectionClosedError {
  override name = "ProcessExitError";
}

/** A request got no reply within its timeout. Rejected locally; the server is not told. */
export class TimeoutError extends CodexError {
  override name = "TimeoutError";
  constructor(
    readonly timeoutMs: number,
    readonly method?: string,
  ) {
    super(`${method ? `Request ${method}` : "Operation"} timed out after ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired. `reason` is `signal.reason`. */
export class AbortError extends CodexError {
  override name = "AbortError";
  constructor(
    readonly reason: unknown,
    readonly method?: string,
  ) {
    super(`${method ? `Request ${method}` : "Operation"} aborted${reasonSuffix(reason)}`, { cause: reason });
  }
}

function reasonSuffix(reason: unknown): string {
  if (reason instanceof Error) return `: ${reason.message}`;
  if (typeof reason === "string") return `: ${reason}`;
  return "";
}

/** One problem found by schema validation. `path` is a JSON pointer into the checked value. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** A message did not match the schema: outgoing params (thrown) or incoming data (reported in strict mode). */
export class ValidationError extends CodexError {
  override name = "ValidationError";
  constructor(
    readonly direction: "outgoing" | "incoming",
    readonly method: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(
      `Invalid ${direction} ${method}: ${issues
        .slice(0, 5)
        .map((issue) => `${issue.path || "(root)"} ${issue.message}`)
        .join("; ")}${issues.length > 5 ? `; and ${issues.length - 5} more` : ""}`,
    );
  }
}

/** An experimental method or field was used on a connection without `experimentalApi: true`. */
export class ExperimentalApiError extends CodexError {
  override name = "ExperimentalApiError";
  constructor(
    readonly method: string,
    readonly field?: string,
  ) {
    super(
      `${field ? `${method}.${field}` : method} is experimental: connect with { experimentalApi: true } to use it`,
    );
  }
}

/** The server's codex version differs from the pinned runtime (strict version check). */
export class VersionMismatchError extends CodexError {
  override name = "VersionMismatchError";
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`codex app-server version ${actual} does not match the pinned version ${expected}`);
  }
}
