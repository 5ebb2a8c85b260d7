import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { forThread, reply } from "@codex/app-server-testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReviewHandle, TURN_START_CHANNEL, type TurnHandle, type TurnStartMessage } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

/** What a subscriber saw: the message, the caller's context at publish time, and the turn's item types. */
interface Seen {
  readonly message: TurnStartMessage;
  readonly caller: string | undefined;
  readonly items: string[];
}

const callers = new AsyncLocalStorage<string>();
let seen: Seen[] = [];
const onTurn = (message: unknown): void => {
  const start = message as TurnStartMessage;
  const entry: Seen = { message: start, caller: callers.getStore(), items: [] };
  // Attached synchronously in the subscriber: it must see the turn's first items.
  start.turn.on("item/completed", (event) => entry.items.push(event.params.item.type));
  seen.push(entry);
};
beforeEach(() => {
  seen = [];
  subscribe(TURN_START_CHANNEL, onTurn);
});
afterEach(() => {
  unsubscribe(TURN_START_CHANNEL, onTurn);
});

describe("codex:sdk:turn:start for turns codex starts itself", () => {
  it(
    "publishes a review as its ReviewHandle, with no input, the review options, in the review() caller's context",
    async () => {
      fx.env.mock.enqueue(reply.message("Nothing to report."));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const options = { serverRequestTimeoutMs: 5_000 };
      const review = callers.run("review caller", () =>
        thread.review({ type: "custom", instructions: "Check the loop bounds." }, options),
      );
      const result = await review.result();
      expect(result.status).toBe("completed");
      expect(seen).toHaveLength(1);
      const [entry] = seen;
      expect(entry?.message.turn).toBe(review);
      expect(entry?.message.turn).toBeInstanceOf(ReviewHandle);
      expect(entry?.message.threadId).toBe(thread.id);
      expect(entry?.message.input).toEqual([]);
      expect(entry?.message.options).toBe(options);
      expect(entry?.caller).toBe("review caller");
      expect(entry?.items).toContain("enteredReviewMode");
      expect(entry?.items).toContain("exitedReviewMode");
    },
    T,
  );

  it(
    "publishes every goal turn once the goal claims it, in the startGoal() caller's context",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      fx.env.mock.enqueueFor(
        forThread(thread.id),
        reply.message("Started on it."),
        reply.functionCall("update_goal", { status: "complete" }),
        reply.message("Goal reached."),
      );
      const options = { tokenBudget: 100_000 };
      const goal = callers.run("goal caller", () => thread.startGoal("Write hello.txt", options));
      const handles: TurnHandle[] = [];
      for await (const turn of goal.turns) handles.push(turn);
      const result = await goal.result();
      expect(result.status).toBe("complete");
      expect(handles).toHaveLength(2);
      expect(seen.map((entry) => entry.message.turn)).toEqual(handles);
      for (const entry of seen) {
        expect(entry.message.threadId).toBe(thread.id);
        expect(entry.message.input).toEqual([]);
        expect(entry.message.options).toBe(options);
        // The turn was claimed from a notification; the subscriber still runs in the caller's context.
        expect(entry.caller).toBe("goal caller");
        expect(entry.items).toContain("agentMessage");
      }
    },
    T,
  );

  it(
    "thread.turn() still publishes its own input and options, and nothing is published without subscribers",
    async () => {
      fx.env.mock.enqueue(reply.message("one"), reply.message("two"));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const options = { model: "gpt-test" };
      await callers.run("turn caller", () => thread.run("hello", options));
      expect(seen.map((entry) => [entry.message.input, entry.message.options, entry.caller])).toEqual([
        ["hello", options, "turn caller"],
      ]);
      unsubscribe(TURN_START_CHANNEL, onTurn);
      await thread.run("again");
      expect(seen).toHaveLength(1);
    },
    T,
  );
});
