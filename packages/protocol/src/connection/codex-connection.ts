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
import type { Disposable } from "./disposable.js";
import { InFlightLimiter } from "./in-flight-limiter.js";
import { NotificationRouter } from "./notification-router.js";
import { backoffDelayMs, DEFAULT_RETRY, type RetryOptions } from "./retry-policy.js";
import { findExperimentalUse, validateIncoming, validateOutgoing } from "./schema-checks.js";
import {
  type AnyServerRequestHandler,
  type ServerRequestHandler,
  ServerRequestRouter,
} from "./server-request-router.js";

export type {
  AnyServerRequestHandler,
  ServerRequestContext,
  ServerRequestHandler,
} from "./server-request-router.js";

/** How much schema validation to do: none, outgoing params (throws), or also incoming data (reports drift). */
export type ValidationMode = "off" | "outgoing" | "strict";

export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Overrides the connection's `requestTimeoutMs` for this call; 0 = no timeout. */
  readonly timeoutMs?: number;
}

export interface ConnectionSettings {
  readonly experimentalApi: boolean;
  readonly requestTimeoutMs: number;
  readonly maxInFlight: number;
  readonly retry: RetryOptions;
  readonly validate: ValidationMode;
}

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
export class CodexConnection<Map extends AnyClientRequestMap = ClientRequestMap> {
  private readonly events = new ConnectionEvents();
  private readonly pending = new Map<string | number, PendingRequest>();
  private readonly notifications = new NotificationRouter((method, error) =>
    this.handlerThrew(method, error),
  );
  private readonly serverRequests = new ServerRequestRouter({
    reply: (id, result, error) => this.reply(id, result, error),
    checkResult: (method, result) => this.checkServerRequestResult(method, result),
  });
  private readonly limiter: InFlightLimiter;
  private nextId = 1;
  private closeError: ConnectionClosedError | undefined;
  private closing: Promise<void> | undefined;
  private resolveClosed!: (error: ConnectionClosedError) => void;
  /** Messages held while the handshake runs, so handlers registered right after `connect()` see them. */
  private held: Message[] | undefined = [];
  private initialize: InitializeResponse | undefined;
  private version: string | undefined;

  /** Resolves (never rejects) with the close error once the connection is closed. */
  readonly closed: Promise<ConnectionClosedError>;

  constructor(
    private readonly transport: Transport,
    readonly settings: ConnectionSettings,
  ) {
    this.limiter = new InFlightLimiter(settings.maxInFlight);
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    transport.onMessage = (message) => this.receive(message);
    transport.onClose = (error) => this.handleClose(error);
    transport.onError = (error) =>
      this.warn({ kind: "transportError", message: `transport error: ${error.message}`, error });
    transport.onMalformedMessage = (malformed) => this.events.emit("malformedLine", malformed);
    transport.onStderr = (line) => {
      if (this.events.has("stderr")) this.events.emit("stderr", line);
    };
  }

  /** The `initialize` result: userAgent, codexHome, platformFamily, platformOs. */
  get initializeResult(): InitializeResponse {
    if (!this.initialize) throw new CodexError("the connection is not initialized yet");
    return this.initialize;
  }

  /** The server's codex version, parsed from `userAgent`. */
  get serverVersion(): string | undefined {
    return this.version;
  }

  get isClosed(): boolean {
    return this.closeError !== undefined;
  }

  /** Requests currently awaiting a reply. */
  get pendingRequestCount(): number {
    return this.pending.size;
  }

  stderrTail(): string {
    return this.transport.stderrTail();
  }

  on<E extends ConnectionEventName>(event: E, listener: ConnectionEventListener<E>): Disposable {
    return this.events.on(event, listener);
  }

