import { describe, expect, it } from "vitest";
import { BUILTIN_PRICES, estimateCost } from "../../src/index.js";
import { TurnState } from "../../src/turn/turn-state.js";

const usage = (input: number, cached: number, output: number) => ({
  inputTokens: input,
  cachedInputTokens: cached,
  outputTokens: output,
  reasoningOutputTokens: 0,
  totalTokens: input + output,
});

describe("estimateCost", () => {
  it("prices uncached input, cached input and output per million tokens", () => {
    const cost = estimateCost(usage(1_000_000, 400_000, 100_000), "m", {
      m: { input: 2, cachedInput: 0.5, output: 8 },
    });
    expect(cost).toEqual({
      usd: 0.6 * 2 + 0.4 * 0.5 + 0.1 * 8,
      model: "m",
      price: { input: 2, cachedInput: 0.5, output: 8 },
      source: "user",
    });
  });

  it("bills cached input at the input price when the entry has no cached price", () => {
    expect(estimateCost(usage(1_000_000, 1_000_000, 0), "m", { m: { input: 3, output: 1 } }).usd).toBe(3);
  });

  it("uses the built-in table, and a user entry over it", () => {
    const builtin = estimateCost(usage(1_000_000, 0, 0), "gpt-5");
    expect(builtin).toMatchObject({ source: "builtin", usd: BUILTIN_PRICES["gpt-5"]?.input });
    expect(estimateCost(usage(1_000_000, 0, 0), "gpt-5", { "gpt-5": { input: 9, output: 9 } })).toMatchObject(
      { usd: 9, source: "user" },
    );
  });

  it("never prices silently at zero", () => {
    expect(estimateCost(usage(10, 0, 5), "unknown-model")).toMatchObject({
      usd: undefined,
      reason: expect.stringContaining("unknown-model"),
    });
    expect(estimateCost(usage(10, 0, 5), undefined)).toMatchObject({ usd: undefined });
    expect(estimateCost(null, "gpt-5")).toMatchObject({ usd: undefined, model: "gpt-5" });
    expect(estimateCost(usage(10, 0, 5), "toString")).toMatchObject({ usd: undefined });
  });
});

describe("TurnState usage", () => {
  const report = (total: ReturnType<typeof usage>, last: ReturnType<typeof usage>) =>
    ({
      method: "thread/tokenUsage/updated",
      params: { threadId: "t", turnId: "u", tokenUsage: { total, last, modelContextWindow: null } },
    }) as const;

  it("is the growth of the thread total since the turn began, not the sum of `last`", () => {
    const state = new TurnState(() => usage(100, 0, 10));
    state.apply(report(usage(150, 0, 15), usage(50, 0, 5)));
    state.apply(report(usage(150, 0, 15), usage(50, 0, 5))); // a repeated report (interrupt)
    expect(state.snapshot().usage).toMatchObject({ inputTokens: 50, outputTokens: 5, totalTokens: 55 });
  });

  it("takes the first report's call as this turn's when the thread total before it is unknown", () => {
    const state = new TurnState();
    state.apply(report(usage(150, 0, 15), usage(50, 0, 5)));
    state.apply(report(usage(250, 0, 20), usage(100, 0, 5)));
    expect(state.snapshot().usage).toMatchObject({ inputTokens: 150, outputTokens: 10 });
  });
});
