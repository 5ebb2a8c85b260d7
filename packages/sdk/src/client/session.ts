import type * as Protocol from "@codex/app-server-protocol";
import type { CodexConnection, RequestOptions } from "@codex/app-server-protocol";
import { CodexAbortError, CodexError } from "@codex/app-server-protocol/light";
import type { DecisionEvent } from "../approvals/decision-event.js";
import type { CamelClientRequestMap, Turn } from "../protocol-types.js";
import type { NotificationEvent } from "../turn/turn-event.js";
import { autoReviewDecision } from "./auto-review-decision.js";
import type { CloseOptions, CodexOptions } from "./codex-options.js";
import { connectOptionsFor } from "./connect-options.js";
import { ListenerSet, type Subscription } from "./listener-set.js";
import { ServerRequestDispatcher } from "./server-request-dispatcher.js";
import { ThreadRegistry } from "./thread-registry.js";
import { TurnRouter } from "./turn-router.js";
import type { CodexWarning } from "./warnings.js";

/** The connection and the generated case adapters: what the session needs once it connects. */
type Wire = Pick<
  typeof Protocol,
  | "connect"
  | "clientRequestParamsToWire"
  | "clientRequestResultToCamel"
  | "serverNotificationParamsToCamel"
  | "serverRequestParamsToCamel"
  | "serverRequestResultToWire"
>;

let wireModule: Promise<Wire> | undefined;
/**
 * Loaded on the first connect, not with the SDK: importing `@codex/app-server-sdk` compiles only the
 * protocol's light entry (errors, method names, transports), and a client that never connects, or
 * connects later, does not pay for the connection and the adapters (`pnpm bench:import`).
 */
function loadWire(): Promise<Wire> {
  wireModule ??= import("@codex/app-server-protocol");
  return wireModule;
}

type StableMap = CamelClientRequestMap;

/** A turn handed out and not settled yet, as close() sees it (queued ones are not routed yet). */
export interface LiveTurn {
  readonly status: string;
  interrupt(): Promise<void>;
}

/**
 * The SDK's centre, one per `Codex` client (internal, never exported): owns the connection and its
 * lazy start and shutdown, the typed call path, the turn router, the server-request dispatcher, the
 * client's listeners and the threads it created. `Codex`, `Thread` and `TurnHandle` all hold it; it
 * knows them only through the small interfaces they register (RoutedTurn, LiveTurn, request scopes).
 */
export class Session {
  readonly options: CodexOptions<boolean>;
  readonly router = new TurnRouter();
  readonly dispatcher: ServerRequestDispatcher;
  readonly notifications: ListenerSet<NotificationEvent>;
  readonly decisions: ListenerSet<DecisionEvent>;
  /** Each connection as it opens, for what must follow its life (e.g. end streams when it dies). */
  readonly connections: ListenerSet<CodexConnection>;
  /** Listeners of one notification method: a client-lifetime listener costs one map lookup per event. */
  readonly #byMethod = new Map<string, ListenerSet<NotificationEvent>>();
  /** Turns created and not settled yet (queued or running), so close() can settle every one. */
  readonly #liveTurns = new Set<LiveTurn>();
  /** The thread objects handed out, so thread-scoped server-request handlers find them. */
  readonly threads = new ThreadRegistry();
  #connection: CodexConnection | undefined;
  /** The adapters #connect loaded; set before a connection is handed out. */
  #wire: Wire | undefined;
  #starting: Promise<CodexConnection> | undefined;
  #startAbort: AbortController | undefined;
  #closing: Promise<void> | undefined;
  /** Starts still running (an aborted one settles a moment after its caller's promise rejected). */
  readonly #attempts = new Set<Promise<CodexConnection>>();
  /** Shutdowns of servers whose start failed or was aborted; close() waits for them. */
  readonly #abandoned = new Set<Promise<void>>();

  constructor(options: CodexOptions<boolean>) {
    this.options = options;
    const warn = (warning: CodexWarning): void => this.warn(warning);
    this.notifications = new ListenerSet("notification", warn);
    this.decisions = new ListenerSet("decision", warn);
    this.connections = new ListenerSet("connection", warn);
    if (options.onDecision) this.decisions.add(options.onDecision);
    this.dispatcher = new ServerRequestDispatcher({
      options,
      turnScope: (threadId, turnId) => this.router.find(threadId, turnId),
      threadScope: (threadId) => this.threads.requestScope(threadId),
      warn,
      recordDecision: (event) => this.recordDecision(event),
    });
  }

