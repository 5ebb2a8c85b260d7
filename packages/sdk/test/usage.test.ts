import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { useFixture } from "./support/codex-fixture.js";

const T = 60_000;
const fx = useFixture(T, { codex: { prices: { "mock-model": { input: 1, cachedInput: 0.1, output: 10 } } } });

describe("usage and cost on the real binary", () => {
  it(
    "reports each turn's own usage and the thread's running total, over two turns and two model calls",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueue(
        reply.withUsage(reply.execCommand("echo hi"), { input: 100, cached: 40, output: 20, reasoning: 7 }),
        reply.withUsage(reply.message("done"), { input: 200, cached: 150, output: 30 }),
      );
      const first = await thread.run("first");
      expect(first.usage).toMatchObject({
        inputTokens: 300,
        cachedInputTokens: 190,
        outputTokens: 50,
        reasoningOutputTokens: 7,
        totalTokens: 350,
      });
      expect(thread.usage()?.total.totalTokens).toBe(350);
      expect(thread.usage()?.last.totalTokens).toBe(230);

      fx.env.mock.enqueue(
        reply.withUsage(reply.message("second"), { input: 300, cached: 250, output: 11, reasoning: 3 }),
      );
      const second = await thread.run("second");
      expect(second.usage).toMatchObject({
        inputTokens: 300,
        cachedInputTokens: 250,
        outputTokens: 11,
        totalTokens: 311,
      });
      expect(thread.usage()?.total).toMatchObject({ inputTokens: 600, outputTokens: 61, totalTokens: 661 });
      // The user's price for the mock model: 50 uncached + 250 cached input, 11 output.
      expect(second.cost).toMatchObject({ model: "mock-model", source: "user" });
      expect(second.cost.usd).toBeCloseTo((50 * 1 + 250 * 0.1 + 11 * 10) / 1e6, 12);
    },
    T,
  );

  it(
    "counts nothing for a turn interrupted before any model call completed",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueue(reply.withUsage(reply.message("one"), { input: 40, output: 2 }));
      await thread.run("one");
      fx.env.mock.enqueue(reply.hang(reply.message("partial", { done: false })));
      const turn = thread.turn("hang");
      await turn.started();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await turn.interrupt();
      const result = await turn.result();
      expect(result.status).toBe("interrupted");
      // Codex repeats the previous call's report on interrupt: summing `last` would count 42 again.
      expect(result.usage?.totalTokens ?? 0).toBe(0);
      expect(thread.usage()?.total.totalTokens).toBe(42);
    },
    T,
  );

  it(
    "counts a compaction's tokens in the thread's total, not in the next turn's usage",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueue(reply.withUsage(reply.message("one"), { input: 100, output: 10 }));
      await thread.run("one");
      fx.env.mock.enqueue(reply.withUsage(reply.message("SUMMARY: one"), { input: 300, output: 30 }));
      expect((await thread.compact()).status).toBe("completed");
      expect(thread.usage()?.total.totalTokens).toBe(440);
      fx.env.mock.enqueue(reply.withUsage(reply.message("three"), { input: 50, output: 5 }));
      const next = await thread.run("three");
      expect(next.usage?.totalTokens).toBe(55);
      expect(thread.usage()?.total.totalTokens).toBe(495);
    },
    T,
  );

  it(
    "gives a reason instead of a cost when the model has no price",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace, prices: {} });
      fx.env.mock.enqueue(reply.message("x"));
      const bare = fx.newClient({ prices: {} });
      const other = await bare.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueue(reply.message("y"));
      const priced = await thread.run("x");
      expect(priced.cost.usd).toBeGreaterThan(0);
      const unpriced = await other.run("y");
      expect(unpriced.cost).toEqual({
        usd: undefined,
        model: "mock-model",
        reason: 'no price for model "mock-model": pass it in the `prices` option',
      });
    },
    T,
  );
});
