import { BudgetExceededError, BudgetPriceMissingError } from "./budget-errors.js";
import type { BudgetMeter } from "./budget-meter.js";
import type { BudgetStatus } from "./budget-types.js";
import { priceOf, usdFor } from "./cost.js";
import type { ModelPrice, PriceTable, TokenUsage } from "./usage-types.js";

/** Why a turn must stop, or must not start. */
export type BudgetStop = BudgetExceededError | BudgetPriceMissingError;

/** A limit a turn reached, or a warning fraction it passed, while it ran or as it started. */
export interface BudgetCrossings {
  /** Stop the turn with this error. */
  readonly stop: BudgetStop | undefined;
  readonly warnings: readonly (BudgetStatus & { readonly fraction: number })[];
}

const NONE: BudgetCrossings = { stop: undefined, warnings: [] };

/**
 * @internal One turn's view of the budgets that apply to it (its own, its thread's, the client's): it
 * refuses a start over any of them, counts the turn, and charges each usage report's growth to all.
 */
export class BudgetGuard {
  #tokens = 0;
  #usd = 0;

  constructor(
    readonly meters: readonly BudgetMeter[],
    readonly threadId: string,
  ) {}

  /** Why the turn must not start, if it must not: a limit used up, or a cost limit on an unpriced model. */
  refusal(model: string | undefined, prices: PriceTable | undefined): BudgetStop | undefined {
    for (const meter of this.meters) {
      const usedUp = meter.usedUp();
      if (usedUp) return new BudgetExceededError(usedUp, this.threadId, undefined, null);
    }
    return this.#priceMissing(model, prices, undefined);
  }

  /** The turn started: counts it against the thread's and client's `maxTurns`. */
  started(): BudgetCrossings {
    const warnings = this.meters
      .filter((meter) => meter.scope !== "turn")
      .flatMap((m) => m.countTurn().warnings);
    return warnings.length ? { stop: undefined, warnings } : NONE;
  }

  /** Codex reported the turn's usage so far (`turnUsage`): charges what it grew by since the last report. */
  charge(
    turnUsage: TokenUsage | null,
    model: string | undefined,
    prices: PriceTable | undefined,
    turnId: string | undefined,
  ): BudgetCrossings {
    if (!turnUsage || this.meters.length === 0) return NONE;
    const price = priceFor(model, prices);
    const usd = price ? usdFor(turnUsage, price) : 0;
    const tokens = Math.max(0, turnUsage.totalTokens - this.#tokens);
    const usdDelta = Math.max(0, usd - this.#usd);
    this.#tokens = Math.max(this.#tokens, turnUsage.totalTokens);
    this.#usd = Math.max(this.#usd, usd);
    return this.#chargeAll(tokens, usdDelta, model, prices, turnId);
  }

  /** A subagent of the turn used `growth` more on `model`: charged to the same budgets. */
  chargeGrowth(
    growth: TokenUsage,
    model: string | undefined,
    prices: PriceTable | undefined,
    turnId: string | undefined,
  ): BudgetCrossings {
    if (this.meters.length === 0) return NONE;
    const price = priceFor(model, prices);
    return this.#chargeAll(growth.totalTokens, price ? usdFor(growth, price) : 0, model, prices, turnId);
  }

  #chargeAll(
    tokens: number,
    usd: number,
    model: string | undefined,
    prices: PriceTable | undefined,
    turnId: string | undefined,
  ): BudgetCrossings {
    let exceeded: BudgetStatus | undefined;
    const warnings = [];
    for (const meter of this.meters) {
      const crossed = meter.charge(tokens, usd);
      exceeded ??= crossed.exceeded;
      warnings.push(...crossed.warnings);
    }
    const stop = exceeded
      ? new BudgetExceededError(exceeded, this.threadId, turnId, null)
      : this.#priceMissing(model, prices, turnId);
    return { stop, warnings };
  }

  #priceMissing(
    model: string | undefined,
    prices: PriceTable | undefined,
    turnId: string | undefined,
  ): BudgetPriceMissingError | undefined {
    const costMeter = this.meters.find((meter) => meter.limitsCost);
    if (!costMeter || (model !== undefined && priceOf(model, prices))) return undefined;
    return new BudgetPriceMissingError(costMeter.scope, model, this.threadId, turnId);
  }
}

function priceFor(model: string | undefined, prices: PriceTable | undefined): ModelPrice | undefined {
  return model === undefined ? undefined : priceOf(model, prices)?.price;
}
