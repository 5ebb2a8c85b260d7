import type {
  ClientInfo,
  RetryOptions,
  SpawnOptions,
  Transport,
  UnixSocketTransportOptions,
  ValidationMode,
  WebSocketTransportOptions,
} from "@codex/app-server-protocol";
import type { DecisionEvent } from "../approvals/decision-event.js";
import type { ServerRequestHandlerList } from "../approvals/types.js";
import type { ConfigObject } from "../thread-options.js";
import type { Budget } from "../usage/budget-types.js";
import type { PriceTable } from "../usage/usage-types.js";
import type { SharedServerSettings } from "./shared-server/options.js";
import type { CodexWarning } from "./warnings.js";

/**
 * Spawn options of the transport: codex with extra arguments, or another program that speaks the
 * app-server protocol on stdio (a wrapper script, a test fake such as `fakeAppServerCommand(...)`).
 */
export interface SpawnCommandOptions {
  readonly type: "spawn";
  /** Run this program with exactly `args` instead of `codex app-server`; `codexPath` and `config` then do not apply. */
  readonly command?: string;
  /** With `command`: its whole argument list. Without: extra arguments after `app-server` and the `--config` flags. */
  readonly args?: readonly string[];
  /** The child's environment; takes the place of `CodexOptions.env` (same rules, see `inheritEnv`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The child's working directory; takes the place of `CodexOptions.cwd`. */
  readonly cwd?: string;
}

/**
 * The managed shared app-server of a CODEX_HOME (docs/shared-server.md): found, or started detached, by the
 * first client; it outlives every client, so turns survive an app restart and `resumeThread(id)` +
 * `thread.runningTurn()` reattach to them. `codexPath`, `config`, `env`, `inheritEnv`, `apiKey`, `baseUrl`
 * and `cwd` of `CodexOptions` apply when this client is the one that starts it.
 */
export interface SharedServerTransportOptions extends SharedServerSettings {
  readonly type: "shared";
}

/**
 * Where the app-server is: spawned by us (default; `{ type: "spawn", command, args, env }` runs another
 * program), the shared server of a CODEX_HOME (`{ type: "shared" }`), already listening on a socket, or
 * any ready `Transport` (`spawnTransport(...)`, `webSocketTransport(...)`, `unixSocketTransport(...)` or
 * your own).
 */
export type TransportOptions =
  | SpawnCommandOptions
  | SharedServerTransportOptions
  | ({ readonly type: "websocket" } & WebSocketTransportOptions)
  | ({ readonly type: "unix" } & UnixSocketTransportOptions)
  | Transport;

/** Options of `new Codex(...)`: how to reach the app-server, and the client-wide defaults. */
export interface CodexOptions<Experimental extends boolean = boolean> {
  /**
   * USD per million tokens by model id, for `result.cost`: entries here take the place of (or add to)
   * `BUILTIN_PRICES`. A thread's `prices` go over these.
   */
  readonly prices?: PriceTable;
  /**
   * Limits on what all turns of this client spend together, over every thread (tokens, estimated USD,
   * turns). See `Budget` and docs/usage-and-cost.md.
   */
  readonly budget?: Budget;
  /** The codex executable. Default: CODEX_PATH, then the pinned platform package, then PATH. */
  readonly codexPath?: string;
  /** Config overrides as a nested object, passed as `--config key=value` (TOML values). */
  readonly config?: ConfigObject;
  /** The child's environment. Replaces the inherited one unless `inheritEnv: true`. */
  readonly env?: Record<string, string | undefined>;
  /** With `env`: start from this process's environment and apply `env` on top. Default false. */
  readonly inheritEnv?: boolean;
  /** An OpenAI API key for the child (CODEX_API_KEY / OPENAI_API_KEY in its env, never argv). */
  readonly apiKey?: string;
  /** Base URL of the OpenAI provider (config `openai_base_url`), e.g. a proxy. */
  readonly baseUrl?: string;
  /** Working directory of the spawned app-server. */
  readonly cwd?: string;
  /** The server's stderr: kept in a ring buffer ("pipe", default), copied to ours ("inherit"), or per line. */
  readonly stderr?: SpawnOptions["stderr"];
  /** Spawn codex (default) or another program, connect to a running app-server, or use a ready Transport. */
  readonly transport?: TransportOptions;
  /** Identifies this app to codex (user agent, compliance logs). */
  readonly clientInfo?: ClientInfo;
  /** Opt in to experimental methods and fields (`codex.api` then includes them). */
  readonly experimentalApi?: Experimental;
  /** Notification methods the server should not send (exact wire names). */
  readonly optOutNotificationMethods?: readonly string[];
  /** Default timeout of every request. Default 60 000 ms; 0 = none. Turns themselves never time out. */
  readonly requestTimeoutMs?: number;
  /** Cap on requests awaiting a reply; more wait their turn. Default 64; 0 = no cap. */
  readonly maxInFlight?: number;
  /** Backoff for requests the server rejected as overloaded (-32001). */
  readonly retry?: RetryOptions;
  /** Schema validation of what is sent ("outgoing") and also received ("strict"). Default "off". */
  readonly validate?: ValidationMode;
  /** When the server's codex version differs from the pinned one. Default "warn". */
  readonly versionCheck?: "warn" | "strict" | "off";
  /**
   * Client-wide server-request handlers keyed by wire method (approvals, user input, tool calls...);
   * tried after the turn's and the thread's. Unanswered requests fail closed.
   */
  readonly serverRequests?: ServerRequestHandlerList;
  /** Answer with the fail-closed default when a handler takes longer than this. Default: wait. */
  readonly serverRequestTimeoutMs?: number;
  /** Default of `TurnOptions.interruptTimeoutMs`: 10 000 ms; 0 = wait for the server's confirmation. */
  readonly interruptTimeoutMs?: number;
  /** Default of `TurnOptions.stallTimeoutMs` (the opt-in stall watchdog). Default: off. */
  readonly stallTimeoutMs?: number;
  /** Default of `TurnOptions.replayWindow` (events replayed verbatim to a late reader). Default 1000. */
  readonly replayWindow?: number;
  /** Called for every answered server request (the audit trail). */
  readonly onDecision?: (event: DecisionEvent) => void;
  /**
   * Non-fatal trouble: version skew, a throwing listener or server-request handler, an unconfirmed
   * interrupt, a transport error. Default: a process warning (type "CodexWarning").
   */
  readonly onWarning?: (warning: CodexWarning) => void;
}

/** Options of `close()`. */
export interface CloseOptions {
  /**
   * Leave running turns running on the server (a shared or listening one outlives this client): only
   * the connection closes, and this client's handles of those turns reject with ConnectionClosedError.
   * Another client reattaches with `resumeThread(id)` and `thread.runningTurn()`. Default false.
   */
  readonly detach?: boolean;
}
