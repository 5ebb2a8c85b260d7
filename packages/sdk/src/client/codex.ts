import {
  AbortError,
  CLIENT_REQUEST_METHODS,
  type CodexConnection,
  CodexError,
  clientRequestParamsToWire,
  clientRequestResultToCamel,
  connect,
  EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS,
  InvalidRequestError,
  serverNotificationParamsToCamel,
  serverRequestParamsToCamel,
  serverRequestResultToWire,
} from "@codex/app-server-protocol";
import type { DecisionEvent } from "../approvals/decision-event.js";
import { type HandlerScope, ServerRequestDispatcher } from "../approvals/dispatcher.js";
import type { ApprovalHandlers, ServerRequestHandlers } from "../approvals/types.js";
import { NotLoggedInError } from "../errors.js";
import type {
  CamelClientRequestMap,
  CamelExperimentalClientRequestMap,
  CamelServerNotificationMap,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  InitializeResponse,
  Model,
  ServerNotificationMethod,
  Thread as ThreadInfo,
  ThreadListParams,
  Turn,
} from "../protocol-types.js";
import { Thread, type ThreadHost } from "../thread.js";
import { type ThreadOptions, threadParams } from "../thread-options.js";
import type { NotificationEvent } from "../turn/turn-event.js";
import { type TurnControl, TurnHandle } from "../turn/turn-handle.js";
import { type ApiCallOptions, type ApiMethods, createApi } from "./api-layer.js";
import type { CodexOptions } from "./codex-options.js";
import { connectOptionsFor } from "./connect-options.js";
import { ListenerSet, type Subscription } from "./listener-set.js";
import { type LoginHandle, startChatGptLogin } from "./login.js";
import { TurnRouter } from "./turn-router.js";

type RequestMapFor<E extends boolean> = E extends true
  ? CamelExperimentalClientRequestMap
  : CamelClientRequestMap;
type ParamsOf<Map, M extends keyof Map> = Map[M] extends { params: infer P } ? P : never;
type ResultOf<Map, M extends keyof Map> = Map[M] extends { result: infer R } ? R : never;

/** Filters for `listThreads` / `threads()` (the `thread/list` params without the cursor). */
export type ThreadListFilters = Omit<ThreadListParams, "cursor">;

export interface ThreadPage {
  readonly threads: ThreadInfo[];
  readonly nextCursor: string | null;
}

export interface ForkOptions extends ThreadOptions {
  /** Fork through this turn (inclusive); later turns are left out. */
  readonly lastTurnId?: string;
}

/**
 * The Codex client: one app-server (spawned lazily on first use, or at `start()`), its threads, the
 * account, and every other method of the protocol through `codex.api`.
 */
export class Codex<Experimental extends boolean = false> implements AsyncDisposable {
  /** Every client method of the schema, camelCase: `codex.api.modelList({})`, `codex.api.fsReadFile({ path })`. */
  readonly api: ApiMethods<RequestMapFor<Experimental>>;

