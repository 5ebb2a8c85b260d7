import { forThread, reply, withUserText } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import {
  BudgetExceededError,
  BudgetPriceMissingError,
  type CodexWarning,
  type TurnEvent,
} from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 60_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

/** $0.001 a token, input or output: a turn's cost is its token count / 1000. */
const prices = { "mock-model": { input: 1000, output: 1000 } };

/** Settles with the error `promise` rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe("budgets on the real binary", () => {
  it(
    "a turn's token budget warns at 80%, then interrupts the streaming turn after the call that reached it",
    async () => {
      const warnings: CodexWarning[] = [];
      const codex = fx.newClient({ onWarning: (warning) => warnings.push(warning) });
      const thread = await codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(
        withUserText("work until the budget"),
        reply.withUsage(reply.execCommand("echo one"), { input: 100, output: 70 }),
        reply.withUsage(reply.execCommand("echo two"), { input: 30, output: 10 }),
        // Never reached when the SDK stops the turn: the hang would leave it running.
        reply.hang(reply.message("runaway", { done: false })),
      );
      const turn = thread.turn("work until the budget", { budget: { maxTokens: 200 } });
      const events: TurnEvent[] = [];
      const streamError = await (async () => {
        for await (const event of turn) events.push(event);
      })().catch((error: unknown) => error);

      expect(streamError).toBeInstanceOf(BudgetExceededError);
      const error = streamError as BudgetExceededError;
      expect(error).toMatchObject({
        scope: "turn",
        limit: "tokens",
        max: 200,
        spent: 210,
        threadId: thread.id,
      });
      expect(error.turnId).toBe(turn.id);
      expect(error.usage?.totalTokens).toBe(210);
      expect(error.message).toContain("the turn budget of 200 tokens is used up (spent 210 tokens)");
      await expect(turn.result()).rejects.toBe(streamError);
      expect(turn.status).toBe("interrupted");

      const warning = events.find((event) => event.method === "sdk/budgetWarning");
      expect(warning?.params).toEqual({
        scope: "turn",
        limit: "tokens",
        max: 200,
        spent: 170,
        fraction: 0.8,
        threadId: thread.id,
        turnId: turn.id,
      });
      // The warning follows the usage report that caused it, and precedes the one that stopped the turn.
      const usageReports = events.flatMap((event, i) =>
        event.method === "thread/tokenUsage/updated" ? [i] : [],
      );
      expect(events.indexOf(warning as TurnEvent)).toBeGreaterThan(usageReports[0] as number);
      expect(events.indexOf(warning as TurnEvent)).toBeLessThan(usageReports[1] as number);
      expect(warnings.filter((w) => w.kind === "budgetWarning").map((w) => w.budget?.spent)).toEqual([170]);
      // The thread goes on: the next turn (no budget) runs.
      fx.env.mock.enqueueFor(forThread(thread.id), reply.message("next"));
      expect((await thread.run("next")).finalResponse).toBe("next");
    },
    T,
  );

  it(
    "a client's cost budget spans its threads: the turn that reaches it stops, the next one does not start",
    async () => {
      const codex = fx.newClient({ prices, budget: { maxCostUsd: 0.05 } });
      const first = await codex.startThread({ cwd: fx.env.workspace });
      const second = await codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(
        forThread(first.id),
        reply.withUsage(reply.message("cheap"), { input: 30, output: 10 }),
      );
      const one = await first.run("one");
      expect(one.cost.usd).toBeCloseTo(0.04, 12);

      fx.env.mock.enqueueFor(
        forThread(second.id),
        reply.withUsage(reply.execCommand("echo more"), { input: 20, output: 5 }),
        reply.hang(reply.message("runaway", { done: false })),
      );
      const error = await rejection(second.run("two"));
      expect(error).toBeInstanceOf(BudgetExceededError);
      expect(error).toMatchObject({ scope: "client", limit: "costUsd", max: 0.05 });
      expect((error as BudgetExceededError).spent).toBeCloseTo(0.065, 12);
      expect((error as BudgetExceededError).turnId).toMatch(/./);

      const requests = fx.env.mock.requests.length;
      const refused = await rejection(first.run("three"));
      expect(refused).toBeInstanceOf(BudgetExceededError);
      expect(refused).toMatchObject({ scope: "client", limit: "costUsd", turnId: undefined, usage: null });
      expect((refused as Error).message).toMatch(
        /^Turn on thread .* not started: the client budget of \$0\.0500/,
      );
      expect(fx.env.mock.requests.length).toBe(requests);
    },
    T,
  );

  it(
    "a thread's maxTurns lets that many turns run and refuses the next before anything is sent",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace, budget: { maxTurns: 2 } });
      fx.env.mock.enqueueFor(forThread(thread.id), reply.message("a"), reply.message("b"));
      expect((await thread.run("a")).finalResponse).toBe("a");
      expect((await thread.run("b")).finalResponse).toBe("b");
      const requests = fx.env.mock.requests.length;
      const error = await rejection(thread.run("c"));
      expect(error).toMatchObject({ scope: "thread", limit: "turns", max: 2, spent: 2, turnId: undefined });
      expect(fx.env.mock.requests.length).toBe(requests);
      // Another Thread object on the same client has its own (no) budget.
      const other = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(forThread(other.id), reply.message("d"));
      expect((await other.run("d")).finalResponse).toBe("d");
    },
    T,
  );

  it(
    "a goal is stopped by its thread's token budget: the goal turn is interrupted and the goal paused",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace, budget: { maxTokens: 150 } });
      fx.env.mock.enqueueFor(
        forThread(thread.id),
        reply.withUsage(reply.message("Started on it."), { input: 80, output: 20 }),
        reply.withUsage(reply.execCommand("echo step"), { input: 60, output: 40 }),
        reply.hang(reply.message("runaway", { done: false })),
      );
      const goal = thread.startGoal("Endless work");
      const error = await rejection(goal.result());
      expect(error).toBeInstanceOf(BudgetExceededError);
      expect(error).toMatchObject({ scope: "thread", limit: "tokens", max: 150, spent: 200 });
      const turns = [];
      for await (const turn of goal.turns) turns.push(turn);
      expect(turns.map((turn) => turn.status)).toEqual(["completed", "interrupted"]);
      await expect.poll(async () => (await thread.goal())?.status).toBe("paused");
      // Nothing runs on: no turn is left running and codex asks the model nothing more.
      const requests = fx.env.mock.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fx.env.mock.requests.length).toBe(requests);
    },
    T,
  );

  it(
    "a cost budget on a model without a price refuses the turn instead of running it unchecked",
    async () => {
      const codex = fx.newClient({ prices: {}, budget: { maxCostUsd: 1 } });
      const thread = await codex.startThread({ cwd: fx.env.workspace });
      const requests = fx.env.mock.requests.length;
      const error = await rejection(thread.run("x"));
      expect(error).toBeInstanceOf(BudgetPriceMissingError);
      expect(error).toMatchObject({ scope: "client", model: "mock-model", turnId: undefined });
      expect((error as Error).message).toContain('model "mock-model" has no price');
      expect(fx.env.mock.requests.length).toBe(requests);
    },
    T,
  );
});
