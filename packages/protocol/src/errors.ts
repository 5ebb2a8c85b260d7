/**
 * Error classes. Two families under one base: `ProtocolError` carries a JSON-RPC error the peer sent;
 * everything else is raised locally and never crossed the wire.
 */

import { CodexError } from "@codex/runtime";

// The base class lives in @codex/runtime (the lowest package) so the binary resolver's errors share it.
export { CodexError, type CodexErrorOptions } from "@codex/runtime";

/** The JSON-RPC `error` object of a reply. */
export interface JsonRpcErrorObject {
  /** The JSON-RPC error code. */
  readonly code: number;
  /** The server's message. */
  readonly message: string;
  /** Extra data, when the server sent any. */
  readonly data?: unknown;
}

/** A JSON-RPC error reply from the app-server. `protocolErrorFrom` picks the subclass. */
export class ProtocolError extends CodexError {
  override name = "ProtocolError";
  constructor(
    /** The request method the server rejected. */
    readonly method: string,
    /** The JSON-RPC error code (-32600, -32001, ...). */
    readonly code: number,
    message: string,
    /** The error's `data`, as the server sent it. */
    readonly data: unknown,
    options?: { readonly retryable?: boolean },
  ) {
    super(message, options);
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

/**
 * -32600 with `data.reason === "serverShuttingDown"`: the server is draining. Retryable, on a new
 * connection (the server says "retry after reconnecting").
 */
export class ServerShuttingDownError extends InvalidRequestError {
  override name = "ServerShuttingDownError";
  override readonly retryable = true;
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

/** The JSON-RPC error codes codex 0.169.0 sends. */
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
  /** Why, in words ("codex app-server exited (code 1)", "connection closed"). */
  readonly reason: string;
  /** The child's exit code, when it exited normally. */
  readonly exitCode: number | null;
  /** The signal that ended the child, if one did. */
  readonly signal: string | null;
  /** The last lines the server wrote to stderr (ANSI colour codes removed). */
  readonly stderrTail: string;
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links) that codex's logs may carry.
const ANSI_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u009b[0-?]*[ -/]*[@-~]/g;

/** Removes ANSI escape sequences (colour codes and the like) from terminal output. */
export function stripAnsi(text: string): string {
  return text.includes("\u001b") || text.includes("\u009b") ? text.replace(ANSI_SEQUENCE, "") : text;
}

/** The connection is gone (socket closed, `close()` called). Pending requests reject with it. */
export class ConnectionClosedError extends CodexError {
  override name = "ConnectionClosedError";
  /** The child's exit code, when it exited normally. */
  readonly exitCode: number | null;
  /** The signal that ended the child, if one did. */
  readonly signal: string | null;
  /** The last lines the server wrote to stderr, without ANSI colour codes. */
  readonly stderrTail: string;
  constructor(details: CloseDetails, options?: ErrorOptions) {
    const stderrTail = stripAnsi(details.stderrTail);
    const tail = stderrTail.trim();
    super(tail ? `${details.reason}\n--- stderr tail ---\n${tail}` : details.reason, options);
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderrTail = stderrTail;
  }
}

/** The app-server child process exited (or its stdout closed). */
export class ProcessExitError extends ConnectionClosedError {
  override name = "ProcessExitError";
}

/**
 * The server wrote a line longer than `maxLineBytes` (or never ended one): the connection was closed,
 * cleanly, instead of buffering without bound. Pending requests reject with it.
 */
export class LineTooLongError extends ConnectionClosedError {
  override name = "LineTooLongError";
  constructor(
    details: CloseDetails,
    /** The cap that was passed. */
    readonly maxLineBytes: number,
  ) {
    super(details);
  }
}

/**
 * A request (or other operation) got no reply within its timeout. Rejected locally; the server is not
 * told. Retryable (codex drops replies under load), but the server may still have acted on the request:
 * retry only what is safe to repeat. Named so it cannot be mistaken for the DOM's `TimeoutError` that
 * `AbortSignal.timeout()` produces.
 */
export class CodexTimeoutError extends CodexError {
  override name = "CodexTimeoutError";
  constructor(
    /** The timeout that passed. */
    readonly timeoutMs: number,
    /** The request method, when a request timed out. */
    readonly method?: string,
  ) {
    super(`${method ? `Request ${method}` : "Operation"} timed out after ${timeoutMs} ms`, {
      retryable: true,
    });
  }
}

/**
 * The caller's AbortSignal fired (or the operation was otherwise cancelled). `reason` is `signal.reason`.
 * Named so it cannot be mistaken for the DOM's `AbortError` DOMException.
 */
export class CodexAbortError extends CodexError {
  override name = "CodexAbortError";
  constructor(
    /** The signal's `reason` (also the `cause`). */
    readonly reason: unknown,
    /** The request method, when a request was aborted. */
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
  /** JSON pointer to the value at fault ("" for the root). */
  readonly path: string;
  /** What is wrong with it. */
  readonly message: string;
}

/** A message did not match the schema: outgoing params (thrown) or incoming data (reported in strict mode). */
export class ValidationError extends CodexError {
  override name = "ValidationError";
  constructor(
    /** Outgoing (params we were about to send) or incoming (data the server sent). */
    readonly direction: "outgoing" | "incoming",
    /** The method whose message did not match. */
    readonly method: string,
    /** Every problem found. */
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
    /** The method that was called. */
    readonly method: string,
    /** The experimental field, when only a field (not the method) is experimental. */
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
    /** The pinned codex version. */
    readonly expected: string,
    /** The server's version (or a description when it could not be parsed). */
    readonly actual: string,
    /** The oldest version accepted without a warning (the previous release CI tests); default `expected`. */
    readonly oldestSupported: string = expected,
  ) {
    super(
      oldestSupported === expected
        ? `codex app-server version ${actual} does not match the pinned version ${expected}`
        : `codex app-server version ${actual} is outside the versions this SDK is tested with (${oldestSupported} to ${expected}; pinned ${expected})`,
    );
  }
}
