import { BudgetGuard } from "./budget-guard.js";
import { BudgetMeter } from "./budget-meter.js";
import type { Budget, TurnBudget } from "./budget-types.js";

/** One meter per client (keyed by its session), made on first use from `CodexOptions.budget`. */
const clientMeters = new WeakMap<object, BudgetMeter | undefined>();

/** @internal The client's budget meter, shared by all its threads; undefined without a budget. */
export function clientMeter(client: object, budget: Budget | undefined): BudgetMeter | undefined {
  if (!clientMeters.has(client)) clientMeters.set(client, budget && new BudgetMeter("client", budget));
  return clientMeters.get(client);
}

/** @internal A thread's budget meter; undefined without a budget. Throws on a malformed budget. */
export function threadMeter(budget: Budget | undefined): BudgetMeter | undefined {
  return budget && new BudgetMeter("thread", budget);
}

/** @internal The guard of one turn over its own, its thread's and its client's budgets; undefined if none. */
export function turnGuard(
  threadId: string,
  turnBudget: TurnBudget | undefined,
  ...outer: (BudgetMeter | undefined)[]
): BudgetGuard | undefined {
  const meters = [turnBudget && new BudgetMeter("turn", turnBudget), ...outer].filter(
    (meter): meter is BudgetMeter => meter !== undefined,
  );
  return meters.length ? new BudgetGuard(meters, threadId) : undefined;
}
