/** Budgets: types only, so options at every level (client, thread, turn) can name them. */

/**
 * Limits on what turns may spend. A limit is used up when what was spent reaches it: a running turn
 * that reaches one is interrupted and settles with `BudgetExceededError`; a turn that would start with
 * one used up does not start. Codex reports usage after each model call, so a turn can overshoot by at
 * most the call that crossed the limit.
 */
export interface Budget {
  /** Tokens (`totalTokens`: input, cached input included, plus output). */
  readonly maxTokens?: number;
  /**
   * Estimated USD, priced as `result.cost` is (`prices` option, then `BUILTIN_PRICES`). A turn on a model
   * with no price does not start (or stops, if codex reroutes it to one) with `BudgetPriceMissingError`.
   */
  readonly maxCostUsd?: number;
  /** Turns started: `thread.turn()`/`run()`, review turns and the turns codex starts for a goal. */
  readonly maxTurns?: number;
  /**
   * The fraction of a limit at which one warning is sent (through `onWarning` and the turn's stream as
   * an `sdk/budgetWarning` event). Default 0.8; `1` or more: no warning.
   */
  readonly warnAt?: number;
}

/** A turn's own budget: turns are not counted within one turn. */
export type TurnBudget = Omit<Budget, "maxTurns">;

/** Which budget: the turn's (`TurnOptions.budget`), its thread's, or the client's (`CodexOptions.budget`). */
export type BudgetScope = "turn" | "thread" | "client";

/** Which limit of a budget. */
export type BudgetLimit = "tokens" | "costUsd" | "turns";

/** Where one limit of a budget stands. */
export interface BudgetStatus {
  readonly scope: BudgetScope;
  readonly limit: BudgetLimit;
  /** The limit as configured. */
  readonly max: number;
  /** What was spent against it so far (tokens, USD or turns). */
  readonly spent: number;
}

/** The params of the SDK's `sdk/budgetWarning` turn event (also in `CodexWarning.budget`). */
export interface BudgetWarning extends BudgetStatus {
  /** The fraction (`warnAt`) that was reached. */
  readonly fraction: number;
  /** The thread and turn whose usage reached it. */
  readonly threadId: string;
  readonly turnId: string | undefined;
}
