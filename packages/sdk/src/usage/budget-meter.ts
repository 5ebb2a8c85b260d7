import type { Budget, BudgetLimit, BudgetScope, BudgetStatus } from "./budget-types.js";

const DEFAULT_WARN_AT = 0.8;

/** What one charge to a meter crossed: limits now used up, and limits past their warning fraction. */
export interface MeterCrossings {
  readonly exceeded: BudgetStatus | undefined;
  readonly warnings: readonly (BudgetStatus & { readonly fraction: number })[];
}

/**
 * @internal What was spent against one budget (a turn's, a thread's or the client's), and which of its
 * limits have warned. Meters of several scopes are charged together by a turn's BudgetGuard.
 */
export class BudgetMeter {
  tokens = 0;
  costUsd = 0;
  turns = 0;
  readonly #warned = new Set<BudgetLimit>();

  constructor(
    readonly scope: BudgetScope,
    readonly budget: Budget,
  ) {
    for (const [key, value] of Object.entries(budget)) {
      if (value !== undefined && (typeof value !== "number" || !(value >= 0))) {
        throw new TypeError(`budget.${key} must be a number >= 0, got ${String(value)}`);
      }
    }
  }

  /** Whether a cost limit applies (turns then need a price). */
  get limitsCost(): boolean {
    return this.budget.maxCostUsd !== undefined;
  }

  /** The first limit already used up, if any: a new turn must not start. */
  usedUp(): BudgetStatus | undefined {
    return this.#statuses().find((status) => status.spent >= status.max);
  }

  /** Counts a turn that starts. */
  countTurn(): MeterCrossings {
    this.turns += 1;
    return this.#crossings(["turns"]);
  }

  /** Adds usage spent by a running turn; says what that crossed. */
  charge(tokens: number, costUsd: number): MeterCrossings {
    this.tokens += tokens;
    this.costUsd += costUsd;
    return this.#crossings(["tokens", "costUsd"]);
  }

  #crossings(limits: readonly BudgetLimit[]): MeterCrossings {
    const statuses = this.#statuses().filter((status) => limits.includes(status.limit));
    // A turn counted as it starts uses the last allowed turn; only the next start is refused.
    const exceeded = statuses.find((status) => status.limit !== "turns" && status.spent >= status.max);
    const fraction = this.budget.warnAt ?? DEFAULT_WARN_AT;
    const warnings = [];
    for (const status of statuses) {
      if (fraction >= 1 || this.#warned.has(status.limit) || status.spent < fraction * status.max) continue;
      this.#warned.add(status.limit);
      if (status !== exceeded) warnings.push({ ...status, fraction });
    }
    return { exceeded, warnings };
  }

  #statuses(): BudgetStatus[] {
    const { maxTokens, maxCostUsd, maxTurns } = this.budget;
    const statuses: BudgetStatus[] = [];
    if (maxTokens !== undefined) statuses.push(this.#status("tokens", maxTokens, this.tokens));
    if (maxCostUsd !== undefined) statuses.push(this.#status("costUsd", maxCostUsd, this.costUsd));
    if (maxTurns !== undefined) statuses.push(this.#status("turns", maxTurns, this.turns));
    return statuses;
  }

  #status(limit: BudgetLimit, max: number, spent: number): BudgetStatus {
    return { scope: this.scope, limit, max, spent };
  }
}
