import { forThread, reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { CodexAbortError, CodexError, TurnFailedError, type TurnHandle } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

describe("thread goals", () => {
  it("sets, reads and clears a goal (thread/goal/set|get|clear), camelCase", async () => {
    const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
    expect(await thread.goal()).toBeNull();
    // A paused goal does not make codex start work.
    const set = await thread.setGoal({ objective: "Ship the parser", status: "paused", tokenBudget: 5000 });
    expect(set).toMatchObject({
      threadId: thread.id,
      objective: "Ship the parser",
      status: "paused",
      tokenBudget: 5000,
      tokensUsed: 0,
    });
    expect(await thread.goal()).toMatchObject({ objective: "Ship the parser", status: "paused" });
    expect(await thread.setGoal({ tokenBudget: null })).toMatchObject({
      tokenBudget: null,
      status: "paused",
    });
    expect(await thread.clearGoal()).toBe(true);
    expect(await thread.goal()).toBeNull();
    expect(await thread.clearGoal()).toBe(false);
    await expect(thread.setGoal("  ")).rejects.toBeInstanceOf(CodexError);
    expect(fx.env.mock.requests.filter((r) => r.body?.input !== undefined)).toHaveLength(0);
  });

  it(
    "runs a goal over the turns codex starts on its own until the model marks it complete",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(
        forThread(thread.id),
        reply.message("Started on it."),
        reply.functionCall("update_goal", { status: "complete" }),
        reply.message("Goal reached."),
      );
      const goal = thread.startGoal("Write hello.txt");
      const turnIds: string[] = [];
      const methods: string[] = [];
      const completedItems: string[] = [];
      goal.on("item/completed", (event) => completedItems.push(event.params.item.type));
      const collect = (async () => {
        for await (const turn of goal.turns) turnIds.push((await turn.started()).id);
      })();
      for await (const event of goal) methods.push(event.method);
      await collect;
      const result = await goal.result();
      expect(goal.status).toBe("completed");
      expect(result.status).toBe("complete");
      expect(result.goal).toMatchObject({ objective: "Write hello.txt", status: "complete" });
      expect(result.turns.map((turn) => turn.status)).toEqual(["completed", "completed"]);
      expect(result.turns.map((turn) => turn.turn.id)).toEqual(turnIds);
      expect(result.finalResponse).toBe("Goal reached.");
      expect(result.turns[0]?.finalResponse).toBe("Started on it.");
      // Each turn's events in order, turn by turn; the goal's own updates are part of the stream.
      expect(methods.filter((m) => m === "turn/completed")).toHaveLength(2);
      expect(methods).toContain("thread/goal/updated");
      expect(methods.indexOf("turn/completed")).toBeLessThan(methods.lastIndexOf("turn/started"));
      expect(completedItems.filter((type) => type === "agentMessage")).toHaveLength(2);
      expect(await thread.goal()).toMatchObject({ status: "complete" });
      // The model saw the goal tools.
      const tools = JSON.stringify(fx.env.mock.requests.at(-1)?.body?.tools);
      expect(tools).toContain("update_goal");
    },
    T,
  );

  it(
    "interrupt() pauses the goal and interrupts its running turn",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(forThread(thread.id), reply.hang(reply.message("working", { done: false })));
      const goal = thread.startGoal("Endless work");
      let first: TurnHandle | undefined;
      for await (const turn of goal.turns) {
        first = turn;
        break;
      }
      await first?.started();
      await goal.interrupt();
      const result = await goal.result();
      expect(goal.status).toBe("interrupted");
      expect(result.status).toBe("paused");
      expect(first?.status).toBe("interrupted");
      expect(await thread.goal()).toMatchObject({ status: "paused" });
    },
    T,
  );

  it(
    "`break` out of the goal's events pauses the goal and interrupts the running turn",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(forThread(thread.id), reply.hang(reply.message("working", { done: false })));
      const goal = thread.startGoal("Break out");
      for await (const event of goal) {
        if (event.method === "item/started" && event.params.item.type === "agentMessage") break;
      }
      const result = await goal.result();
      expect(result.status).toBe("paused");
      expect(result.turns.map((turn) => turn.status)).toEqual(["interrupted"]);
      expect(goal.status).toBe("interrupted");
      expect(await thread.goal()).toMatchObject({ status: "paused" });
    },
    T,
  );

  it(
    "interrupt() right after codex accepted the goal also stops the turn it is starting",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(forThread(thread.id), reply.hang(reply.message("working", { done: false })));
      let interrupting: Promise<void> | undefined;
      const stop = fx.codex.onNotification("thread/goal/updated", (params) => {
        if (params.threadId === thread.id && params.goal.status === "active")
          interrupting ??= goal.interrupt();
      });
      const goal = thread.startGoal("Stop at once");
      const result = await goal.result();
      stop();
      await interrupting;
      expect(result.status).toBe("paused");
      expect(result.turns.every((turn) => turn.status === "interrupted")).toBe(true);
      expect(goal.status).toBe("interrupted");
    },
    T,
  );

  it(
    "maxTurns pauses the goal after that many turns; an aborted goal rejects with CodexAbortError",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(forThread(thread.id), reply.message("one step"));
      const result = await thread.runGoal("Many steps", { maxTurns: 1 });
      expect(result.status).toBe("paused");
      expect(result.turns).toHaveLength(1);

      const other = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(forThread(other.id), reply.hang(reply.message("working", { done: false })));
      const controller = new AbortController();
      const goal = other.startGoal("Stop me", { signal: controller.signal });
      for await (const turn of goal.turns) {
        await turn.started();
        break;
      }
      controller.abort("enough");
      await expect(goal.result()).rejects.toBeInstanceOf(CodexAbortError);
      expect(goal.status).toBe("interrupted");
    },
    T,
  );

  it(
    "a goal turn that fails rejects the goal with TurnFailedError",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(forThread(thread.id), reply.httpError(500));
      const goal = thread.startGoal("Doomed");
      await expect(goal.result()).rejects.toBeInstanceOf(TurnFailedError);
      expect(goal.status).toBe("failed");
    },
    T,
  );

  it("refuses an empty objective before sending anything", async () => {
    const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
    expect(() => thread.startGoal("")).toThrow(CodexError);
    await expect(thread.runGoal(" ")).rejects.toBeInstanceOf(CodexError);
  });
});
