import { Codex } from "@codex/app-server-sdk";
import { forThread, reply, withUserText } from "@codex/app-server-testing";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTR } from "../src/index.js";
import { codex, env, spansNamed, T, useTracedCodex } from "./support/traced-codex.js";

useTracedCodex();

// Prices exact in binary, so the expected USD is an exact double.
const PRICE = { input: 2, cachedInput: 0.5, output: 8 };
let priced: Codex;

beforeAll(() => {
  priced = new Codex({
    codexPath: env.codexPath,
    env: env.env,
    cwd: env.workspace,
    clientInfo: { name: "otel_usage_tests", version: "0.0.0" },
    prices: { "mock-model": PRICE },
  });
});
afterAll(() => priced?.close(), T);

/** The ended span of the turn `turnId` (turn spans end in a reaction after the result settles). */
async function turnSpan(turnId?: string): Promise<ReadableSpan> {
  const find = () =>
    spansNamed("invoke_agent codex").find(
      (s) => turnId === undefined || s.attributes[ATTR.codexTurnId] === turnId,
    );
  for (let i = 0; i < 100 && !find(); i++) await new Promise((r) => setTimeout(r, 10));
  const span = find();
  if (!span) throw new Error(`no turn span for ${turnId ?? "the turn"}`);
  return span;
}

describe("usage and cost on turn spans", () => {
  it(
    "a user price: the turn's own tokens and its exact USD, source user; a second turn counts only its own",
    async () => {
      const thread = await priced.startThread({ cwd: env.workspace, approvalPolicy: "never" });
      env.mock.enqueue(
        reply.withUsage(reply.execCommand("echo hi"), { input: 100, cached: 40, output: 20, reasoning: 7 }),
        reply.withUsage(reply.message("done"), { input: 200, cached: 150, output: 30 }),
      );
      const first = await thread.run("first");
      const firstSpan = await turnSpan(first.turn.id);
      expect(firstSpan.attributes).toMatchObject({
        [ATTR.genAiUsageInputTokens]: 300,
        [ATTR.genAiUsageCacheReadInputTokens]: 190,
        [ATTR.genAiUsageOutputTokens]: 50,
        [ATTR.codexReasoningOutputTokens]: 7,
        [ATTR.codexUsageTotalTokens]: 350,
        // 110 uncached × 2 + 190 cached × 0.5 + 50 output × 8, per million.
        [ATTR.codexUsageCostUsd]: 715 / 1e6,
        [ATTR.codexUsageCostSource]: "user",
        [ATTR.codexUsageCostModel]: "mock-model",
      });
      expect(firstSpan.attributes[ATTR.codexUsageCostUsd]).toBe(first.cost.usd);
      expect(firstSpan.attributes[ATTR.codexUsageCostUnavailableReason]).toBeUndefined();

      env.mock.enqueue(reply.withUsage(reply.message("again"), { input: 400, cached: 0, output: 10 }));
      const second = await thread.run("second");
      const secondSpan = await turnSpan(second.turn.id);
      // Not the thread's running total (700 in, 60 out): the second turn's own call.
      expect(secondSpan.attributes).toMatchObject({
        [ATTR.genAiUsageInputTokens]: 400,
        [ATTR.genAiUsageCacheReadInputTokens]: 0,
        [ATTR.genAiUsageOutputTokens]: 10,
        [ATTR.codexUsageTotalTokens]: 410,
        [ATTR.codexUsageCostUsd]: 880 / 1e6,
      });
      expect(thread.usage()?.total.totalTokens).toBe(760);
    },
    T,
  );

  it(
    "no price for the model: no cost attribute, the reason instead (never a silent 0)",
    async () => {
      const thread = await codex.startThread({ cwd: env.workspace });
      env.mock.enqueue(reply.withUsage(reply.message("hi"), { input: 12, output: 3 }));
      const result = await thread.run("hi");
      const span = await turnSpan(result.turn.id);
      expect(span.attributes).toMatchObject({
        [ATTR.genAiUsageInputTokens]: 12,
        [ATTR.genAiUsageOutputTokens]: 3,
        [ATTR.codexUsageTotalTokens]: 15,
        [ATTR.codexUsageCostModel]: "mock-model",
        [ATTR.codexUsageCostUnavailableReason]:
          'no price for model "mock-model": pass it in the `prices` option',
      });
      expect(span.attributes).not.toHaveProperty(ATTR.codexUsageCostUsd);
      expect(span.attributes).not.toHaveProperty(ATTR.codexUsageCostSource);
    },
    T,
  );

  it(
    "a turn that spawned a subagent: its count, tokens and cost, apart from the turn's own",
    async () => {
      const thread = await priced.startThread({ cwd: env.workspace });
      let child = "";
      const stop = priced.onNotification("item/completed", ({ item }) => {
        if (item.type === "collabAgentToolCall") child = item.receiverThreadIds[0] ?? child;
      });
      env.mock.enqueueFor(
        withUserText("otel child"),
        reply.withUsage(reply.message("c"), { input: 500, output: 50 }),
      );
      env.mock.enqueueFor(
        forThread(thread.id),
        reply.withUsage(reply.spawnAgent("otel child"), { input: 100, output: 10 }),
        () => reply.withUsage(reply.waitAgent([child]), { input: 120, output: 10 }),
        reply.withUsage(reply.message("parent done"), { input: 130, output: 10 }),
      );
      const result = await thread.run("delegate");
      stop();
      const span = await turnSpan(result.turn.id);
      expect(span.attributes).toMatchObject({
        [ATTR.codexUsageTotalTokens]: 380,
        [ATTR.codexSubagentCount]: 1,
        [ATTR.codexSubagentTotalTokens]: 550,
        [ATTR.codexSubagentCostUsd]: (500 * PRICE.input + 50 * PRICE.output) / 1e6,
      });
    },
    T,
  );

  it(
    "a failed turn: the tokens its completed model call used, priced all the same",
    async () => {
      const thread = await priced.startThread({ cwd: env.workspace, approvalPolicy: "never" });
      env.mock.enqueue(
        reply.withUsage(reply.execCommand("echo once"), { input: 60, cached: 10, output: 6, reasoning: 2 }),
        reply.responseFailed("mock failure"),
      );
      await expect(thread.run("fail after one call")).rejects.toThrow();
      const span = await turnSpan();
      expect(span.attributes).toMatchObject({
        [ATTR.codexTurnStatus]: "failed",
        [ATTR.genAiUsageInputTokens]: 60,
        [ATTR.genAiUsageCacheReadInputTokens]: 10,
        [ATTR.genAiUsageOutputTokens]: 6,
        [ATTR.codexReasoningOutputTokens]: 2,
        [ATTR.codexUsageTotalTokens]: 66,
        // 50 uncached and 10 cached input tokens, 6 output, at the user's price.
        [ATTR.codexUsageCostUsd]: (50 * PRICE.input + 10 * PRICE.cachedInput + 6 * PRICE.output) / 1e6,
        [ATTR.codexUsageCostSource]: "user",
      });
      expect(span.attributes).not.toHaveProperty(ATTR.codexUsageCostUnavailableReason);
    },
    T,
  );
});
