import type { Message } from "vscode-jsonrpc/node";
import {
  CodexError,
  ConnectionClosedError,
  ExperimentalApiError,
  type JsonRpcErrorObject,
  protocolErrorFrom,
  ServerOverloadedError,
  ValidationError,
} from "../errors.js";
import type {
  AnyClientRequestMap,
  ClientRequestMap,
  InitializeResponse,
  NotificationEnvelope,
  ServerNotificationEnvelope,
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequestMethod,
} from "../protocol-types.js";
import type { Transport } from "../transports/transport.js";
import { CallScope } from "./call-scope.js";
import {
  type ConnectionEventListener,
  type ConnectionEventName,
  ConnectionEvents,
  type ConnectionWarning,
} from "./connection-events.js";
import { InFlightLimiter } from "./in-flight-limiter.js";
import { NotificationRouter } from "./notification-router.js";
import { type RequestTraceContext, traceRequest } from "./request-tracing.js";
import { backoffDelayMs, DEFAULT_RETRY, type RetryOptions } from "./retry-policy.js";
import { findExperimentalUse, validateIncoming, validateOutgoing } from "./schema-checks.js";
import {
  type AnyConnectionRequestHandler,
  type ConnectionRequestHandler,
  ServerRequestRouter,
} from "./server-request-router.js";
import type { Subscription } from "./subscription.js";

export type {
  AnyConnectionRequestHandler,
  ConnectionRequestContext,
  ConnectionRequestHandler,
} from "./server-request-router.js";

/** How much schema validation to do: none, outgoing params (throws), or also incoming data (reports drift). */
export type ValidationMode = "off" | "outgoing" | "strict";

/** Options of one call (a request, or an SDK method that sends one). The one per-call options type. */
export interface RequestOptions {
  /** Aborting rejects the call at once with CodexAbortError (`reason` kept); the server is not told. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides the connection's `requestTimeoutMs` for this call; 0 = no timeout. */
  readonly timeoutMs?: number | undefined;
}

/** The settings a connection was made with (from ConnectOptions, defaults filled in). */
export interface ConnectionSettings {
  /** Whether experimental methods and fields may be sent. */
  readonly experimentalApi: boolean;
  /** Default timeout of each request in ms; 0 = none. */
  readonly requestTimeoutMs: number;
  /** Cap on requests awaiting a reply; 0 = no cap. */
  readonly maxInFlight: number;
  /** Backoff for requests the server rejected as overloaded. */
  readonly retry: RetryOptions;
  /** How much schema validation to do. */
  readonly validate: ValidationMode;
}

/** Handles one notification method: its params, and the whole envelope (with `emittedAtMs`). */
export type NotificationHandler<M extends ServerNotificationMethod> = (
  params: ServerNotificationMap[M],
  envelope: ServerNotificationEnvelope<M>,
) => void;

/** An incoming message seen as a plain record: the wire shape, checked by field. */
interface IncomingMessage {
  readonly id?: string | number | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: JsonRpcErrorObject;
}

interface PendingRequest {
  readonly method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

type RequestParams<Map, M extends keyof Map> = Map[M] extends { params: infer P } ? P : never;
type RequestResult<Map, M extends keyof Map> = Map[M] extends { result: infer R } ? R : never;
/** `(params, options?)`; params may be left out for methods that take none (`{}` is sent). */
type RequestArgs<Map, M extends keyof Map> =
  undefined extends RequestParams<Map, M>
    ? [params?: RequestParams<Map, M> | null, options?: RequestOptions]
    : [params: RequestParams<Map, M>, options?: RequestOptions];

/**
 * A JSON-RPC connection to one codex app-server. It speaks wire types (exact schema names); it knows
 * nothing of threads or turns. Create it with `connect()`.
 *
 * Dispatch is our own, on top of vscode-jsonrpc's MessageReader/MessageWriter: messages are handled
 * synchronously as the reader produces them, so ordering holds and nothing read before EOF is lost
 * (vscode-jsonrpc's connection drops its queue on close and dispatched at 0.3x of a raw parse loop).
 */
/** What connect() needs from a connection during the handshake; not part of the public API. */
interface HandshakeAccess {
  complete(result: InitializeResponse, version: string | undefined): void;
  releaseHeldMessages(): void;
  warn(warning: ConnectionWarning): void;
}

let handshakeAccess: (connection: CodexConnection<AnyClientRequestMap>) => HandshakeAccess;

/** @internal Module-internal access for connect(); the package barrel does not export it. */
export function handshakeAccessOf(connection: CodexConnection<AnyClientRequestMap>): HandshakeAccess {
  return handshakeAccess(connection);
}

/**
 * A JSON-RPC connection to one codex app-server. It speaks wire types (exact schema names); it knows
 * nothing of threads or turns. Create it with `connect()`.
 *
 * Dispatch is our own, on top of vscode-jsonrpc's MessageReader/MessageWriter: messages are handled
 * synchronously as the reader produces them, so ordering holds and nothing read before EOF is lost
 * (vscode-jsonrpc's connection drops its queue on close and dispatched at 0.3x of a raw parse loop).
 */
export class CodexConnection<Map extends AnyClientRequestMap = ClientRequestMap> {
  static {
    handshakeAccess = (connection) => ({
      complete: (result, version) => {
        connection.#initialize = result;
        connection.#version = version;
      },
      releaseHeldMessages: () => connection.#releaseHeldMessages(),
      warn: (warning) => connection.#warn(warning),
    });
  }

