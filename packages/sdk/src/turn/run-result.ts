import type { ThreadItem, TokenUsageBreakdown, Turn, TurnStatus } from "../protocol-types.js";
import type { SubagentUsage, UsageCost } from "../usage/usage-types.js";

/** What a finished turn produced. `T` is the structured output's type (undefined without a schema). */
export interface RunResult<T = undefined> {
  readonly threadId: string;
  /** The turn as `turn/completed` reported it, with `items` replaced by the full list below. */
  readonly turn: Turn;
  readonly status: TurnStatus;
  /** The final answer's text: the last agent message marked `final_answer`, else the last agent message. */
  readonly finalResponse: string | null;
  /**
   * Every item of the turn in start order; items the server left open are closed (see `incompleteItemIds`).
   * By kind, typed: `resultItems(result).commandExecutions`, `itemsOfType(result, "webSearch")`.
   */
  readonly items: ThreadItem[];
  /** Items that never got `item/completed` (interrupted, superseded, declined). */
  readonly incompleteItemIds: string[];
  /**
   * This turn's own token usage (null when the server reported none): how much the thread's cumulative
   * usage grew during the turn, over all its model calls. Fields: see `TokenUsage`. The thread's running
   * total is `thread.usage()`.
   */
  readonly usage: TokenUsageBreakdown | null;
  /**
   * The turn's estimated cost in USD from the price of the model that ran (`prices` option, else
   * `BUILTIN_PRICES`); `{ usd: undefined, reason }` when it cannot be priced.
   */
  readonly cost: UsageCost;
  /**
   * Subagent threads this turn spawned (codex's `spawn_agent`), one entry per thread with its usage and
   * cost, counted apart from `usage` (their tokens are not in this thread's totals) and as far as they
   * had reported when this turn settled. Empty when it spawned none.
   */
  readonly subagents: readonly SubagentUsage[];
  /** The parsed, validated structured output when the turn ran with `outputSchema`. */
  readonly output: T;
  /** The turn's aggregated unified diff, if it changed files. */
  readonly diff: string | null;
}
