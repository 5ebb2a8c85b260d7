import type { CodexConnection, RequestOptions } from "@codex/app-server-protocol";
import {
  CLIENT_REQUEST_METHODS,
  CodexError,
  EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS,
  InvalidRequestError,
} from "@codex/app-server-protocol/light";
import {
  type AccountRateLimitsUpdatedNotification,
  type RateLimitSnapshot,
  RateLimitTracker,
  type RateLimitUpdatesOptions,
} from "../account/rate-limits.js";
import type { DecisionEvent } from "../approvals/decision-event.js";
import { CommandHandle, type CommandOptions } from "../commands/command-handle.js";
import { NotLoggedInError } from "../errors.js";
import { FileSystem } from "../fs/file-system.js";
import type {
  CamelClientRequestMap,
  CamelExperimentalClientRequestMap,
  CamelServerNotificationMap,
  ConfigWriteResponse,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  InitializeResponse,
  Model,
  ModelListParams,
  ModelProviderCapabilities,
  ModelProviderListResponse,
  ServerNotificationMethod,
  ThreadInfo,
  ThreadListParams,
  Turn,
} from "../protocol-types.js";
import {
  adoptThread,
  compactThread,
  type ForkThreadOptions,
  forkThread,
  type ReadThreadOptions,
  Thread,
} from "../thread.js";
import type { ThreadOptions } from "../thread-options.js";
import { threadParams } from "../thread-params.js";
import { assertToolsAllowed, threadServerRequests } from "../tools/thread-tools.js";
import type { NotificationEvent } from "../turn/turn-event.js";
import { type ApiMethods, createApi } from "./api-layer.js";
import type { CloseOptions, CodexOptions } from "./codex-options.js";
import type { Subscription } from "./listener-set.js";
import { type LoginHandle, startChatGptLogin } from "./login.js";
import { type Page, pages } from "./page.js";
import { Session } from "./session.js";

/** @internal The request map of a client, stable or with the experimental methods. */
export type RequestMapFor<E extends boolean> = E extends true
  ? CamelExperimentalClientRequestMap
  : CamelClientRequestMap;
/** @internal The params of method `M` in a request map. */
export type ParamsOf<Map, M extends keyof Map> = Map[M] extends { params: infer P } ? P : never;
/** @internal The result of method `M` in a request map. */
export type ResultOf<Map, M extends keyof Map> = Map[M] extends { result: infer R } ? R : never;

/** Filters of `threads()` / `listThreads()`: the `thread/list` params without the cursor. */
export type ThreadListOptions = Omit<ThreadListParams, "cursor">;

/** Filters of `models()` / `listModels()`: the `model/list` params without the cursor. */
export type ModelListOptions = Omit<ModelListParams, "cursor">;

/** Options of `codex.account()`. */
export interface AccountOptions extends RequestOptions {
  /** Ask codex to refresh the ChatGPT access token before answering (managed auth). Default false. */
  readonly refreshToken?: boolean;
}

/** Options of `codex.loginWithChatGpt()`. */
export interface ChatGptLoginOptions {
  /** The browser flow (default) or the device-code flow. */
  readonly flow?: "browser" | "deviceCode";
}

/**
 * The Codex client behind the public `Codex` (entry/codex.ts, which loads this on first use): one
 * app-server (spawned lazily on first use, or at `start()`), its threads, the account, and every other
 * method of the protocol through `codex.api`.
 */
export class CodexClient<Experimental extends boolean = false> implements AsyncDisposable {
  /** Every client method of the schema, camelCase: `codex.api.modelList({})`, `codex.api.fsReadFile({ path })`. */
  readonly api: ApiMethods<RequestMapFor<Experimental>>;
  /** The app-server host's file system (`fs/*`): read and write text or bytes, list, copy, watch. */
  readonly fs: FileSystem;

  readonly #session: Session;
  readonly #rateLimits = new RateLimitTracker();

  /** A client; nothing starts until the first call (or `start()`). */
  constructor(options: CodexOptions<Experimental> = {}) {
    this.#session = new Session(options);
    // One method's listener and the connection's life, not every notification: streams stay cheap.
    this.#session.onMethod("account/rateLimits/updated", (event) => this.#rateLimits.update(event.params));
    this.#session.connections.add((connection) =>
      this.#rateLimits.watch(connection, () => this.#session.isClosing),
    );
    this.fs = new FileSystem(this.#session);
    const methods: readonly string[] = options.experimentalApi
      ? [...CLIENT_REQUEST_METHODS, ...EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS]
      : CLIENT_REQUEST_METHODS;
    this.api = createApi<RequestMapFor<Experimental>>(methods, (method, params, callOptions) =>
      this.#session.call(method, params, callOptions),
    );
  }

