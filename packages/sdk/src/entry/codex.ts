import type { CodexConnection, RequestOptions } from "@codex/app-server-protocol";
import {
  CLIENT_REQUEST_METHODS,
  EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS,
} from "@codex/app-server-protocol/light";
import type {
  AccountRateLimitsUpdatedNotification,
  RateLimitSnapshot,
  RateLimitUpdatesOptions,
} from "../account/rate-limits.js";
import type { DecisionEvent } from "../approvals/decision-event.js";
import { type ApiMethods, createApi } from "../client/api-layer.js";
import type {
  AccountOptions,
  ChatGptLoginOptions,
  CodexClient,
  ModelListOptions,
  ParamsOf,
  RequestMapFor,
  ResultOf,
  ThreadListOptions,
} from "../client/codex.js";
import type { CloseOptions, CodexOptions } from "../client/codex-options.js";
import type { Subscription } from "../client/listener-set.js";
import type { LoginHandle } from "../client/login.js";
import { type Page, pages } from "../client/page.js";
import type { CommandOptions } from "../commands/command-handle.js";
import type {
  CamelServerNotificationMap,
  ConfigWriteResponse,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  InitializeResponse,
  Model,
  ModelProviderCapabilities,
  ModelProviderListResponse,
  ServerNotificationMethod,
  ThreadInfo,
  Turn,
} from "../protocol-types.js";
import type { ForkThreadOptions, ReadThreadOptions, Thread } from "../thread.js";
import type { ThreadOptions } from "../thread-options.js";
import type { NotificationEvent } from "../turn/turn-event.js";
import { CommandHandle } from "./command-handle.js";
import { deferredIterator, deferredSubscription } from "./deferred.js";
import { loadEngine } from "./engine-loader.js";
import { FileSystem } from "./file-system.js";
import type { PublicOf } from "./public-of.js";

/**
 * The Codex client: one app-server (spawned lazily on first use, or at `start()`), its threads, the
 * account, and every other method of the protocol through `codex.api`.
 *
 * This class is a facade: what a client runs (the session, threads, turns) loads with one `import()`
 * when the first client is made, so importing the SDK stays as cheap as `pnpm bench:import` shows. Each
 * method forwards to that client once it is there; `implements` keeps both surfaces the same.
 */
