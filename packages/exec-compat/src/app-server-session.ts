// One long-lived app-server for a compat `Codex`: spawned on the first turn, shared by all its threads.
// Notifications are routed to threads by id; thread-level ones that arrive before a thread subscribed
// (codex warns right after thread/start) are kept briefly and handed over on subscribe.
import { Codex as AppServerCodex } from "@codex/app-server-sdk";
import { CODEX_VERSION } from "@codex/runtime";
import type { ApprovalHandler } from "./approval-handler.js";
import { IdleUnrefTransport } from "./idle-transport.js";
import { forgetHolder, recordHolder, type ThreadHolder } from "./thread-holders.js";
import { record, routing, text, type WireNotification } from "./wire-notification.js";

/** codex exec's in-process client: its name and the codex version end the user agent of model requests. */
const CLIENT_NAME = "codex_exec";
/** The originator the original sends (user agent and `originator` header of model requests). */
export const ORIGINATOR = "codex_sdk_ts";
const EARLY_BUFFER_LIMIT = 32;

export interface SpawnSettings {
  readonly codexPath: string;
  readonly args: readonly string[];
  readonly env: Record<string, string | undefined>;
  /** Logged in (in memory) once the server is up. */
  readonly apiKey?: string;
}

type Listener = (notification: WireNotification) => void;
type LooseRequest = (method: string, params: unknown, options?: { signal?: AbortSignal }) => Promise<unknown>;

export class AppServerSession implements ThreadHolder {
  readonly #client: AppServerCodex;
  readonly #owned: boolean;
  readonly #transport: IdleUnrefTransport | undefined;
  readonly #listeners = new Map<string, Listener>();
  readonly #early = new Map<string, WireNotification[]>();
  #started: Promise<void> | undefined;
  /** Threads started or resumed on this server (and not unloaded since). */
  readonly #loaded = new Set<string>();
  /** Threads with a turn running here, counted. */
  readonly #running = new Map<string, number>();
  readonly #apiKey: string | undefined;