  readonly #transport: Transport;
  readonly #events = new ConnectionEvents();
  readonly #pending = new Map<string | number, PendingRequest>();
  readonly #notifications = new NotificationRouter((method, error) => this.#handlerThrew(method, error));
  readonly #serverRequests = new ServerRequestRouter({
    reply: (id, result, error) => this.#reply(id, result, error),
    checkResult: (method, result) => this.#checkServerRequestResult(method, result),
  });
  readonly #limiter: InFlightLimiter;
  #nextId = 1;
  /** Set once the transport closed (the final error, with exit details). */
  #closeError: ConnectionClosedError | undefined;
  /** Set by close(): new calls fail with it while the shutdown runs. */
  #closeRequested: ConnectionClosedError | undefined;
  #closing: Promise<void> | undefined;
  #resolveClosed!: (error: ConnectionClosedError) => void;
  /** Messages held while the handshake runs, so handlers registered right after `connect()` see them. */
  #held: Message[] | undefined = [];
  #initialize: InitializeResponse | undefined;
  #version: string | undefined;

  /** Resolves (never rejects) with the close error once the connection is closed. */
  readonly closed: Promise<ConnectionClosedError>;
  /** The settings this connection was made with. */
  readonly settings: ConnectionSettings;

  /** Wraps a transport (not started yet). Prefer `connect()`, which also runs the handshake. */
  constructor(transport: Transport, settings: ConnectionSettings) {
    this.#transport = transport;
    this.settings = settings;
    this.#limiter = new InFlightLimiter(settings.maxInFlight);
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    transport.onMessage = (message) => this.#receive(message);
    transport.onClose = (error) => this.#handleClose(error);
    transport.onError = (error) =>
      this.#warn({ kind: "transportError", message: `transport error: ${error.message}`, error });
    transport.onMalformedMessage = (malformed) => this.#events.emit("malformedLine", malformed);
    transport.onStderr = (line) => {
      if (this.#events.has("stderr")) this.#events.emit("stderr", line);
    };
  }

  /** The `initialize` result: userAgent, codexHome, platformFamily, platformOs. */
  get initializeResult(): InitializeResponse {
    if (!this.#initialize) throw new CodexError("the connection is not initialized yet");
    return this.#initialize;
  }

  /** The server's codex version, parsed from `userAgent`. */
  get serverVersion(): string | undefined {
    return this.#version;
  }

  /** True once `close()` was called or the transport closed. */
  get isClosed(): boolean {
    return this.#closeError !== undefined || this.#closeRequested !== undefined;
  }

  /** Requests currently awaiting a reply. */
  get pendingRequestCount(): number {
    return this.#pending.size;
  }

  /** The last lines the server wrote to stderr (ANSI codes removed; empty for socket transports). */
  stderrTail(): string {
    return this.#transport.stderrTail();
  }

  /** Listens to a connection event: `warning`, `malformedLine`, `stderr`, `close`. */
  on<E extends ConnectionEventName>(event: E, listener: ConnectionEventListener<E>): Subscription {
    return this.#events.on(event, listener);
  }

  /**
   * Sends a request and resolves with its result. Rejects with a ProtocolError subclass for an error
   * reply, CodexTimeoutError / CodexAbortError locally, ConnectionClosedError when the connection goes
   * away, ExperimentalApiError / ValidationError before sending. Overload (-32001) is retried with backoff.
   */
  request<M extends keyof Map & string>(
    method: M,
    ...[params, options]: RequestArgs<Map, M>
  ): Promise<RequestResult<Map, M>> {
    return this.requestUnchecked(method, params, options) as Promise<RequestResult<Map, M>>;
  }

  /**
   * Sends a request by name without compile-time types (same checks and behaviour at run time). Every
   * request is published on the `codex:app-server:request` tracing channel when it has subscribers.
   */
  requestUnchecked(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    // codex rejects a missing `params` even where the schema allows none; `{}` is always accepted.
    const wireParams = params ?? {};
    return traceRequest(method, wireParams, (trace) => this.#request(method, wireParams, options, trace));
  }

  /** Sends a notification (no reply). */
  async notify(method: string, params?: unknown): Promise<void> {
    const closed = this.#closeError ?? this.#closeRequested;
    if (closed) throw closed;
    const message = params === undefined ? { method } : { method, params };
    await this.#transport.send(message as unknown as Message);
  }

  /** Handles one notification method. Handlers run in arrival order, synchronously. */
  onNotification<M extends ServerNotificationMethod>(
    method: M,
    handler: NotificationHandler<M>,
  ): Subscription {
    return this.#notifications.on(method, handler as unknown as (params: unknown, envelope: never) => void);
  }

  /** Sees every notification, including methods this version of the types does not know. */
  onAnyNotification(handler: (notification: NotificationEnvelope) => void): Subscription {
    return this.#notifications.onAny(handler);
  }

  /**
   * Answers one server-request method. The handler runs off the read loop; its result is the reply,
   * and a throw becomes a JSON-RPC error reply. One handler per method (a new one replaces the old).
   */
  onServerRequest<M extends ServerRequestMethod>(
    method: M,
    handler: ConnectionRequestHandler<M>,
  ): Subscription {
    return this.#serverRequests.on(method, handler as unknown as AnyConnectionRequestHandler);
  }

  /** Fallback for server requests without a method handler. Without any handler the reply is an error. */
  onAnyServerRequest(handler: AnyConnectionRequestHandler): Subscription {
    return this.#serverRequests.onAny(handler);
  }

  /**
   * Closes the connection. Requests still awaiting a reply (the handshake's `initialize` included) reject
   * at once with ConnectionClosedError; the staged shutdown of a spawned server (stdin EOF, SIGTERM,
   * SIGKILL) begins at once, and the returned promise resolves when it is done. `closed` then carries the
   * transport's final error (exit code, signal, stderr tail). Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (!this.#closeError) {
        this.#closeRequested = new ConnectionClosedError({
          reason: "connection closed by close()",
          exitCode: null,
          signal: null,
          stderrTail: this.#transport.stderrTail(),
        });
        this.#failInFlight(this.#closeRequested);
        try {
          await this.#transport.close();
        } catch (error) {
          this.#warn({
            kind: "transportError",
            message: `closing the transport failed: ${String(error)}`,
            error: error as Error,
          });
        }
      }
      // A transport that never started has nothing to report; close on its behalf.
      this.#handleClose(
        this.#closeRequested ??
          new ConnectionClosedError({
            reason: "connection closed",
            exitCode: null,
            signal: null,
            stderrTail: "",
          }),
      );
    })();
    return this.#closing;
  }

  /** `await using connection = await connect()` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #request(
    method: string,
    params: unknown,
    options: RequestOptions,
    trace: RequestTraceContext | undefined,
  ): Promise<unknown> {
    const closed = this.#closeError ?? this.#closeRequested;
    if (closed) throw closed;
    this.#checkOutgoing(method, params);
    const scope = new CallScope(method, options.signal, options.timeoutMs ?? this.settings.requestTimeoutMs);
    const maxRetries = this.settings.retry.maxRetries ?? DEFAULT_RETRY.maxRetries;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.#sendOnce(method, params, scope, trace);
        } catch (error) {
          if (!(error instanceof ServerOverloadedError) || attempt >= maxRetries) throw error;
          await scope.sleep(backoffDelayMs(attempt, this.settings.retry));
        }
      }
    } finally {
      scope.dispose();
    }
  }

  /** Delivers what arrived during the handshake, then dispatches live. */
  #releaseHeldMessages(): void {
    const held = this.#held;
    if (!held) return;
    for (let i = 0; i < held.length; i++) this.#dispatch(held[i]!);
    this.#held = undefined;
  }

  #warn(warning: ConnectionWarning): void {
    this.#events.emit("warning", warning);
  }

  async #sendOnce(
    method: string,
    params: unknown,
    scope: CallScope,
    trace: RequestTraceContext | undefined,
  ): Promise<unknown> {
    await this.#limiter.acquire(scope);
    try {
      const closed = this.#closeError ?? this.#closeRequested;
      if (closed) throw closed;
      const id = this.#nextId++;
      if (trace) trace.requestId = id;
      return await new Promise<unknown>((resolve, reject) => {
        const unsubscribe = scope.onFail((error) => {
          this.#pending.delete(id);
          reject(error);
        });
        this.#pending.set(id, {
          method,
          resolve: (result) => {
            unsubscribe();
            resolve(result);
          },
          reject: (error) => {
            unsubscribe();
            reject(error);
          },
        });
        this.#transport.send({ id, method, params } as unknown as Message).catch((error: unknown) => {
          const entry = this.#pending.get(id);
          this.#pending.delete(id);
          entry?.reject(error as Error);
        });
      });
    } finally {
      this.#limiter.release();
    }
  }

  #checkOutgoing(method: string, params: unknown): void {
    if (!this.settings.experimentalApi) {
      const use = findExperimentalUse(method, params);
      if (use) throw new ExperimentalApiError(method, use.field);
    }
    if (this.settings.validate !== "off") {
      const issues = validateOutgoing("clientRequestParams", method, params);
      if (issues) throw new ValidationError("outgoing", method, issues);
    }
  }

  #receive(message: Message): void {
    if (this.#held && (message as IncomingMessage).method !== undefined) this.#held.push(message);
    else this.#dispatch(message);
  }

  #dispatch(message: Message): void {
    const incoming = message as IncomingMessage;
    if (typeof incoming.method === "string") {
      if (incoming.id === undefined || incoming.id === null) this.#dispatchNotification(incoming);
      else this.#dispatchServerRequest(incoming, incoming.id);
    } else this.#dispatchResponse(incoming);
  }

  #dispatchNotification(message: IncomingMessage): void {
    const method = message.method!;
    if (this.settings.validate === "strict")
      this.#checkIncoming("serverNotificationParams", method, message.params);
    this.#notifications.dispatch(method, message.params, message);
  }

  #dispatchResponse(message: IncomingMessage): void {
    const id = message.id;
    const entry = id === undefined || id === null ? undefined : this.#pending.get(id);
    if (!entry) {
      // A reply to a request that already timed out or was aborted, or an error about an unparsable line.
      this.#warn({
        kind: "unmatchedResponse",
        message: `reply with id ${String(id)} matches no pending request${message.error ? `: ${message.error.message}` : ""}`,
      });
      return;
    }
    this.#pending.delete(id!);
    if (message.error) {
      entry.reject(protocolErrorFrom(entry.method, message.error));
      return;
    }
    if (this.settings.validate === "strict")
      this.#checkIncoming("clientRequestResult", entry.method, message.result);
    entry.resolve(message.result);
  }

  #dispatchServerRequest(message: IncomingMessage, id: string | number): void {
    const method = message.method!;
    if (this.settings.validate === "strict")
      this.#checkIncoming("serverRequestParams", method, message.params);
    this.#serverRequests.handle(id, method, message.params);
  }

  #checkServerRequestResult(method: string, result: unknown): Error | undefined {
    if (this.settings.validate === "off") return undefined;
    const issues = validateOutgoing("serverRequestResult", method, result);
    if (!issues) return undefined;
    const error = new ValidationError("outgoing", method, issues);
    this.#warn({ kind: "outgoingValidation", message: error.message, method, error });
    return error;
  }

  #reply(id: string | number, result: unknown, error: JsonRpcErrorObject | undefined): void {
    if (this.#closeError) return;
    const message = error ? { id, error } : { id, result };
    this.#transport.send(message as unknown as Message).catch(() => {
      // The connection went away; the close path reports it.
    });
  }

  #checkIncoming(
    kind: "serverNotificationParams" | "serverRequestParams" | "clientRequestResult",
    method: string,
    value: unknown,
  ): void {
    const issues = validateIncoming(kind, method, value);
    if (!issues) return;
    const error = new ValidationError("incoming", method, issues);
    this.#warn({ kind: "incomingValidation", message: error.message, method, error });
  }

  #handlerThrew(method: string, error: unknown): void {
    this.#warn({
      kind: "handlerError",
      message: `handler for ${method} threw: ${error instanceof Error ? error.message : String(error)}`,
      method,
      error: error instanceof Error ? error : new CodexError(String(error)),
    });
  }

  /** Rejects every request awaiting a reply or a slot, and stops running server-request handlers. */
  #failInFlight(error: ConnectionClosedError): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const entry of pending) entry.reject(error);
    this.#limiter.rejectAll(error);
    this.#serverRequests.abortAll(error);
  }

  #handleClose(error: ConnectionClosedError): void {
    if (this.#closeError) return;
    // Whatever was held during the handshake still goes out before the close.
    this.#releaseHeldMessages();
    this.#closeError = error;
    this.#failInFlight(error);
    this.#events.emit("close", error);
    this.#resolveClosed(error);
  }
}