  readonly #options: CodexOptions<Experimental>;
  readonly #router = new TurnRouter();
  readonly #dispatcher: ServerRequestDispatcher;
  /** Weak, so a client that starts many threads does not keep them all alive. */
  readonly #threads = new Map<string, WeakRef<Thread>>();
  readonly #notificationListeners = new ListenerSet<NotificationEvent>("notification");
  readonly #decisionListeners = new ListenerSet<DecisionEvent>("decision");
  readonly #host: ThreadHost;
  #connection: CodexConnection | undefined;
  #starting: Promise<CodexConnection> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: CodexOptions<Experimental> = {}) {
    this.#options = options;
    if (options.onDecision) this.#decisionListeners.add(options.onDecision);
    const methods: readonly string[] = options.experimentalApi
      ? [...CLIENT_REQUEST_METHODS, ...EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS]
      : CLIENT_REQUEST_METHODS;
    this.api = createApi<RequestMapFor<Experimental>>(methods, (method, params, callOptions) =>
      this.#call(method, params, callOptions),
    );
    this.#dispatcher = new ServerRequestDispatcher({
      scopes: (threadId, turnId) => this.#handlerScopes(threadId, turnId),
      item: (threadId, turnId, itemId) =>
        itemId === undefined ? undefined : this.#turnHandle(threadId, turnId)?.item(itemId),
      timeoutMs: (threadId, turnId) =>
        this.#turnHandle(threadId, turnId)?.serverRequestTimeoutMs ??
        this.#thread(threadId)?.options.serverRequestTimeoutMs ??
        this.#options.serverRequestTimeoutMs,
      onDecision: (event) => this.#onDecision(event),
    });
    const turnControl: TurnControl = {
      router: this.#router,
      ensureStarted: async (signal) => {
        await this.#ensureConnection(signal);
      },
      startTurn: async (params) => (await this.#callStable("turn/start", params)).turn,
      steerTurn: async (threadId, turnId, input) => {
        await this.#callStable("turn/steer", { threadId, expectedTurnId: turnId, input });
      },
      interruptTurn: async (threadId, turnId) => {
        // Straight to the connection: close() interrupts running turns while refusing new calls.
        const connection = this.#connection ?? (await this.#ensureConnection());
        await connection.requestUnchecked("turn/interrupt", { threadId, turnId });
      },
    };
    this.#host = {
      turnControl,
      forkThread: (threadId, forkOptions) => this.forkThread(threadId, forkOptions),
      nextTurnCompleted: (threadId) => this.#nextTurnCompleted(threadId),
      call: (method, params, callOptions) => this.#callStable(method, params, callOptions),
    };
  }

  /** Starts the app-server and completes the handshake. Optional: every call starts it when needed. */
  async start(options: { signal?: AbortSignal } = {}): Promise<InitializeResponse> {
    const connection = await this.#ensureConnection(options.signal);
    return connection.initializeResult as InitializeResponse;
  }

  /** The codex version the server reported (from its user agent), once started. */
  get serverVersion(): string | undefined {
    return this.#connection?.serverVersion;
  }

  /** The underlying protocol connection, once started (wire types; for what the SDK does not cover). */
  get connection(): CodexConnection | undefined {
    return this.#connection;
  }

  /** Last lines of the server's stderr (spawned servers). */
  stderrTail(): string {
    return this.#connection?.stderrTail() ?? "";
  }

  /**
   * Stops the app-server. Running turns are interrupted first (codex drops them silently on shutdown
   * otherwise), so they settle as "interrupted"; then the server gets a staged shutdown. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const connection = this.#connection ?? (await this.#starting?.catch(() => undefined));
      if (!connection) return;
      const running = this.#router.activeTurns().filter((sink) => sink instanceof TurnHandle);
      if (running.length > 0 && !connection.isClosed) {
        const interrupted = Promise.all(running.map((turn) => (turn as TurnHandle<unknown>).interrupt()));
        await Promise.race([interrupted, delay(CLOSE_INTERRUPT_GRACE_MS)]);
      }
      await connection.close();
    })();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Calls any client method by its wire name with camelCase params; resolves with the camelCase result. */
  request<M extends keyof RequestMapFor<Experimental> & string>(
    method: M,
    params: ParamsOf<RequestMapFor<Experimental>, M>,
    options?: ApiCallOptions,
  ): Promise<ResultOf<RequestMapFor<Experimental>, M>> {
    return this.#call(method, params, options) as Promise<ResultOf<RequestMapFor<Experimental>, M>>;
  }

  // --- threads -------------------------------------------------------------------------------------

  async startThread(options: ThreadOptions = {}): Promise<Thread> {
    const { thread } = await this.#callStable("thread/start", threadParams(options));
    return this.#adopt(thread, options);
  }

  /** Resumes a stored thread (also one written by another process) by id. */
  async resumeThread(threadId: string, options: ThreadOptions = {}): Promise<Thread> {
    const { ephemeral: _ephemeral, dynamicTools: _tools, ...params } = threadParams(options);
    const { thread } = await this.#callStable("thread/resume", { ...params, threadId });
    return this.#adopt(thread, options);
  }

  /** Resumes the most recently updated stored thread. Throws CodexError when there is none. */
  async resumeLastThread(options: ThreadOptions = {}): Promise<Thread> {
    const page = await this.listThreads({ limit: 1, sortKey: "updated_at", sortDirection: "desc" });
    const last = page.threads[0];
    if (!last) throw new CodexError("There is no stored thread to resume.");
    return this.resumeThread(last.id, options);
  }

  /** Copies a thread (through `lastTurnId` when given) into a new one. */
  async forkThread(threadId: string, options: ForkOptions = {}): Promise<Thread> {
    const { lastTurnId, ...threadOptions } = options;
    const { dynamicTools: _tools, ...params } = threadParams(threadOptions);
    const { thread } = await this.#callStable("thread/fork", {
      ...params,
      ephemeral: params.ephemeral ?? false,
      threadId,
      ...(lastTurnId !== undefined && { lastTurnId }),
    });
    return this.#adopt(thread, threadOptions);
  }

  /** One page of stored threads. */
  async listThreads(filters: ThreadListFilters & { cursor?: string | null } = {}): Promise<ThreadPage> {
    const page = await this.#callStable("thread/list", filters);
    return { threads: page.data, nextCursor: page.nextCursor ?? null };
  }

  /** All stored threads matching `filters`, page by page: `for await (const page of codex.threadPages())`. */
  async *threadPages(filters: ThreadListFilters = {}): AsyncGenerator<ThreadPage> {
    let cursor: string | null = null;
    do {
      const page: ThreadPage = await this.listThreads({ ...filters, cursor });
      yield page;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** All stored threads matching `filters`, one by one (pages fetched as needed). */
  async *threads(filters: ThreadListFilters = {}): AsyncGenerator<ThreadInfo> {
    for await (const page of this.threadPages(filters)) yield* page.threads;
  }

  async readThread(threadId: string, options: { includeTurns?: boolean } = {}): Promise<ThreadInfo> {
    const { thread } = await this.#callStable("thread/read", {
      threadId,
      includeTurns: !!options.includeTurns,
    });
    return thread;
  }

  async archiveThread(threadId: string): Promise<void> {
    await this.#callStable("thread/archive", { threadId });
  }

  async unarchiveThread(threadId: string): Promise<void> {
    await this.#callStable("thread/unarchive", { threadId });
  }

  async setThreadName(threadId: string, name: string): Promise<void> {
    await this.#callStable("thread/name/set", { threadId, name });
  }

  /** Starts compacting a thread; `thread.compact()` also waits for the compaction to finish. */
  async compactThread(threadId: string): Promise<void> {
    await this.#callStable("thread/compact/start", { threadId });
  }

  /** Drops `beforeTurnId` and later turns from the stored history (`thread/revert`); files stay as they are. */
  async rollbackThread(threadId: string, beforeTurnId: string): Promise<void> {
    await this.#callStable("thread/revert", { threadId, beforeTurnId });
  }

  // --- account and catalog -------------------------------------------------------------------------

  /** Every model the server offers (all pages). */
  async models(options: { includeHidden?: boolean } = {}): Promise<Model[]> {
    const models: Model[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Codex["api"]["modelList"]>> = await this.#callStable("model/list", {
        cursor,
        includeHidden: options.includeHidden ?? null,
      });
      models.push(...page.data);
      cursor = page.nextCursor ?? null;
    } while (cursor);
    return models;
  }

  async account(): Promise<GetAccountResponse> {
    return this.#callStable("account/read", {});
  }

  /** Throws NotLoggedInError when codex needs OpenAI credentials and has none. */
  async requireLogin(): Promise<GetAccountResponse> {
    const account = await this.account();
    if (account.requiresOpenaiAuth && !account.account) throw new NotLoggedInError();
    return account;
  }

  async loginWithApiKey(apiKey: string): Promise<void> {
    await this.#callStable("account/login/start", { type: "apiKey", apiKey });
  }

  /** Starts a ChatGPT login: the browser flow (default) or the device-code flow. */
  async loginWithChatGpt(options: { flow?: "browser" | "deviceCode" } = {}): Promise<LoginHandle> {
    const connection = await this.#ensureConnection();
    return startChatGptLogin(options.flow ?? "browser", {
      closed: connection.closed,
      onCompleted: (handler) =>
        this.onNotification("account/login/completed", (params) =>
          handler({ loginId: params.loginId ?? null, success: params.success, error: params.error ?? null }),
        ),
      start: (type) => this.#callStable("account/login/start", { type }),
      cancel: async (loginId) => {
        await this.#callStable("account/login/cancel", { loginId });
      },
    });
  }

  async logout(): Promise<void> {
    await this.#callStable("account/logout", undefined as never);
  }

  /** The account's rate limits. Throws NotLoggedInError without a ChatGPT login. */
  async rateLimits(): Promise<GetAccountRateLimitsResponse> {
    try {
      return await this.#callStable("account/rateLimits/read", {} as never);
    } catch (error) {
      if (error instanceof InvalidRequestError && /authentication required/i.test(error.message)) {
        throw new NotLoggedInError(error.message, { cause: error });
      }
      throw error;
    }
  }

  // --- events --------------------------------------------------------------------------------------

  /** Every notification of one method (camelCase params), from any thread. */
  onNotification<M extends ServerNotificationMethod>(
    method: M,
    handler: (
      params: CamelServerNotificationMap[M],
      event: Extract<NotificationEvent, { method: M }>,
    ) => void,
  ): Subscription {
    return this.onAnyNotification((event) => {
      if (event.method === method) {
        const typed = event as Extract<NotificationEvent, { method: M }>;
        handler(typed.params as CamelServerNotificationMap[M], typed);
      }
    });
  }

  onAnyNotification(handler: (event: NotificationEvent) => void): Subscription {
    return this.#notificationListeners.add(handler);
  }

  /** The audit trail: one event per answered server request. */
  onDecision(handler: (event: DecisionEvent) => void): Subscription {
    return this.#decisionListeners.add(handler);
  }

  // --- internals -----------------------------------------------------------------------------------

  #nextTurnCompleted(threadId: string): { promise: Promise<Turn>; cancel(): void } {
    let stop: Subscription | undefined;
    const promise = new Promise<Turn>((resolve, reject) => {
      stop = this.onNotification("turn/completed", (params) => {
        if (params.threadId !== threadId) return;
        stop?.();
        resolve(params.turn);
      });
      void this.#connection?.closed.then((error) => {
        stop?.();
        reject(error);
      });
    });
    promise.catch(() => {});
    return { promise, cancel: () => stop?.() };
  }

  #adopt(info: ThreadInfo, options: ThreadOptions): Thread {
    const thread = new Thread(this.#host, info, options);
    for (const [id, ref] of this.#threads) if (!ref.deref()) this.#threads.delete(id);
    this.#threads.set(thread.id, new WeakRef(thread));
    return thread;
  }

  async #ensureConnection(signal?: AbortSignal): Promise<CodexConnection> {
    if (this.#closing) throw new CodexError("This Codex client is closed.");
    if (this.#connection) return this.#connection;
    if (signal?.aborted) throw new AbortError(signal.reason);
    this.#starting ??= this.#connect(signal).catch((error: unknown) => {
      this.#starting = undefined;
      throw error;
    });
    return this.#starting;
  }

  async #connect(signal: AbortSignal | undefined): Promise<CodexConnection> {
    const connectOptions = connectOptionsFor(this.#options, signal);
    let connection: CodexConnection;
    try {
      connection = (await connect(connectOptions)) as unknown as CodexConnection;
    } catch (error) {
      if (signal?.aborted && !(error instanceof AbortError)) throw new AbortError(signal.reason);
      throw error;
    }
    connection.onAnyNotification((envelope) => this.#onNotification(envelope as unknown as WireEnvelope));
    connection.onAnyServerRequest(async (params, context) => {
      const camel = serverRequestParamsToCamel(context.method as never, params as never);
      const result = await this.#dispatcher.dispatch(context.method, camel, context.id, context.signal);
      return serverRequestResultToWire(context.method as never, result as never);
    });
    void connection.closed.then((error) => this.#router.failAll(error));
    this.#connection = connection;
    if (this.#closing) await connection.close();
    return connection;
  }

  async #call(method: string, params: unknown, options?: ApiCallOptions): Promise<unknown> {
    const connection = await this.#ensureConnection(options?.signal);
    const wire = clientRequestParamsToWire(method as never, (params ?? {}) as never);
    const result = await connection.requestUnchecked(method, wire, options);
    return clientRequestResultToCamel(method as never, result as never);
  }

  #callStable<M extends keyof CamelClientRequestMap & string>(
    method: M,
    params: CamelClientRequestMap[M]["params"],
    options?: ApiCallOptions,
  ): Promise<CamelClientRequestMap[M]["result"]> {
    return this.#call(method, params, options) as Promise<CamelClientRequestMap[M]["result"]>;
  }

  #onNotification(envelope: WireEnvelope): void {
    const params = serverNotificationParamsToCamel(envelope.method as never, envelope.params as never);
    const event = {
      method: envelope.method,
      params,
      ...(envelope.emittedAtMs !== undefined && { emittedAtMs: envelope.emittedAtMs }),
    } as NotificationEvent;
    if (event.method === "serverRequest/resolved") {
      this.#dispatcher.resolvedByServer(event.params.threadId, event.params.requestId);
    }
    this.#router.route(event);
    this.#notificationListeners.emit(event);
  }

  #onDecision(event: DecisionEvent): void {
    this.#router.deliverTo(event.threadId, event.turnId, {
      method: "sdk/serverRequestDecision",
      params: event,
    });
    this.#decisionListeners.emit(event);
  }

  #thread(threadId: string | undefined): Thread | undefined {
    return threadId === undefined ? undefined : this.#threads.get(threadId)?.deref();
  }

  #turnHandle(threadId: string | undefined, turnId: string | undefined): TurnHandle<unknown> | undefined {
    const sink = this.#router.find(threadId, turnId);
    return sink instanceof TurnHandle ? (sink as TurnHandle<unknown>) : undefined;
  }

  #handlerScopes(threadId: string | undefined, turnId: string | undefined): HandlerScope[] {
    const scopes: HandlerScope[] = [];
    const turn = this.#turnHandle(threadId, turnId);
    if (turn?.approvals) scopes.push({ source: "turn", handlers: asList(turn.approvals) });
    const threadApprovals = turn ? turn.threadApprovals : this.#thread(threadId)?.approvals;
    if (threadApprovals) scopes.push({ source: "thread", handlers: asList(threadApprovals) });
    if (this.#options.approvals) scopes.push({ source: "client", handlers: asList(this.#options.approvals) });
    return scopes;
  }
}

/** How long close() waits for running turns to confirm their interrupt before shutting the server down. */
const CLOSE_INTERRUPT_GRACE_MS = 2_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

interface WireEnvelope {
  readonly method: string;
  readonly params?: unknown;
  readonly emittedAtMs?: number;
}

function asList(handlers: ApprovalHandlers): readonly ServerRequestHandlers[] {
  return Array.isArray(handlers) ? handlers : [handlers as ServerRequestHandlers];
}
