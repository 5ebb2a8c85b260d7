import { forThread, reply, withUserText } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { BudgetExceededError, type Thread } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 60_000;
const fx = useFixture(T, {
  config: { features: { shell_snapshot: false } },
  codex: { prices: { "mock-model": { input: 1, output: 10 } } },
});

/** The parent spawns a subagent, waits for it, then answers; the child answers at once. */
function scriptSpawn(thread: Thread, childText: string): { childThreadId: () => string } {
  let child = "";
  fx.codex.onNotification("item/completed", ({ item, threadId }) => {
    if (threadId === thread.id && item.type === "collabAgentToolCall" && item.tool === "spawnAgent")
      child = item.receiverThreadIds[0] ?? "";
  });
  fx.env.mock.enqueueFor(
    withUserText(childText),
    reply.withUsage(reply.message("child done"), { input: 500, output: 50 }),
  );
  // By thread, not by text: once the child is done codex tells the parent in a message of its own.
  fx.env.mock.enqueueFor(
    forThread(thread.id),
    reply.withUsage(reply.spawnAgent(childText), { input: 100, output: 10 }),
    () => reply.withUsage(reply.waitAgent([child]), { input: 120, output: 10 }),
    reply.withUsage(reply.message("parent done"), { input: 130, output: 10 }),
  );
  return { childThreadId: () => child };
}

describe("subagent usage on the real binary", () => {
  it(
    "lists a spawned subagent's usage apart from the turn's own, which the thread's totals leave out too",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const { childThreadId } = scriptSpawn(thread, "child: count the files");
      const result = await thread.run("parent: delegate");
      expect(result.finalResponse).toBe("parent done");
      expect(result.usage?.totalTokens).toBe(380);
      expect(thread.usage()?.total.totalTokens).toBe(380);
      expect(result.subagents).toHaveLength(1);
      const [child] = result.subagents;
      expect(child?.threadId).toBe(childThreadId());
      expect(child?.turnIds).toHaveLength(1);
      expect(child?.usage).toMatchObject({ inputTokens: 500, outputTokens: 50, totalTokens: 550 });
      expect(child?.model).toBe("mock-model");
      expect(child?.cost.usd).toBeCloseTo((500 * 1 + 50 * 10) / 1e6, 12);
    },
    T,
  );

  it(
    "charges a subagent's tokens to the spawning turn's budget",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      scriptSpawn(thread, "child: spend a lot");
      const error = await thread.run("parent: spend", { budget: { maxTokens: 500 } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BudgetExceededError);
      // The parent's own first call (110) plus the child's 550.
      expect(error).toMatchObject({ scope: "turn", limit: "tokens", max: 500, spent: 660 });
    },
    T,
  );

  it(
    "a turn that spawns nothing lists no subagents",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(withUserText("alone"), reply.message("alone"));
      expect((await thread.run("alone")).subagents).toEqual([]);
    },
    T,
  );
});
