import { forThread, reply } from "@codex/app-server-testing";
import { SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { ATTR } from "../src/index.js";
import { appTracer, codex, env, spansNamed, T, useTracedCodex } from "./support/traced-codex.js";

/** Turns the SDK does not start with turn/start (a review's, a goal's) get turn spans too. */
useTracedCodex();

const parentOf = (span: ReadableSpan | undefined): string | undefined => span?.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan | undefined): string | undefined => span?.spanContext().spanId;

/** Turn spans end in a promise reaction after the turn's result; wait until `count` have ended. */
async function turnSpans(count: number): Promise<ReadableSpan[]> {
  for (let i = 0; i < 100 && spansNamed("invoke_agent codex").length < count; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return spansNamed("invoke_agent codex");
}

describe("turn spans for reviews and goals", () => {
  it(
    "a review gets a turn span under the review() caller's span, with review/start as its child",
    async () => {
      env.mock.enqueue(reply.message("Nothing to report."));
      const thread = await codex.startThread({ cwd: env.workspace });
      const result = await appTracer.startActiveSpan("handle review", async (appSpan) => {
        try {
          return await thread.review({ type: "custom", instructions: "Check the loop bounds." }).result();
        } finally {
          appSpan.end();
        }
      });
      expect(result.status).toBe("completed");
      const turns = await turnSpans(1);
      expect(turns).toHaveLength(1);
      const [turn] = turns;
      const [app] = spansNamed("handle review");
      expect(parentOf(turn)).toBe(idOf(app));
      expect(turn?.attributes[ATTR.codexThreadId]).toBe(thread.id);
      expect(turn?.attributes[ATTR.codexTurnId]).toBe(result.turn.id);
      expect(turn?.attributes[ATTR.codexTurnStatus]).toBe("completed");
      expect(turn?.status.code).not.toBe(SpanStatusCode.ERROR);
      const [reviewStart] = spansNamed("review/start");
      expect(parentOf(reviewStart)).toBe(idOf(turn));
    },
    T,
  );

  it(
    "each goal turn gets a turn span under the startGoal() caller's span",
    async () => {
      const thread = await codex.startThread({ cwd: env.workspace });
      env.mock.enqueueFor(
        forThread(thread.id),
        reply.message("Started on it."),
        reply.functionCall("update_goal", { status: "complete" }),
        reply.message("Goal reached."),
      );
      const result = await appTracer.startActiveSpan("handle goal", async (appSpan) => {
        try {
          return await thread.runGoal("Write hello.txt");
        } finally {
          appSpan.end();
        }
      });
      expect(result.status).toBe("complete");
      expect(result.turns).toHaveLength(2);
      const turns = await turnSpans(2);
      const [app] = spansNamed("handle goal");
      expect(turns.map((span) => span.attributes[ATTR.codexTurnId]).sort()).toEqual(
        result.turns.map((turn) => turn.turn.id).sort(),
      );
      for (const turn of turns) {
        expect(parentOf(turn)).toBe(idOf(app));
        expect(turn.attributes[ATTR.codexThreadId]).toBe(thread.id);
        expect(turn.attributes[ATTR.codexTurnStatus]).toBe("completed");
      }
      // The goal's own request stays under the caller's span.
      const [goalSet] = spansNamed("thread/goal/set");
      expect(parentOf(goalSet)).toBe(idOf(app));
    },
    T,
  );
});
