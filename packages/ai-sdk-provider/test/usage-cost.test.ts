import { reply } from "@codex/app-server-testing";
import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import type { CodexProviderMetadata } from "../src/index.js";
import { useProviderFixture } from "./support/provider-fixture.js";

const T = 60_000;
const fx = useProviderFixture(T);

// Prices exact in binary, so the expected USD is an exact double.
const PRICE = { input: 2, cachedInput: 0.5, output: 8 };

/** `providerMetadata.codex`, checked to survive a JSON round trip unchanged (no undefined anywhere). */
function codexMetadata(metadata: Record<string, unknown> | undefined): CodexProviderMetadata {
  const codex = metadata?.codex;
  if (typeof codex !== "object" || codex === null) throw new Error("no providerMetadata.codex");
  expect(JSON.parse(JSON.stringify(codex))).toStrictEqual(codex);
  return codex as CodexProviderMetadata;
}

describe("usage and cost in providerMetadata", () => {
  it(
    "generateText with a user price: the turn's tokens in usage, its exact USD and the thread's running total",
    async () => {
      const provider = fx.newProvider({
        codexOptions: {
          codexPath: fx.env.codexPath,
          env: fx.env.env,
          cwd: fx.env.workspace,
          prices: { "mock-model": PRICE },
        },
      });
      const model = provider();
      const conversation = { codex: { conversationId: "usage-cost" } };
      fx.env.mock.enqueue(
        reply.withUsage(reply.message("first"), { input: 100, cached: 40, output: 20, reasoning: 7 }),
      );
      const first = await generateText({ model, prompt: "one", providerOptions: conversation });
      expect(first.usage).toMatchObject({ inputTokens: 100, outputTokens: 20, totalTokens: 120 });
      expect(first.usage.inputTokenDetails).toMatchObject({ cacheReadTokens: 40, noCacheTokens: 60 });
      expect(first.usage.outputTokenDetails).toMatchObject({ reasoningTokens: 7, textTokens: 13 });
      const firstMeta = codexMetadata(first.providerMetadata);
      expect(firstMeta).toMatchObject({
        status: "completed",
        // 60 uncached × 2 + 40 cached × 0.5 + 20 output × 8, per million.
        costUsd: 300 / 1e6,
        costSource: "user",
        costModel: "mock-model",
        threadUsage: {
          total: { inputTokens: 100, cachedInputTokens: 40, outputTokens: 20, totalTokens: 120 },
          last: { totalTokens: 120 },
        },
      });
      expect(firstMeta).not.toHaveProperty("costReason");

      fx.env.mock.enqueue(reply.withUsage(reply.message("second"), { input: 200, cached: 100, output: 10 }));
      const second = await generateText({ model, prompt: "two", providerOptions: conversation });
      const secondMeta = codexMetadata(second.providerMetadata);
      expect(secondMeta.threadId).toBe(firstMeta.threadId);
      // The call's usage and cost are the second turn's own; threadUsage is the thread's total after it.
      expect(second.usage).toMatchObject({ inputTokens: 200, outputTokens: 10, totalTokens: 210 });
      expect(secondMeta.costUsd).toBe(330 / 1e6);
      expect(secondMeta.threadUsage).toStrictEqual({
        total: {
          inputTokens: 300,
          cachedInputTokens: 140,
          outputTokens: 30,
          reasoningOutputTokens: 7,
          totalTokens: 330,
          cacheWriteInputTokens: 0,
        },
        last: {
          inputTokens: 200,
          cachedInputTokens: 100,
          outputTokens: 10,
          reasoningOutputTokens: 0,
          totalTokens: 210,
          cacheWriteInputTokens: 0,
        },
        modelContextWindow: expect.any(Number),
      });
    },
    T,
  );

  it(
    "streamText without a price: the finish part's metadata gives the reason, not a cost",
    async () => {
      fx.env.mock.enqueue(reply.withUsage(reply.message("streamed"), { input: 12, output: 3 }));
      const result = streamText({ model: fx.codex(), prompt: "stream" });
      const finishes = [];
      for await (const part of result.fullStream) if (part.type === "finish-step") finishes.push(part);
      expect(finishes).toHaveLength(1);
      expect(await result.totalUsage).toMatchObject({ inputTokens: 12, outputTokens: 3, totalTokens: 15 });
      const meta = codexMetadata(finishes[0]?.providerMetadata);
      expect(meta).toMatchObject({
        status: "completed",
        costModel: "mock-model",
        costReason: 'no price for model "mock-model": pass it in the `prices` option',
        threadUsage: { total: { inputTokens: 12, outputTokens: 3, totalTokens: 15 } },
      });
      expect(meta).not.toHaveProperty("costUsd");
      expect(meta).not.toHaveProperty("costSource");
      expect(codexMetadata(await result.providerMetadata)).toStrictEqual(meta);
    },
    T,
  );
});