  /** Calls `listener` for every notification of `method`. */
  onMethod<M extends NotificationEvent["method"]>(
    method: M,
    listener: (event: Extract<NotificationEvent, { method: M }>) => void,
  ): Subscription {
    let set = this.#byMethod.get(method);
    if (!set) {
      set = new ListenerSet("notification", (warning) => this.warn(warning));
      this.#byMethod.set(method, set);
    }
    return set.add(listener as (event: NotificationEvent) => void);
  }

  get connection(): CodexConnection | undefined {
    return this.#connection;
  }

  get isClosing(): boolean {
    return this.#closing !== undefined;
  }

  /** Reports a warning to `onWarning` (or as a process warning when none is set). */
  warn(warning: CodexWarning): void {
    deliverWarning(this.options.onWarning, warning);
  }

  /** The connection, started (and handshaken) on first use. */
  async ensureConnection(signal?: AbortSignal): Promise<CodexConnection> {
    if (this.#closing) throw new CodexError("This Codex client is closed.");
    if (this.#connection) return this.#connection;
    if (signal?.aborted) throw new CodexAbortError(signal.reason);
    if (!this.#starting) {
      const attempt = this.#connect(signal);
      this.#attempts.add(attempt);
      void attempt.then(
        () => this.#attempts.delete(attempt),
        () => this.#attempts.delete(attempt),
      );
      const starting: Promise<CodexConnection> = attempt.catch((error: unknown) => {
        if (this.#starting === starting) this.#starting = undefined;
        throw error;
      });
      this.#starting = starting;
      // The start this signal aborts is abandoned at once: the next call starts afresh.
      signal?.addEventListener(
        "abort",
        () => {
          if (this.#starting === starting) this.#starting = undefined;
        },
        { once: true },
      );
    }
    return signal ? raceAbort(this.#starting, signal) : this.#starting;
  }

  /** Any client method by wire name, camelCase params in and result out. */
  async call(method: string, params: unknown, options?: RequestOptions): Promise<unknown> {
    const connection = await this.ensureConnection(options?.signal);
    const wire = this.#wire;
    if (!wire) throw new CodexError("The connection's adapters are not loaded.");
    const result = await connection.requestUnchecked(
      method,
      wire.clientRequestParamsToWire(method as never, (params ?? {}) as never),
      options,
    );
    return wire.clientRequestResultToCamel(method as never, result as never);
  }

  /** `call` typed by the stable method map. */
  callStable<M extends keyof StableMap & string>(
    method: M,
    params: StableMap[M]["params"],
    options?: RequestOptions,
  ): Promise<StableMap[M]["result"]> {
    return this.call(method, params, options) as Promise<StableMap[M]["result"]>;
  }

  /** Straight to the connection: close() interrupts running turns while refusing new calls. */
  async interruptTurn(threadId: string, turnId: string): Promise<void> {
    const connection = this.#connection ?? (await this.ensureConnection());
    await connection.requestUnchecked("turn/interrupt", { threadId, turnId });
  }

  /** A new turn; `untrackTurn` once it settled. */
  trackTurn(turn: LiveTurn): void {
    this.#liveTurns.add(turn);
  }

  untrackTurn(turn: LiveTurn): void {
    this.#liveTurns.delete(turn);
  }

  /** An answered server request: to its turn's event stream, then to the client's decision listeners. */
  recordDecision(event: DecisionEvent): void {
    this.router.deliverTo(event.threadId, event.turnId, {
      method: "sdk/serverRequestDecision",
      params: event,
    });
    this.decisions.emit(event);
  }

  /** The next `turn/completed` of this thread (rejects if the connection closes or `signal` aborts first). */
  nextTurnCompleted(threadId: string, signal?: AbortSignal): { promise: Promise<Turn>; cancel(): void } {
    let stop: (() => void) | undefined;
    const promise = new Promise<Turn>((resolve, reject) => {
      const listening = this.notifications.add((event) => {
        if (event.method !== "turn/completed" || event.params.threadId !== threadId) return;
        stop?.();
        resolve(event.params.turn);
      });
      const onAbort = (): void => {
        stop?.();
        reject(new CodexAbortError(signal?.reason));
      };
      stop = () => {
        listening();
        signal?.removeEventListener("abort", onAbort);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      void this.#connection?.closed.then((error) => {
        stop?.();
        reject(error);
      });
    });
    promise.catch(() => {});
    return { promise, cancel: () => stop?.() };
  }

  /**
   * Stops the app-server. Running turns are interrupted first (codex drops them silently on shutdown
   * otherwise), so they settle as "interrupted"; then the server gets a staged shutdown. A start still
   * in progress is abandoned at once. Idempotent.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= (async () => {
      this.#startAbort?.abort(new CodexError("This Codex client is closed."));
      // Turns not sent yet settle at once (nothing reaches the server); running ones are interrupted below.
      for (const turn of [...this.#liveTurns]) if (turn.status === "queued") void turn.interrupt();
      const connection = this.#connection ?? (await this.#starting?.catch(() => undefined));
      if (connection) {
        const running = options.detach ? [] : this.router.activeTurns();
        if (running.length > 0 && !connection.isClosed) {
          const interrupted = Promise.all(running.map((turn) => turn.interrupt()));
          await Promise.race([interrupted, delay(CLOSE_INTERRUPT_GRACE_MS)]);
        }
        await connection.close();
      }
      // A start that failed or was aborted left its server shutting down: resolve once it is gone too.
      await Promise.allSettled([...this.#attempts]);
      await Promise.all(this.#abandoned);
    })();
    return this.#closing;
  }

  async #connect(signal: AbortSignal | undefined): Promise<CodexConnection> {
    // The first caller's signal aborts the start (no child is left behind); close() does too.
    const abort = new AbortController();
    this.#startAbort = abort;
    const startSignal = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
    const connectOptions = {
      ...connectOptionsFor(this.options, startSignal, (warning) => this.warn(warning)),
      onAbandoned: (shutdown: Promise<void>) => {
        this.#abandoned.add(shutdown);
        void shutdown.then(() => this.#abandoned.delete(shutdown));
      },
    };
    let connection: CodexConnection;
    let wire: Wire;
    try {
      wire = await loadWire();
      connection = (await wire.connect(connectOptions)) as unknown as CodexConnection;
    } catch (error) {
      if (signal?.aborted && !(error instanceof CodexAbortError)) throw new CodexAbortError(signal.reason);
      if (abort.signal.aborted) throw abort.signal.reason;
      throw error;
    } finally {
      this.#startAbort = undefined;
    }
    this.#wire = wire;
    connection.onAnyNotification((envelope) =>
      this.#onNotification(wire, envelope as unknown as WireEnvelope),
    );
    connection.onAnyServerRequest(async (params, context) => {
      const camel = wire.serverRequestParamsToCamel(context.method as never, params as never);
      const result = await this.dispatcher.dispatch(context.method, camel, context.requestId, context.signal);
      return wire.serverRequestResultToWire(context.method as never, result as never);
    });
    void connection.closed.then((error) => this.router.failAll(error));
    this.#connection = connection;
    this.connections.emit(connection);
    if (this.#closing) await connection.close();
    return connection;
  }

  #onNotification(wire: Wire, envelope: WireEnvelope): void {
    const params = wire.serverNotificationParamsToCamel(envelope.method as never, envelope.params as never);
    // Two literals rather than a spread: no temporary object per event (a long turn sends millions).
    const event = (
      envelope.emittedAtMs === undefined
        ? { method: envelope.method, params }
        : { method: envelope.method, params, emittedAtMs: envelope.emittedAtMs }
    ) as NotificationEvent;
    if (event.method === "serverRequest/resolved") {
      this.dispatcher.resolvedByServer(event.params.threadId, event.params.requestId);
    }
    this.router.route(event);
    this.notifications.emit(event);
    this.#byMethod.get(event.method)?.emit(event);
    // Codex's reviewer decided without asking us: its verdict goes into the same audit trail.
    if (event.method === "item/autoApprovalReview/completed")
      this.recordDecision(autoReviewDecision(event.params));
  }
}

/** How long close() waits for running turns to confirm their interrupt before shutting the server down. */
const CLOSE_INTERRUPT_GRACE_MS = 2_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Rejects with CodexAbortError when `signal` fires first; the shared promise itself goes on. */
function raceAbort<V>(promise: Promise<V>, signal: AbortSignal): Promise<V> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new CodexAbortError(signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

interface WireEnvelope {
  readonly method: string;
  readonly params?: unknown;
  readonly emittedAtMs?: number;
}

/** Delivers a warning to `onWarning`, or to `process.emitWarning` when there is none. Never throws. */
function deliverWarning(
  onWarning: ((warning: CodexWarning) => void) | undefined,
  warning: CodexWarning,
): void {
  try {
    if (onWarning) onWarning(warning);
    else process.emitWarning(warning.message, { type: "CodexWarning", code: warning.kind });
  } catch {
    // A throwing onWarning has nowhere left to report to.
  }
}