  /**
   * Runs a command (argv) in codex's sandbox without a thread (`command/exec`) and returns its live
   * handle: stream its output, write stdin, resize its PTY, terminate it, or await `result()`.
   * `processId` is the id the entry's CommandHandle facade already handed out (internal).
   */
  exec(command: readonly string[], options?: CommandOptions, processId?: string): CommandHandle {
    return new CommandHandle(this.#session, command, options, processId);
  }

  /**
   * Starts the app-server and completes the handshake. Optional: every call starts it when needed.
   * `signal` abandons the start; the handshake's own timeout is `requestTimeoutMs` of the client.
   */
  async start(options: Pick<RequestOptions, "signal"> = {}): Promise<InitializeResponse> {
    const connection = await this.#session.ensureConnection(options.signal);
    return connection.initializeResult as InitializeResponse;
  }

  /** The codex version the server reported (from its user agent), once started. */
  get serverVersion(): string | undefined {
    return this.#session.connection?.serverVersion;
  }

  /** The underlying protocol connection, once started (wire types; for what the SDK does not cover). */
  get connection(): CodexConnection | undefined {
    return this.#session.connection;
  }

  /** Last lines of the server's stderr (spawned servers). */
  stderrTail(): string {
    return this.#session.connection?.stderrTail() ?? "";
  }

  /**
   * Stops the app-server (or leaves a socket server's connection). Running turns are interrupted first
   * (codex drops them silently on shutdown otherwise), so they settle as "interrupted"; queued turns
   * settle at once; then the server gets a staged shutdown. With `{ detach: true }` running turns are left
   * running on a server that outlives this client, to be reattached by another. Idempotent.
   */
  close(options?: CloseOptions): Promise<void> {
    return this.#session.close(options).finally(() => this.#rateLimits.close());
  }

  /** `await using codex = new Codex()`: closes the client at scope end. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Calls any client method by its wire name with camelCase params; resolves with the camelCase result. */
  request<M extends keyof RequestMapFor<Experimental> & string>(
    method: M,
    params: ParamsOf<RequestMapFor<Experimental>, M>,
    options?: RequestOptions,
  ): Promise<ResultOf<RequestMapFor<Experimental>, M>> {
    return this.#session.call(method, params, options) as Promise<ResultOf<RequestMapFor<Experimental>, M>>;
  }

  // --- threads -------------------------------------------------------------------------------------

  /** Starts a new thread (`thread/start`). */
  async startThread(options: ThreadOptions = {}): Promise<Thread> {
    assertToolsAllowed("thread/start", options, this.#session.options.experimentalApi);
    const { thread } = await this.#session.callStable("thread/start", threadParams(options));
    return this.#adopt(thread, options);
  }

  /** Resumes a stored thread (also one written by another process) by id. */
  /**
   * Resumes a stored thread (also one written by another process) by id. When a turn of it is still
   * running on the server (its client died, or another client started it), `thread.runningTurn()` is a
   * handle that streams the rest of that turn and resolves with its result (docs/shared-server.md).
   */
  async resumeThread(threadId: string, options: ThreadOptions = {}): Promise<Thread> {
    assertToolsAllowed("thread/resume", options, this.#session.options.experimentalApi);
    const { ephemeral: _ephemeral, dynamicTools: _tools, ...params } = threadParams(options);
    const session = this.#session;
    // A turn may still be running: hold its events until a handle claims it. An approval codex held for
    // it is re-sent right after the answer, so this thread's handlers must already be in place.
    const release = session.router.expectTurn(threadId);
    const placeholder = session.threads.adopt(threadId, {}, () => ({
      handlers: threadServerRequests(session, options),
      timeoutMs: options.serverRequestTimeoutMs,
    }));
    try {
      const { thread } = await session.callStable("thread/resume", { ...params, threadId });
      const resumed = this.#adopt(thread, options);
      const running = thread.status.type === "active" ? runningTurnOf(thread) : undefined;
      if (!running) {
        release();
        return resumed;
      }
      // The handle holds the turn's events itself until it claimed them; this hold may end after that.
      void resumed.attachRunningTurn(running).started().then(release, release);
      return resumed;
    } catch (error) {
      release();
      throw error;
    } finally {
      // Kept reachable until the real thread is adopted in its place.
      void placeholder;
    }
  }

  /** Resumes the most recently updated stored thread. Throws CodexError when there is none. */
  async resumeLastThread(options: ThreadOptions = {}): Promise<Thread> {
    const page = await this.listThreads({ limit: 1, sortKey: "updated_at", sortDirection: "desc" });
    const last = page.data[0];
    if (!last) throw new CodexError("There is no stored thread to resume.");
    return this.resumeThread(last.id, options);
  }

  /** Copies a thread (through `lastTurnId` when given) into a new one. */
  forkThread(threadId: string, options: ForkThreadOptions = {}): Promise<Thread> {
    return forkThread(this.#session, threadId, options);
  }

  /** One page of stored threads; pass the previous page's `nextCursor` for the next one. */
  async listThreads(
    filters: ThreadListOptions & { readonly cursor?: string | null } = {},
    options?: RequestOptions,
  ): Promise<Page<ThreadInfo>> {
    const page = await this.#session.callStable("thread/list", filters, options);
    return { data: page.data, nextCursor: page.nextCursor ?? null };
  }

  /** Every stored thread matching `filters`, fetched page by page as you iterate. */
  threads(filters: ThreadListOptions = {}, options?: RequestOptions): AsyncIterable<ThreadInfo> {
    return pages((cursor) => this.listThreads({ ...filters, cursor }, options));
  }

  /** Reads a stored thread (`thread/read`), with its turns when `includeTurns`. */
  async readThread(threadId: string, options: ReadThreadOptions = {}): Promise<ThreadInfo> {
    const { includeTurns, ...requestOptions } = options;
    const { thread } = await this.#session.callStable(
      "thread/read",
      { threadId, includeTurns: !!includeTurns },
      requestOptions,
    );
    return thread;
  }

  /** Archives a thread (`thread/archive`). */
  async archiveThread(threadId: string, options?: RequestOptions): Promise<void> {
    await this.#session.callStable("thread/archive", { threadId }, options);
  }

  /**
   * Takes a thread out of the archive (`thread/unarchive`) and resumes it with `options` (codex does not
   * load an unarchived thread by itself), so the returned Thread takes turns at once.
   */
  async unarchiveThread(
    threadId: string,
    options: ThreadOptions = {},
    requestOptions?: RequestOptions,
  ): Promise<Thread> {
    await this.#session.callStable("thread/unarchive", { threadId }, requestOptions);
    return this.resumeThread(threadId, options);
  }

  /** Names a thread (`thread/name/set`). */
  async setThreadName(threadId: string, name: string, options?: RequestOptions): Promise<void> {
    await this.#session.callStable("thread/name/set", { threadId, name }, options);
  }

  /**
   * Compacts a thread and waits for the compaction to finish, like `thread.compact()` (queued behind
   * the thread's running turns when this client holds the thread).
   */
  compactThread(threadId: string, options?: RequestOptions): Promise<Turn> {
    const thread = this.#session.threads.get(threadId);
    return thread instanceof Thread
      ? thread.compact(options)
      : compactThread(this.#session, threadId, options);
  }

  /** Drops `beforeTurnId` and later turns from the stored history (`thread/revert`); files stay as they are. */
  async revertThread(threadId: string, beforeTurnId: string, options?: RequestOptions): Promise<void> {
    await this.#session.callStable("thread/revert", { threadId, beforeTurnId }, options);
  }

  // --- account and catalog -------------------------------------------------------------------------

  /** One page of the models the server offers; pass the previous page's `nextCursor` for the next one. */
  async listModels(
    filters: ModelListOptions & { readonly cursor?: string | null } = {},
    options?: RequestOptions,
  ): Promise<Page<Model>> {
    const page = await this.#session.callStable("model/list", filters, options);
    return { data: page.data, nextCursor: page.nextCursor ?? null };
  }

  /** Every model the server offers, fetched page by page as you iterate. */
  models(filters: ModelListOptions = {}, options?: RequestOptions): AsyncIterable<Model> {
    return pages((cursor) => this.listModels({ ...filters, cursor }, options));
  }

  /**
   * The model providers codex knows (built-in and `[model_providers.*]` in config.toml), which one new
   * threads use by default, and whether that default may be changed.
   */
  async listModelProviders(options?: RequestOptions): Promise<ModelProviderListResponse> {
    return this.#session.callStable("modelProvider/list", {}, options);
  }

  /**
   * Makes `providerId` the default provider of new threads by writing `model_provider` to the user's
   * config.toml (threads already started keep theirs). Throws InvalidRequestError for an unknown id.
   */
  async setDefaultModelProvider(providerId: string, options?: RequestOptions): Promise<ConfigWriteResponse> {
    return this.#session.callStable("modelProvider/default/set", { providerId }, options);
  }

  /** What the default model provider supports (web search, image generation). */
  async modelProviderCapabilities(options?: RequestOptions): Promise<ModelProviderCapabilities> {
    return this.#session.callStable("modelProvider/capabilities/read", {}, options);
  }

  /** The account codex uses (`account/read`); `refreshToken: true` refreshes a ChatGPT token first. */
  async account(options: AccountOptions = {}): Promise<GetAccountResponse> {
    const { refreshToken, ...requestOptions } = options;
    return this.#session.callStable(
      "account/read",
      refreshToken === undefined ? {} : { refreshToken },
      requestOptions,
    );
  }

  /** Throws NotLoggedInError when codex needs OpenAI credentials and has none. */
  async requireLogin(options?: RequestOptions): Promise<GetAccountResponse> {
    const account = await this.account(options);
    if (account.requiresOpenaiAuth && !account.account) throw new NotLoggedInError();
    return account;
  }

  /** Logs codex in with an OpenAI API key. */
  async loginWithApiKey(apiKey: string, options?: RequestOptions): Promise<void> {
    await this.#session.callStable("account/login/start", { type: "apiKey", apiKey }, options);
  }

  /** Starts a ChatGPT login: the browser flow (default) or the device-code flow. */
  async loginWithChatGpt(options: ChatGptLoginOptions = {}): Promise<LoginHandle> {
    const connection = await this.#session.ensureConnection();
    return startChatGptLogin(options.flow ?? "browser", {
      closed: connection.closed,
      onCompleted: (handler) =>
        this.onNotification("account/login/completed", (params) =>
          handler({ loginId: params.loginId ?? null, success: params.success, error: params.error ?? null }),
        ),
      start: (type) => this.#session.callStable("account/login/start", { type }),
      cancel: async (loginId) => {
        await this.#session.callStable("account/login/cancel", { loginId });
      },
    });
  }

  /** Logs codex out (`account/logout`). */
  async logout(options?: RequestOptions): Promise<void> {
    await this.#session.callStable("account/logout", undefined as never, options);
  }

  /**
   * Reads the account's rate limits (`account/rateLimits/read`): codex fetches them from the ChatGPT
   * backend, so this needs a ChatGPT login and throws NotLoggedInError without one (an API-key login
   * included). The result also becomes `lastRateLimits`. See docs/rate-limits.md.
   */
  async rateLimits(options?: RequestOptions): Promise<GetAccountRateLimitsResponse> {
    try {
      const result = await this.#session.callStable("account/rateLimits/read", {} as never, options);
      this.#rateLimits.read(result);
      return result;
    } catch (error) {
      if (error instanceof InvalidRequestError && /authentication required/i.test(error.message)) {
        // An API-key login has no rate limits to read: say which login codex wants.
        const detail = /^chatgpt/i.test(error.message)
          ? `${error.message}; an API-key login has none, log in with codex.loginWithChatGpt()`
          : error.message;
        throw new NotLoggedInError(detail, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Every `account/rateLimits/updated` from now on, as an async iterable: codex sends one after each
   * model call whose response reported rate limits (one limit per update; `rateLimits.limitId` says
   * which). It listens from this call, so updates that arrive before you start iterating are kept, and
   * ends when the client closes (after what is pending), when `signal` aborts (CodexAbortError), or when
   * you `break`. If the server dies, the loop throws its close error.
   *
   * Latest-value semantics: a reader that falls behind gets only the newest pending update of each
   * limit (older ones of the same limit are dropped), so the buffer never grows past one update per
   * limit. For a plain callback use `onNotification("account/rateLimits/updated", handler)`.
   */
  rateLimitUpdates(
    options?: RateLimitUpdatesOptions,
  ): AsyncIterableIterator<AccountRateLimitsUpdatedNotification> {
    return this.#rateLimits.stream(options);
  }

  /**
   * The latest rate-limit snapshot this client saw, of any limit (from `account/rateLimits/updated` or
   * `rateLimits()`); undefined before the first. Verbatim: a model call whose response carried no
   * rate-limit headers is reported with null windows.
   */
  get lastRateLimits(): RateLimitSnapshot | undefined {
    return this.#rateLimits.latest;
  }

  /** The latest snapshot of each limit this client saw, by `limitId` (`"codex"` is the main limit). */
  get lastRateLimitsByLimitId(): ReadonlyMap<string, RateLimitSnapshot> {
    return this.#rateLimits.byLimitId;
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

  /** Every notification (camelCase), from any thread. */
  onAnyNotification(handler: (event: NotificationEvent) => void): Subscription {
    return this.#session.notifications.add(handler);
  }

  /** The audit trail: one event per answered server request. */
  onDecision(handler: (event: DecisionEvent) => void): Subscription {
    return this.#session.decisions.add(handler);
  }

  #adopt(info: ThreadInfo, options: ThreadOptions): Thread {
    return adoptThread(this.#session, new Thread(this.#session, info, options));
  }
}

/** The last turn of a resumed thread when it is still running, with the items it completed so far. */
function runningTurnOf(thread: ThreadInfo): Turn | undefined {
  const last = thread.turns?.at(-1);
  return last?.status === "inProgress" ? last : undefined;
}
