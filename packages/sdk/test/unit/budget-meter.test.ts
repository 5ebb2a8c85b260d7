import { describe, expect, it } from "vitest";
import { BudgetGuard } from "../../src/usage/budget-guard.js";
import { BudgetMeter } from "../../src/usage/budget-meter.js";
import { zeroUsage } from "../../src/usage/usage-math.js";

const usage = (totalTokens: number) => ({ ...zeroUsage(), inputTokens: totalTokens, totalTokens });

describe("BudgetMeter", () => {
  it("refuses a malformed budget at once", () => {
    expect(() => new BudgetMeter("thread", { maxTokens: -1 })).toThrow(
      /budget.maxTokens must be a number >= 0/,
    );
    expect(() => new BudgetMeter("thread", { maxCostUsd: Number.NaN })).toThrow(TypeError);
    expect(() => new BudgetMeter("thread", { maxTurns: "2" as unknown as number })).toThrow(TypeError);
  });

  it("warns once per limit at warnAt, and not for the charge that uses the limit up", () => {
    const meter = new BudgetMeter("client", { maxTokens: 100, warnAt: 0.5 });
    expect(meter.charge(40, 0).warnings).toEqual([]);
    expect(meter.charge(10, 0).warnings).toEqual([
      { scope: "client", limit: "tokens", max: 100, spent: 50, fraction: 0.5 },
    ]);
    expect(meter.charge(10, 0).warnings).toEqual([]);
    const jump = new BudgetMeter("client", { maxTokens: 100 });
    expect(jump.charge(120, 0)).toEqual({
      exceeded: { scope: "client", limit: "tokens", max: 100, spent: 120 },
      warnings: [],
    });
  });

  it("sends no warning with warnAt 1", () => {
    const meter = new BudgetMeter("turn", { maxTokens: 100, warnAt: 1 });
    expect(meter.charge(99, 0).warnings).toEqual([]);
  });

  it("counts the last allowed turn as it starts and refuses only the next", () => {
    const meter = new BudgetMeter("thread", { maxTurns: 1 });
    expect(meter.usedUp()).toBeUndefined();
    expect(meter.countTurn().exceeded).toBeUndefined();
    expect(meter.usedUp()).toEqual({ scope: "thread", limit: "turns", max: 1, spent: 1 });
  });
});

describe("BudgetGuard", () => {
  it("charges only what a turn's usage grew by since its last report, to every scope", () => {
    const thread = new BudgetMeter("thread", { maxTokens: 1000 });
    const client = new BudgetMeter("client", { maxTokens: 1000 });
    const guard = new BudgetGuard([thread, client], "t");
    guard.charge(usage(100), "m", undefined, "turn");
    guard.charge(usage(100), "m", undefined, "turn"); // an interrupted turn repeats its last report
    guard.charge(usage(250), "m", undefined, "turn");
    expect([thread.tokens, client.tokens]).toEqual([250, 250]);
    // A second turn of the same thread starts from zero again.
    new BudgetGuard([thread, client], "t").charge(usage(30), "m", undefined, "turn2");
    expect(thread.tokens).toBe(280);
  });

  it("prices each report at the model's price and stops at the cost limit", () => {
    const meter = new BudgetMeter("turn", { maxCostUsd: 0.01 });
    const guard = new BudgetGuard([meter], "t");
    const prices = { m: { input: 10, output: 10 } };
    expect(guard.charge(usage(500), "m", prices, "x").stop).toBeUndefined();
    expect(meter.costUsd).toBeCloseTo(0.005, 12);
    const { stop } = guard.charge(usage(1000), "m", prices, "x");
    expect(stop).toMatchObject({ name: "BudgetExceededError", scope: "turn", limit: "costUsd", turnId: "x" });
  });

  it("stops a turn rerouted to a model with no price when a cost limit applies", () => {
    const guard = new BudgetGuard([new BudgetMeter("thread", { maxCostUsd: 1 })], "t");
    expect(guard.refusal("gpt-5", undefined)).toBeUndefined();
    expect(guard.charge(usage(10), "unpriced-model", undefined, "x").stop).toMatchObject({
      name: "BudgetPriceMissingError",
      model: "unpriced-model",
    });
  });
});
