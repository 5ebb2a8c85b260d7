import { BinaryVersionMismatchError, type ResolvedBinary } from "@codex/runtime";
import { VersionMismatchError } from "../errors.js";
import type {
  ClientRequestMap,
  ExperimentalClientRequestMap,
  InitializeParams,
  InitializeResponse,
} from "../protocol-types.js";
import { type SpawnOptions, SpawnTransport } from "../transports/spawn-transport.js";
import { isTransport, type Transport } from "../transports/transport.js";
import { CodexConnection, handshakeAccessOf, type ValidationMode } from "./codex-connection.js";
import type { ConnectionEventListener, ConnectionWarning } from "./connection-events.js";
import type { RetryOptions } from "./retry-policy.js";
import { loadSchemaChecks } from "./schema-checks.js";
import { parseServerVersion } from "./server-version.js";
import { isSupportedCodexVersion, SUPPORTED_CODEX_RANGE } from "./version-support.js";

/** Who is connecting; codex logs it and builds its user agent from it. */
export interface ClientInfo {
  /** Becomes the user-agent prefix, so it must be a valid HTTP header value. */
  readonly name: string;
  /** A human-readable name. */
  readonly title?: string;
  /** The client's version. */
  readonly version: string;
}

/** Options of `connect()`. */
export interface ConnectOptions {
  /** A ready transport, or options for spawning `codex app-server` (the default). */
  readonly transport?: Transport | SpawnOptions;
  /** Default: `{ name: "codex_app_server_sdk", version: <package version> }`. */
  readonly clientInfo?: ClientInfo;
  /** Opt in to experimental methods and fields. Fixed for the connection's life. Default false. */
  readonly experimentalApi?: boolean;
  /** Notification methods the server should not send (exact names). */
  readonly optOutNotificationMethods?: readonly string[];
  /** Default timeout of every request, including `initialize`. Default 60 000; 0 = none. */
  readonly requestTimeoutMs?: number;
  /** Timeout of the `initialize` request, which includes the server's start-up. Default: requestTimeoutMs. */
  readonly initializeTimeoutMs?: number;
  /** Cap on requests awaiting a reply; more wait their turn. Default 64; 0 = no cap. */
  readonly maxInFlight?: number;
  /** Backoff for requests rejected with -32001 (server overloaded). */
  readonly retry?: RetryOptions;
  /** Schema validation. Default "off". */
  readonly validate?: ValidationMode;
  /**
   * Called when connect() fails after the transport started (timeout, abort, error reply, version
   * check): connect() rejects at once while the server's staged shutdown runs in the background; the
   * promise resolves once the server is gone. Lets a caller's own close() wait for it.
   */
  readonly onAbandoned?: (shutdown: Promise<void>) => void;
  /** What to do when the server's codex version differs from the pinned one. Default "warn". */
  readonly versionCheck?: "warn" | "strict" | "off";
  /**
   * Aborts connecting: connect() rejects at once with CodexAbortError and the transport's shutdown runs
   * in the background. (An SDK client's `close()` during start-up aborts this way.)
   */
  readonly signal?: AbortSignal;
  /** Warnings (version mismatch, a throwing handler, ...); attached before the transport starts. */
  readonly onWarning?: ConnectionEventListener<"warning">;
  /** Lines that were not JSON-RPC messages; attached before the transport starts. */
  readonly onMalformedLine?: ConnectionEventListener<"malformedLine">;
  /** Each stderr line of a spawned server; attached before the transport starts. */
  readonly onStderr?: ConnectionEventListener<"stderr">;
}

/** The clientInfo sent when none is given. */
export const DEFAULT_CLIENT_INFO: ClientInfo = { name: "codex_app_server_sdk", version: "0.1.0" };
/** Default timeout of each request (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Default cap on requests awaiting a reply. */
export const DEFAULT_MAX_IN_FLIGHT = 64;