  /**
   * Sends a request and resolves with its result. Rejects with a ProtocolError subclass for an error
   * reply, CodexTimeoutError / CodexAbortError locally, ConnectionClosedError when the connection goes away,
   * ExperimentalApiError / ValidationError before sending. Overload (-32001) is retried with backoff.
   */
  request<M extends keyof Map & string>(
    method: M,
    ...[params, options]: RequestArgs<Map, M>
  ): Promise<RequestResult<Map, M>> {
    return this.requestUnchecked(method, params, options) as Promise<RequestResult<Map, M>>;
  }

  /** Sends a request by name without compile-time types (same checks and behaviour at run time). */
  async requestUnchecked(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    if (this.closeError) throw this.closeError;
    // codex rejects a missing `params` even where the schema allows none; `{}` is always accepted.
    const wireParams = params ?? {};
    this.checkOutgoing(method, wireParams);
    const scope = new CallScope(method, options.signal, options.timeoutMs ?? this.settings.requestTimeoutMs);
    const maxRetries = this.settings.retry.maxRetries ?? DEFAULT_RETRY.maxRetries;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.sendOnce(method, wireParams, scope);
        } catch (error) {
          if (!(error instanceof ServerOverloadedError) || attempt >= maxRetries) throw error;
          await scope.sleep(backoffDelayMs(attempt, this.settings.retry));
        }
      }
    } finally {
      scope.dispose();
    }
  }

  /** Sends a notification (no reply). */
  async notify(method: string, params?: unknown): Promise<void> {
    if (this.closeError) throw this.closeError;
    const message = params === undefined ? { method } : { method, params };
    await this.transport.send(message as unknown as Message);
  }

  /** Handles one notification method. Handlers run in arrival order, synchronously. */
  onNotification<M extends ServerNotificationMethod>(method: M, handler: NotificationHandler<M>): Disposable {
    return this.notifications.on(method, handler as unknown as (params: unknown, envelope: never) => void);
  }

  /** Sees every notification, including methods this version of the types does not know. */
  onAnyNotification(handler: (notification: NotificationEnvelope) => void): Disposable {
    return this.notifications.onAny(handler);
  }

  /**
   * Answers one server-request method. The handler runs off the read loop; its result is the reply,
   * and a throw becomes a JSON-RPC error reply. One handler per method (a new one replaces the old).
   */
  onServerRequest<M extends ServerRequestMethod>(method: M, handler: ServerRequestHandler<M>): Disposable {
    return this.serverRequests.on(method, handler as unknown as AnyServerRequestHandler);
  }

  /** Fallback for server requests without a method handler. Without any handler the reply is an error. */
  onAnyServerRequest(handler: AnyServerRequestHandler): Disposable {
    return this.serverRequests.onAny(handler);
  }

  /** Closes the connection (staged shutdown for a spawned server). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.closeError) await this.transport.close();
      // A transport that never started has nothing to report; close on its behalf.
      this.handleClose(
        new ConnectionClosedError({
          reason: "connection closed",
          exitCode: null,
          signal: null,
          stderrTail: "",
        }),
      );
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Called by `connect()` once the handshake is done. */
  completeHandshake(result: InitializeResponse, version: string | undefined): void {
    this.initialize = result;
    this.version = version;
  }

  /** @internal Delivers what arrived during the handshake, then dispatches live. */
  releaseHeldMessages(): void {
    const held = this.held;
    if (!held) return;
    for (let i = 0; i < held.length; i++) this.dispatch(held[i]!);
    this.held = undefined;
  }

  /** @internal */
  warn(warning: ConnectionWarning): void {
    this.events.emit("warning", warning);
  }

  private async sendOnce(method: string, params: unknown, scope: CallScope): Promise<unknown> {
    await this.limiter.acquire(scope);
    try {
      if (this.closeError) throw this.closeError;
      const id = this.nextId++;
      return await new Promise<unknown>((resolve, reject) => {
        const unsubscribe = scope.onFail((error) => {
          this.pending.delete(id);
          reject(error);
        });
        this.pending.set(id, {
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
        this.transport.send({ id, method, params } as unknown as Message).catch((error: unknown) => {
          const entry = this.pending.get(id);
          this.pending.delete(id);
          entry?.reject(error as Error);
        });
      });
    } finally {
      this.limiter.release();
    }
  }

  private checkOutgoing(method: string, params: unknown): void {
    if (!this.settings.experimentalApi) {
      const use = findExperimentalUse(method, params);
      if (use) throw new ExperimentalApiError(method, use.field);
    }
    if (this.settings.validate !== "off") {
      const issues = validateOutgoing("clientRequestParams", method, params);
      if (issues) throw new ValidationError("outgoing", method, issues);
    }
  }

  private receive(message: Message): void {
    if (this.held && (message as IncomingMessage).method !== undefined) this.held.push(message);
    else this.dispatch(message);
  }

  private dispatch(message: Message): void {
    const incoming = message as IncomingMessage;
    if (typeof incoming.method === "string") {
      if (incoming.id === undefined || incoming.id === null) this.dispatchNotification(incoming);
      else this.dispatchServerRequest(incoming, incoming.id);
    } else this.dispatchResponse(incoming);
  }

  private dispatchNotification(message: IncomingMessage): void {
    const method = message.method!;
    if (this.settings.validate === "strict")
      this.checkIncoming("serverNotificationParams", method, message.params);
    this.notifications.dispatch(method, message.params, message);
  }

  private dispatchResponse(message: IncomingMessage): void {
    const id = message.id;
    const entry = id === undefined || id === null ? undefined : this.pending.get(id);
    if (!entry) {
      // A reply to a request that already timed out or was aborted, or an error about an unparsable line.
      this.warn({
        kind: "unmatchedResponse",
        message: `reply with id ${String(id)} matches no pending request${message.error ? `: ${message.error.message}` : ""}`,
      });
      return;
    }
    this.pending.delete(id!);
    if (message.error) {
      entry.reject(protocolErrorFrom(entry.method, message.error));
      return;
    }
    if (this.settings.validate === "strict")
      this.checkIncoming("clientRequestResult", entry.method, message.result);
    entry.resolve(message.result);
  }

  private dispatchServerRequest(message: IncomingMessage, id: string | number): void {
    const method = message.method!;
    if (this.settings.validate === "strict")
      this.checkIncoming("serverRequestParams", method, message.params);
    this.serverRequests.handle(id, method, message.params);
  }

  private checkServerRequestResult(method: string, result: unknown): Error | undefined {
    if (this.settings.validate === "off") return undefined;
    const issues = validateOutgoing("serverRequestResult", method, result);
    if (!issues) return undefined;
    const error = new ValidationError("outgoing", method, issues);
    this.warn({ kind: "outgoingValidation", message: error.message, method, error });
    return error;
  }

  private reply(id: string | number, result: unknown, error: JsonRpcErrorObject | undefined): void {
    if (this.closeError) return;
    const message = error ? { id, error } : { id, result };
    this.transport.send(message as unknown as Message).catch(() => {
      // The connection went away; the close path reports it.
    });
  }

  private checkIncoming(
    kind: "serverNotificationParams" | "serverRequestParams" | "clientRequestResult",
    method: string,
    value: unknown,
  ): void {
    const issues = validateIncoming(kind, method, value);
    if (!issues) return;
    const error = new ValidationError("incoming", method, issues);
    this.warn({ kind: "incomingValidation", message: error.message, method, error });
  }

  private handlerThrew(method: string, error: unknown): void {
    this.warn({
      kind: "handlerError",
      message: `handler for ${method} threw: ${error instanceof Error ? error.message : String(error)}`,
      method,
      error: error instanceof Error ? error : new Error(String(error)),
    });
  }

  private handleClose(error: ConnectionClosedError): void {
    if (this.closeError) return;
    // Whatever was held during the handshake still goes out before the close.
    this.releaseHeldMessages();
    this.closeError = error;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) entry.reject(error);
    this.limiter.rejectAll(error);
    this.serverRequests.abortAll(error);
    this.events.emit("close", error);
    this.resolveClosed(error);
  }
}
