import { CodexError } from "@codex/app-server-protocol/light";
import type { BudgetLimit, BudgetScope, BudgetStatus } from "./budget-types.js";
import type { TokenUsage } from "./usage-types.js";

const UNITS: Record<BudgetLimit, (n: number) => string> = {
  tokens: (n) => `${n} tokens`,
  costUsd: (n) => `$${n.toFixed(4)}`,
  turns: (n) => `${n} turns`,
};

/**
 * A budget (`budget` option of the turn, thread or client) was used up. A running turn that reached it
 * was interrupted (`turnId` set, `usage` is what it spent up to then); a turn that would have started
 * over it did not start (`turnId` undefined, nothing was sent).
 */
export class BudgetExceededError extends CodexError implements BudgetStatus {
  override name = "BudgetExceededError";
  readonly scope: BudgetScope;
  readonly limit: BudgetLimit;
  readonly max: number;
  readonly spent: number;
  constructor(
    status: BudgetStatus,
    readonly threadId: string,
    /** The interrupted turn; undefined when the turn was refused before it started. */
    readonly turnId: string | undefined,
    /** The turn's own usage up to the interrupt (null when refused, or when codex reported none). */
    readonly usage: TokenUsage | null,
  ) {
    const what = `the ${status.scope} budget of ${UNITS[status.limit](status.max)} is used up (spent ${UNITS[status.limit](status.spent)})`;
    super(
      turnId === undefined
        ? `Turn on thread ${threadId} not started: ${what}.`
        : `Turn ${turnId} on thread ${threadId} interrupted: ${what}.`,
    );
    this.scope = status.scope;
    this.limit = status.limit;
    this.max = status.max;
    this.spent = status.spent;
  }
}

/** A `maxCostUsd` budget applies, but the model has no price: the SDK cannot enforce it, so it stops. */
export class BudgetPriceMissingError extends CodexError {
  override name = "BudgetPriceMissingError";
  constructor(
    readonly scope: BudgetScope,
    readonly model: string | undefined,
    readonly threadId: string,
    readonly turnId: string | undefined,
  ) {
    super(
      `The ${scope} budget has maxCostUsd, but ${model === undefined ? "the model is not known" : `model "${model}" has no price`}: ` +
        "pass it in the `prices` option (client or thread) to enforce the budget.",
    );
  }
}