/**
 * Starts the transport (spawning `codex app-server` unless given one), sends `initialize` and the
 * `initialized` notification, checks the server version, and returns the ready connection. On failure
 * (timeout, abort, error reply, version mismatch) it rejects at once; the transport's staged shutdown
 * runs in the background.
 */
export function connect(
  options: ConnectOptions & { experimentalApi: true },
): Promise<CodexConnection<ExperimentalClientRequestMap>>;
export function connect(options?: ConnectOptions): Promise<CodexConnection<ClientRequestMap>>;
export async function connect(
  options: ConnectOptions = {},
): Promise<CodexConnection<ClientRequestMap> | CodexConnection<ExperimentalClientRequestMap>> {
  // The validators (and the schema data behind them) load only for a connection that validates.
  if ((options.validate ?? "off") !== "off") await loadSchemaChecks();
  const transport = isTransport(options.transport)
    ? options.transport
    : new SpawnTransport({ versionCheck: options.versionCheck ?? "warn", ...options.transport });
  const connection = new CodexConnection<ClientRequestMap>(transport, {
    experimentalApi: options.experimentalApi ?? false,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    retry: options.retry ?? {},
    validate: options.validate ?? "off",
  });
  if (options.onWarning) connection.on("warning", options.onWarning);
  if (options.onMalformedLine) connection.on("malformedLine", options.onMalformedLine);
  if (options.onStderr) connection.on("stderr", options.onStderr);

  try {
    options.signal?.throwIfAborted();
    await transport.start();
    checkBinary(handshakeAccessOf(connection).warn, options.versionCheck ?? "warn", transport.binary);
    const params: InitializeParams = {
      clientInfo: { ...(options.clientInfo ?? DEFAULT_CLIENT_INFO) },
      capabilities: {
        experimentalApi: options.experimentalApi ?? false,
        ...(options.optOutNotificationMethods
          ? { optOutNotificationMethods: [...options.optOutNotificationMethods] }
          : {}),
      },
    };
    const result = (await connection.requestUnchecked("initialize", params, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.initializeTimeoutMs !== undefined ? { timeoutMs: options.initializeTimeoutMs } : {}),
    })) as InitializeResponse;
    const version = parseServerVersion(result.userAgent);
    const access = handshakeAccessOf(connection);
    access.complete(result, version);
    checkVersion(access.warn, options.versionCheck ?? "warn", version, result.userAgent);
    await connection.notify("initialized");
  } catch (error) {
    // Reject now, at the configured time; a slow or stubborn server is stopped in the background.
    const shutdown = connection.close().catch(() => undefined);
    options.onAbandoned?.(shutdown);
    throw error;
  }
  // Hand over notifications that came with the handshake once the caller had a chance to subscribe.
  const access = handshakeAccessOf(connection);
  setImmediate(() => access.releaseHeldMessages());
  return connection;
}

/** A platform-package binary of another version: thrown in strict mode (a ready transport), else a warning. */
function checkBinary(
  warn: (warning: ConnectionWarning) => void,
  mode: "warn" | "strict" | "off",
  binary: ResolvedBinary | undefined,
): void {
  if (mode === "off" || !binary?.versionMismatch) return;
  const error = new BinaryVersionMismatchError(binary.versionMismatch);
  if (mode === "strict") throw error;
  warn({ kind: "binaryVersionMismatch", message: error.message, error });
}

function checkVersion(
  warn: (warning: ConnectionWarning) => void,
  mode: "warn" | "strict" | "off",
  actual: string | undefined,
  userAgent: string,
): void {
  if (mode === "off" || isSupportedCodexVersion(actual)) return;
  const error = new VersionMismatchError(
    SUPPORTED_CODEX_RANGE.pinned,
    actual ?? `unknown (userAgent ${JSON.stringify(userAgent)})`,
    SUPPORTED_CODEX_RANGE.oldest,
  );
  if (mode === "strict") throw error;
  warn({ kind: "versionMismatch", message: error.message, error });
}