export class Codex<Experimental extends boolean = false>
  // `fs` and `exec()` hand out this entry's facades of the engine's FileSystem and CommandHandle.
  implements Omit<PublicOf<CodexClient<Experimental>>, "fs" | "exec">, AsyncDisposable
{
  /** Every client method of the schema, camelCase: `codex.api.modelList({})`, `codex.api.fsReadFile({ path })`. */
  readonly api: ApiMethods<RequestMapFor<Experimental>>;
  /** The app-server host's file system (`fs/*`): read and write text or bytes, list, copy, watch. */
  readonly fs: FileSystem;

  readonly #client: Promise<CodexClient<Experimental>>;
  #ready: CodexClient<Experimental> | undefined;

  /** A client; nothing starts until the first call (or `start()`). */
  constructor(options: CodexOptions<Experimental> = {}) {
    // The engine starts loading now, so it is usually there by the first call; a failed load rejects
    // that call (and every later one), not the constructor.
    this.#client = loadEngine().then((engine) => {
      this.#ready = new engine.CodexClient<Experimental>(options);
      return this.#ready;
    });
    this.#client.catch(() => {});
    this.fs = new FileSystem(this.#client);
    const methods: readonly string[] = options.experimentalApi
      ? [...CLIENT_REQUEST_METHODS, ...EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS]
      : CLIENT_REQUEST_METHODS;
    this.api = createApi<RequestMapFor<Experimental>>(methods, (method, params, callOptions) =>
      this.#client.then((client) => client.request(method as never, params as never, callOptions)),
    );
  }

  /**
   * Runs a command (argv) in codex's sandbox without a thread (`command/exec`) and returns its live
   * handle: stream its output, write stdin, resize its PTY, terminate it, or await `result()`.
   */
  exec(command: readonly string[], options?: CommandOptions): CommandHandle {
    return new CommandHandle(this.#client, command, options);
  }

  /**
   * Starts the app-server and completes the handshake. Optional: every call starts it when needed.
   * `signal` abandons the start; the handshake's own timeout is `requestTimeoutMs` of the client.
   */
  async start(options: Pick<RequestOptions, "signal"> = {}): Promise<InitializeResponse> {
    return (await this.#client).start(options);
  }

  /** The codex version the server reported (from its user agent), once started. */
  get serverVersion(): string | undefined {
    return this.#ready?.serverVersion;
  }

  /** The underlying protocol connection, once started (wire types; for what the SDK does not cover). */
  get connection(): CodexConnection | undefined {
    return this.#ready?.connection;
  }

  /** Last lines of the server's stderr (spawned servers). */
  stderrTail(): string {
    return this.#ready?.stderrTail() ?? "";
  }

  /**
   * Stops the app-server (or leaves a socket server's connection). Running turns are interrupted first
   * (codex drops them silently on shutdown otherwise), so they settle as "interrupted"; queued turns
   * settle at once; then the server gets a staged shutdown. With `{ detach: true }` running turns are left
   * running on a server that outlives this client, to be reattached by another. Idempotent.
   */
  async close(options?: CloseOptions): Promise<void> {
    return (await this.#client).close(options);
  }

  /** `await using codex = new Codex()`: closes the client at scope end. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Calls any client method by its wire name with camelCase params; resolves with the camelCase result. */
  async request<M extends keyof RequestMapFor<Experimental> & string>(
    method: M,
    params: ParamsOf<RequestMapFor<Experimental>, M>,
    options?: RequestOptions,
  ): Promise<ResultOf<RequestMapFor<Experimental>, M>> {
    return (await this.#client).request(method, params, options);
  }

  // --- threads -------------------------------------------------------------------------------------

  /** Starts a new thread (`thread/start`). */
  async startThread(options?: ThreadOptions): Promise<Thread> {
    return (await this.#client).startThread(options);
  }

  /**
   * Resumes a stored thread (also one written by another process) by id. When a turn of it is still
   * running on the server (its client died, or another client started it), `thread.runningTurn()` is a
   * handle that streams the rest of that turn and resolves with its result (docs/shared-server.md).
   */
  async resumeThread(threadId: string, options?: ThreadOptions): Promise<Thread> {
    return (await this.#client).resumeThread(threadId, options);
  }

  /** Resumes the most recently updated stored thread. Throws CodexError when there is none. */
  async resumeLastThread(options?: ThreadOptions): Promise<Thread> {
    return (await this.#client).resumeLastThread(options);
  }

  /** Copies a thread (through `lastTurnId` when given) into a new one. */
  async forkThread(threadId: string, options?: ForkThreadOptions): Promise<Thread> {
    return (await this.#client).forkThread(threadId, options);
  }

  /** One page of stored threads; pass the previous page's `nextCursor` for the next one. */
  async listThreads(
    filters?: ThreadListOptions & { readonly cursor?: string | null },
    options?: RequestOptions,
  ): Promise<Page<ThreadInfo>> {
    return (await this.#client).listThreads(filters, options);
  }

  /** Every stored thread matching `filters`, fetched page by page as you iterate. */
  threads(filters: ThreadListOptions = {}, options?: RequestOptions): AsyncIterable<ThreadInfo> {
    return pages((cursor) => this.listThreads({ ...filters, cursor }, options));
  }

  /** Reads a stored thread (`thread/read`), with its turns when `includeTurns`. */
  async readThread(threadId: string, options?: ReadThreadOptions): Promise<ThreadInfo> {
    return (await this.#client).readThread(threadId, options);
  }

  /** Archives a thread (`thread/archive`). */
  async archiveThread(threadId: string, options?: RequestOptions): Promise<void> {
    return (await this.#client).archiveThread(threadId, options);
  }

  /**
   * Takes a thread out of the archive (`thread/unarchive`) and resumes it with `options` (codex does not
   * load an unarchived thread by itself), so the returned Thread takes turns at once.
   */
  async unarchiveThread(
    threadId: string,
    options?: ThreadOptions,
    requestOptions?: RequestOptions,
  ): Promise<Thread> {
    return (await this.#client).unarchiveThread(threadId, options, requestOptions);
  }

  /** Names a thread (`thread/name/set`). */
  async setThreadName(threadId: string, name: string, options?: RequestOptions): Promise<void> {
    return (await this.#client).setThreadName(threadId, name, options);
  }

  /**
   * Compacts a thread and waits for the compaction to finish, like `thread.compact()` (queued behind
   * the thread's running turns when this client holds the thread).
   */
  async compactThread(threadId: string, options?: RequestOptions): Promise<Turn> {
    return (await this.#client).compactThread(threadId, options);
  }

  /** Drops `beforeTurnId` and later turns from the stored history (`thread/revert`); files stay as they are. */
  async revertThread(threadId: string, beforeTurnId: string, options?: RequestOptions): Promise<void> {
    return (await this.#client).revertThread(threadId, beforeTurnId, options);
  }

  // --- account and catalog -------------------------------------------------------------------------

  /** One page of the models the server offers; pass the previous page's `nextCursor` for the next one. */
  async listModels(
    filters?: ModelListOptions & { readonly cursor?: string | null },
    options?: RequestOptions,
  ): Promise<Page<Model>> {
    return (await this.#client).listModels(filters, options);
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
    return (await this.#client).listModelProviders(options);
  }

  /**
   * Makes `providerId` the default provider of new threads by writing `model_provider` to the user's
   * config.toml (threads already started keep theirs). Throws InvalidRequestError for an unknown id.
   */
  async setDefaultModelProvider(providerId: string, options?: RequestOptions): Promise<ConfigWriteResponse> {
    return (await this.#client).setDefaultModelProvider(providerId, options);
  }

  /** What the default model provider supports (web search, image generation). */
  async modelProviderCapabilities(options?: RequestOptions): Promise<ModelProviderCapabilities> {
    return (await this.#client).modelProviderCapabilities(options);
  }

  /** The account codex uses (`account/read`); `refreshToken: true` refreshes a ChatGPT token first. */
  async account(options?: AccountOptions): Promise<GetAccountResponse> {
    return (await this.#client).account(options);
  }

  /** Throws NotLoggedInError when codex needs OpenAI credentials and has none. */
  async requireLogin(options?: RequestOptions): Promise<GetAccountResponse> {
    return (await this.#client).requireLogin(options);
  }

  /** Logs codex in with an OpenAI API key. */
  async loginWithApiKey(apiKey: string, options?: RequestOptions): Promise<void> {
    return (await this.#client).loginWithApiKey(apiKey, options);
  }

  /** Starts a ChatGPT login: the browser flow (default) or the device-code flow. */
  async loginWithChatGpt(options?: ChatGptLoginOptions): Promise<LoginHandle> {
    return (await this.#client).loginWithChatGpt(options);
  }

  /** Logs codex out (`account/logout`). */
  async logout(options?: RequestOptions): Promise<void> {
    return (await this.#client).logout(options);
  }

  /**
   * Reads the account's rate limits (`account/rateLimits/read`): codex fetches them from the ChatGPT
   * backend, so this needs a ChatGPT login and throws NotLoggedInError without one (an API-key login
   * included). The result also becomes `lastRateLimits`. See docs/rate-limits.md.
   */
  async rateLimits(options?: RequestOptions): Promise<GetAccountRateLimitsResponse> {
    return (await this.#client).rateLimits(options);
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
    if (this.#ready) return this.#ready.rateLimitUpdates(options);
    // Listening starts as soon as the client exists, before any connection: nothing is missed.
    return deferredIterator(this.#client.then((client) => client.rateLimitUpdates(options)));
  }

  /**
   * The latest rate-limit snapshot this client saw, of any limit (from `account/rateLimits/updated` or
   * `rateLimits()`); undefined before the first. Verbatim: a model call whose response carried no
   * rate-limit headers is reported with null windows.
   */
  get lastRateLimits(): RateLimitSnapshot | undefined {
    return this.#ready?.lastRateLimits;
  }

  /** The latest snapshot of each limit this client saw, by `limitId` (`"codex"` is the main limit). */
  get lastRateLimitsByLimitId(): ReadonlyMap<string, RateLimitSnapshot> {
    return this.#ready?.lastRateLimitsByLimitId ?? new Map();
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
    return deferredSubscription(this.#ready, this.#client, (client) =>
      client.onNotification(method, handler),
    );
  }

  /** Every notification (camelCase), from any thread. */
  onAnyNotification(handler: (event: NotificationEvent) => void): Subscription {
    return deferredSubscription(this.#ready, this.#client, (client) => client.onAnyNotification(handler));
  }

  /** The audit trail: one event per answered server request. */
  onDecision(handler: (event: DecisionEvent) => void): Subscription {
    return deferredSubscription(this.#ready, this.#client, (client) => client.onDecision(handler));
  }
}
