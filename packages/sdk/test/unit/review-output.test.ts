import { describe, expect, expectTypeOf, it } from "vitest";
import type { GoalResult, ReviewHandle, ReviewResult, Thread, ThreadGoalStatus } from "../../src/index.js";
import type { ThreadItem } from "../../src/protocol-types.js";
import { reviewOutputOf } from "../../src/review/review-output.js";

const agent = (text: string): ThreadItem =>
  ({ type: "agentMessage", id: `msg-${text.length}`, text, phase: null }) as unknown as ThreadItem;
const exited = (review: string): ThreadItem =>
  ({ type: "exitedReviewMode", id: "exit", review }) as ThreadItem;

/** How codex 0.169.0 renders a review into the exitedReviewMode item (observed on the real binary). */
const RENDERED = [
  "Two problems in the loop.",
  "",
  "Full review comments:",
  "",
  "- [P1] Off-by-one — /repo/loop.js:2-3",
  "  The loop stops one element early.",
  "  It skips the last item.",
  "",
  "- [P2] Unused variable — /repo/loop.js:7",
  "  `y` is never read.",
].join("\n");

describe("reviewOutputOf", () => {
  it("takes the structured findings from the model's JSON reply", () => {
    const json = JSON.stringify({
      findings: [
        {
          title: "[P0] Crash",
          body: "Null deref.",
          confidence_score: 0.95,
          priority: 0,
          code_location: { absolute_file_path: "/repo/a.ts", line_range: { start: 4, end: 9 } },
        },
        { title: "No location", body: "General.", confidence_score: 0.2 },
      ],
      overall_correctness: "patch is incorrect",
      overall_explanation: "It crashes.",
      overall_confidence_score: 0.9,
    });
    expect(
      reviewOutputOf([agent(json), exited("It crashes.\n\n- [P0] Crash — /repo/a.ts:4-9\n  Null deref.")]),
    ).toEqual({
      reviewText: "It crashes.\n\n- [P0] Crash — /repo/a.ts:4-9\n  Null deref.",
      findings: [
        {
          title: "[P0] Crash",
          body: "Null deref.",
          priority: 0,
          confidenceScore: 0.95,
          location: { path: "/repo/a.ts", startLine: 4, endLine: 9 },
        },
        { title: "No location", body: "General.", priority: null, confidenceScore: 0.2, location: null },
      ],
      overallCorrectness: "patch is incorrect",
      overallExplanation: "It crashes.",
      overallConfidenceScore: 0.9,
    });
  });

  it("falls back to codex's rendered review text (priority from the [Pn] tag, no confidence)", () => {
    const output = reviewOutputOf([agent("not json"), exited(RENDERED), agent(RENDERED)]);
    expect(output.findings).toEqual([
      {
        title: "[P1] Off-by-one",
        body: "The loop stops one element early.\nIt skips the last item.",
        priority: 1,
        confidenceScore: null,
        location: { path: "/repo/loop.js", startLine: 2, endLine: 3 },
      },
      {
        title: "[P2] Unused variable",
        body: "`y` is never read.",
        priority: 2,
        confidenceScore: null,
        location: { path: "/repo/loop.js", startLine: 7, endLine: 7 },
      },
    ]);
    expect(output.overallExplanation).toBe("Two problems in the loop.");
    expect(output.overallCorrectness).toBeNull();
  });

  it("ignores JSON that is not a review and a turn without review items", () => {
    expect(reviewOutputOf([agent('{"answer": 42}')])).toEqual({
      reviewText: null,
      findings: [],
      overallCorrectness: null,
      overallExplanation: null,
      overallConfidenceScore: null,
    });
  });

  it("types: review() is a TurnHandle whose result has findings; runGoal settles with a goal status", () => {
    expectTypeOf<ReturnType<Thread["review"]>>().toEqualTypeOf<ReviewHandle>();
    expectTypeOf<Awaited<ReturnType<ReviewHandle["result"]>>>().toEqualTypeOf<ReviewResult>();
    expectTypeOf<ReviewResult["findings"][number]["priority"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Awaited<ReturnType<Thread["runGoal"]>>>().toEqualTypeOf<GoalResult>();
    expectTypeOf<GoalResult["status"]>().toEqualTypeOf<ThreadGoalStatus>();
  });
});