  constructor(
    source: { spawn: SpawnSettings; approvalHandler?: ApprovalHandler } | { client: AppServerCodex },
  ) {
    if ("client" in source) {
      this.#client = source.client;
      this.#owned = false;
    } else {
      this.#transport = new IdleUnrefTransport({
        command: source.spawn.codexPath,
        args: ["app-server", ...source.spawn.args],
        env: source.spawn.env,
        inheritEnv: false,
      });
      this.#client = new AppServerCodex({
        transport: this.#transport,
        clientInfo: { name: CLIENT_NAME, version: CODEX_VERSION },
        // The caller picked the binary (codexPathOverride); the original prints nothing about versions.
        versionCheck: "off",
        ...(source.approvalHandler && { serverRequests: approvalHandlers(source.approvalHandler) }),
      });
      this.#owned = true;
      this.#apiKey = source.spawn.apiKey;
    }
    this.#client.onAnyNotification((event) => this.#route({ method: event.method, params: event.params }));
  }

  /** The server went away (crashed, or was closed): the next turn needs a new session. */
  get dead(): boolean {
    return this.#owned && this.#client.connection?.isClosed === true;
  }

  /** Keeps Node alive while an operation runs (no-op on a shared client). */
  hold(): () => void {
    return this.#transport?.hold() ?? (() => {});
  }

  /** Starts the app-server once (the first turn pays for it). */
  start(): Promise<void> {
    this.#started ??= this.#client.start().then(async () => {
      if (this.#apiKey) await this.request("account/login/start", { type: "apiKey", apiKey: this.#apiKey });
    });
    return this.#started;
  }

  /** Calls a client method by wire name; params and result in camelCase, as the SDK speaks them. */
  request(method: string, params: unknown, signal?: AbortSignal): Promise<unknown> {
    const call = this.#client.request as unknown as LooseRequest;
    return call.call(this.#client, method, params, signal ? { signal } : undefined);
  }

  /** Resolves with an error when the app-server connection closes (crash, or `close()`). */
  closed(): Promise<Error> {
    const closed = this.#client.connection?.closed;
    return closed ? closed.then((error) => error as Error) : new Promise<Error>(() => {});
  }

  isLoaded(threadId: string): boolean {
    return this.#loaded.has(threadId);
  }

  /** This server now holds the thread (it was started or resumed here). */
  markLoaded(threadId: string): void {
    this.#loaded.add(threadId);
    recordHolder(threadId, this);
  }

  isRunning(threadId: string): boolean {
    return (this.#running.get(threadId) ?? 0) > 0;
  }

  /** Marks a turn of the thread as running until the returned function is called. */
  running(threadId: string): () => void {
    this.#running.set(threadId, (this.#running.get(threadId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.#running.get(threadId) ?? 1) - 1;
      if (left > 0) this.#running.set(threadId, left);
      else this.#running.delete(threadId);
    };
  }

  /** Lets go of the thread so that another app-server can write it (resume it here again later). */
  async unload(threadId: string): Promise<void> {
    this.#loaded.delete(threadId);
    forgetHolder(threadId, this);
    await this.request("thread/unsubscribe", { threadId });
  }

  /** Routes this thread's notifications to `listener` until the returned function is called. */
  subscribe(threadId: string, listener: Listener): () => void {
    this.#listeners.set(threadId, listener);
    const early = this.#early.get(threadId);
    this.#early.delete(threadId);
    for (const notification of early ?? []) listener(notification);
    return () => {
      if (this.#listeners.get(threadId) === listener) this.#listeners.delete(threadId);
    };
  }

  async close(): Promise<void> {
    for (const threadId of this.#loaded) forgetHolder(threadId, this);
    this.#loaded.clear();
    if (!this.#owned) return;
    // The child is unref'd between turns; keep Node alive until the shutdown is done.
    const release = this.hold();
    try {
      await this.#client.close();
    } finally {
      release();
    }
  }

  #route(notification: WireNotification): void {
    const { threadId } = routing(notification.params);
    if (threadId === undefined) return;
    const listener = this.#listeners.get(threadId);
    if (listener) {
      listener(notification);
      return;
    }
    // Only thread-level warnings matter before a turn; keep a few, per thread.
    if (notification.method !== "warning") return;
    const early = this.#early.get(threadId) ?? [];
    if (early.length < EARLY_BUFFER_LIMIT) early.push(notification);
    this.#early.set(threadId, early);
  }
}

/** The SDK's server-request handlers for an approval callback: approve -> accept, anything else -> decline. */
function approvalHandlers(handler: ApprovalHandler) {
  const decide = async (request: Parameters<ApprovalHandler>[0]) => {
    try {
      return { decision: (await handler(request)) ? "accept" : "decline" } as const;
    } catch {
      return { decision: "decline" } as const;
    }
  };
  return {
    "item/commandExecution/requestApproval": (params: unknown) => {
      const p = record(params);
      return decide({
        kind: "command_execution",
        thread_id: text(p.threadId) ?? "",
        command: text(p.command) ?? "",
        cwd: text(p.cwd) ?? "",
        reason: text(p.reason) ?? null,
      });
    },
    "item/fileChange/requestApproval": (params: unknown) => {
      const p = record(params);
      return decide({
        kind: "file_change",
        thread_id: text(p.threadId) ?? "",
        reason: text(p.reason) ?? null,
      });
    },
    "mcpServer/elicitation/request": async (params: unknown) => {
      const p = record(params);
      const { decision } = await decide({
        kind: "mcp_tool_call",
        thread_id: text(p.threadId) ?? "",
        server: text(p.serverName) ?? "",
        message: text(p.message) ?? "",
      });
      return decision === "accept"
        ? ({ action: "accept", content: {} } as const)
        : ({ action: "decline" } as const);
    },
  };
}
