/** The options of threads and turns: types only, so every layer may name them without loading anything. */
import type { ApprovalMode } from "./approvals/approval-mode.js";
import type { ServerRequestHandlerList } from "./approvals/types.js";
import type {
  ApprovalsReviewer,
  AskForApproval,
  Personality,
  ReasoningEffort,
  ReasoningSummary,
  SandboxMode,
  SandboxPolicy,
  ThreadStartParams,
  TurnStartParams,
  WebSearchMode,
} from "./protocol-types.js";
import type { OutputSchema } from "./structured-output/schema-types.js";
import type { Tool } from "./tools/tool-types.js";
import type { Budget, TurnBudget } from "./usage/budget-types.js";
import type { PriceTable } from "./usage/usage-types.js";

/** A nested codex config object (keys as in config.toml). */
export interface ConfigObject {
  readonly [key: string]: unknown;
}

/** How a thread runs. Everything is optional; codex's config supplies the rest. */
export interface ThreadOptions {
  /** Prices for this thread's `result.cost`, over the client's `prices` and `BUILTIN_PRICES`. */
  readonly prices?: PriceTable;
  /**
   * Limits on what this thread's turns spend together (through this Thread object: turns, reviews and
   * the turns of its goals): tokens, estimated USD, turns. See `Budget` and docs/usage-and-cost.md.
   */
  readonly budget?: Budget;
  readonly model?: string;
  readonly modelProvider?: string;
  /** Working directory of the agent. Default: the app-server's cwd. */
  readonly cwd?: string;
  /** `"read-only" | "workspace-write" | "danger-full-access"`. */
  readonly sandbox?: SandboxMode;
  /** `"untrusted" | "on-request" | "never"` (granular forms need experimentalApi). */
  readonly approvalPolicy?: AskForApproval;
  /**
   * Who answers approval requests: `"user"` (your `serverRequests` handlers, the default) or
   * `"auto_review"` (codex's reviewer agent decides; its verdicts stream as `item/autoApprovalReview/*`).
   */
  readonly approvalsReviewer?: ApprovalsReviewer;
  /**
   * Shorthand for `approvalPolicy` + `approvalsReviewer` (+ `sandbox` for the bypass): `"autoReview"`,
   * `"denyAll"` or `"dangerouslyBypassApprovalsAndSandbox"`. Fields given explicitly win over the mode's.
   */
  readonly approvalMode?: ApprovalMode;
  readonly reasoningEffort?: ReasoningEffort;
  readonly reasoningSummary?: ReasoningSummary;
  readonly personality?: Personality;
  /** Replaces codex's built-in instructions. */
  readonly baseInstructions?: string;
  /** Extra developer instructions added to the conversation. */
  readonly developerInstructions?: string;
  /** More writable roots for the workspace-write sandbox. */
  readonly additionalDirectories?: readonly string[];
  /** Allow network access from sandboxed commands (workspace-write). */
  readonly networkAccess?: boolean;
  /** `"disabled" | "cached" | "indexed" | "live"`. */
  readonly webSearch?: WebSearchMode;
  /** Not written to disk: cannot be resumed in another process. */
  readonly ephemeral?: boolean;
  readonly serviceTier?: string;
  /** Per-thread codex config overrides (nested, as in config.toml). */
  readonly config?: ConfigObject;
  /**
   * Experimental (needs `experimentalApi: true`): tools your app implements. The model's calls arrive as
   * `item/tool/call` server requests; answer them with a `serverRequests` handler (unanswered: a failure).
   */
  readonly dynamicTools?: ThreadStartParams["dynamicTools"];
  /**
   * Experimental (needs `experimentalApi: true`, else ExperimentalApiError): tools made with `tool()`
   * that the agent can call. The SDK offers them to the model, validates each call's arguments and runs
   * `execute`; see docs/host-tools.md.
   */
  readonly tools?: readonly Tool[];
  /** Server-request handlers (approvals, user input, tool calls...) for this thread's turns, tried before the client's. */
  readonly serverRequests?: ServerRequestHandlerList;
  /** Answer with the fail-closed default when a handler takes longer than this. Default: wait. */
  readonly serverRequestTimeoutMs?: number;
  /** Default of `TurnOptions.interruptTimeoutMs` for this thread's turns. */
  readonly interruptTimeoutMs?: number;
  /** Default of `TurnOptions.stallTimeoutMs` for this thread's turns. */
  readonly stallTimeoutMs?: number;
  /** Default of `TurnOptions.replayWindow` for this thread's turns. */
  readonly replayWindow?: number;
}

/** Per-turn options. Overrides apply to this turn and, as codex does, to the thread's later turns. */
export interface TurnOptions<S extends OutputSchema | undefined = undefined> {
  /** Aborting interrupts the turn; the handle rejects with CodexAbortError. */
  readonly signal?: AbortSignal;
  /** JSON Schema or Standard Schema (zod...) for the final response; parsed into `result.output`. */
  readonly outputSchema?: S;
  /** Limits on what this turn alone spends (tokens, estimated USD), on top of its thread's and client's. */
  readonly budget?: TurnBudget;
  readonly model?: string;
  readonly cwd?: string;
  readonly approvalPolicy?: AskForApproval;
  /** Who answers this turn's approval requests (see `ThreadOptions.approvalsReviewer`). */
  readonly approvalsReviewer?: ApprovalsReviewer;
  /** Shorthand for `approvalPolicy` + `approvalsReviewer` (+ a full-access sandbox for the bypass). */
  readonly approvalMode?: ApprovalMode;
  /**
   * The turn's sandbox: a mode name (`"read-only"`, `"workspace-write"`, `"danger-full-access"`) for the
   * default preset, or a policy (e.g. `sandboxPresets.workspaceWrite({ networkAccess: true })`).
   * `sandboxPolicy` wins when both are given.
   */
  readonly sandbox?: SandboxMode | SandboxPolicy;
  readonly sandboxPolicy?: SandboxPolicy;
  readonly reasoningEffort?: ReasoningEffort;
  readonly reasoningSummary?: ReasoningSummary;
  readonly personality?: Personality;
  readonly serviceTier?: string;
  /** Experimental (needs `experimentalApi: true`): e.g. plan mode, where the agent may ask the user questions. */
  readonly collaborationMode?: TurnStartParams["collaborationMode"];
  /** Server-request handlers for this turn only (tried first, before the thread's and the client's). */
  readonly serverRequests?: ServerRequestHandlerList;
  /** Answer with the fail-closed default when a handler takes longer than this. Default: the thread's, else wait. */
  readonly serverRequestTimeoutMs?: number;
  /**
   * How long `interrupt()` (or an abort, or `break`) waits for the server to confirm before the turn
   * settles as interrupted locally, with a warning. Default 10 000 ms; 0 = wait for the server.
   */
  readonly interruptTimeoutMs?: number;
  /**
   * Opt-in stall watchdog: when the running turn sends no event for this long, it fails with
   * TurnStalledError (and is interrupted). Paused while a server request (e.g. an approval) waits for
   * an answer. Default: off.
   */
  readonly stallTimeoutMs?: number;
  /**
   * How many of the turn's most recent events a reader that starts late (an iterator or stream opened
   * mid-turn or after it) still gets one by one; older deltas reach it merged per item, lifecycle events
   * always. Bounds the turn's memory however long it streams. Default 1000; `Infinity` keeps every event.
   */
  readonly replayWindow?: number;
}
