import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { CodexAbortError, type CodexWarning, type ReviewTarget, ReviewTargetError } from "../src/index.js";
import { lastPrompt, useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: fx.env.workspace, encoding: "utf8" }).trim();
}

/** The JSON object codex's review prompt asks the model for. */
function reviewJson(path: string) {
  return JSON.stringify({
    findings: [
      {
        title: "[P1] Off-by-one in the loop",
        body: "The loop stops one element early.",
        confidence_score: 0.8,
        priority: 1,
        code_location: { absolute_file_path: path, line_range: { start: 2, end: 3 } },
      },
      {
        title: "[P3] Unclear name",
        body: "Rename `x`.",
        confidence_score: 0.4,
        priority: 3,
        code_location: { absolute_file_path: path, line_range: { start: 1, end: 1 } },
      },
    ],
    overall_correctness: "patch is incorrect",
    overall_explanation: "One real bug.",
    overall_confidence_score: 0.7,
  });
}

describe("thread.review", () => {
  let repoReady = false;
  async function repo(): Promise<string> {
    const file = join(fx.env.workspace, "loop.js");
    if (!repoReady) {
      git("init", "-q", "-b", "main");
      git("config", "user.email", "t@example.com");
      git("config", "user.name", "t");
      await writeFile(file, "let x = 0;\nfor (let i = 0; i < 3; i++) x++;\n");
      git("add", ".");
      git("commit", "-qm", "first");
      git("checkout", "-qb", "feature");
      await writeFile(file, "let x = 0;\nfor (let i = 0; i < 2; i++) x++;\n");
      git("commit", "-qam", "second");
      await writeFile(file, "let x = 1;\nfor (let i = 0; i < 2; i++) x++;\n");
      repoReady = true;
    }
    return file;
  }

  it(
    "reviews uncommitted changes: streams like a turn and result() has the structured findings",
    async () => {
      const file = await repo();
      fx.env.mock.enqueue(reply.message(reviewJson(file)));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const review = thread.review({ type: "uncommittedChanges" });
      const types: string[] = [];
      for await (const event of review) {
        if (event.method === "item/completed") types.push(event.params.item.type);
      }
      const result = await review.result();
      expect(review.status).toBe("completed");
      expect(types).toContain("enteredReviewMode");
      expect(types).toContain("exitedReviewMode");
      expect(result.status).toBe("completed");
      expect(result.findings).toEqual([
        {
          title: "[P1] Off-by-one in the loop",
          body: "The loop stops one element early.",
          priority: 1,
          confidenceScore: 0.8,
          location: { path: file, startLine: 2, endLine: 3 },
        },
        {
          title: "[P3] Unclear name",
          body: "Rename `x`.",
          priority: 3,
          confidenceScore: 0.4,
          location: { path: file, startLine: 1, endLine: 1 },
        },
      ]);
      expect(result.overallCorrectness).toBe("patch is incorrect");
      expect(result.overallExplanation).toBe("One real bug.");
      expect(result.overallConfidenceScore).toBe(0.7);
      // What codex rendered for people names each finding and its location.
      expect(result.reviewText).toContain(`[P1] Off-by-one in the loop — ${file}:2-3`);
      expect(result.finalResponse).toBe(result.reviewText);
      expect(lastPrompt(fx.env.mock.requests.at(-1)!)).toMatch(/current code changes/);
      expect(JSON.stringify(fx.env.mock.requests.at(-1)!.body)).toContain("Review guidelines");
    },
    T,
  );

  const targets: [string, () => ReviewTarget, RegExp][] = [
    ["baseBranch", () => ({ type: "baseBranch", branch: "main" }), /main/],
    [
      "commit",
      () => ({ type: "commit", sha: git("rev-parse", "HEAD"), title: "second" }),
      /second|[0-9a-f]{7}/,
    ],
    [
      "custom",
      () => ({ type: "custom", instructions: "Check the loop bounds only." }),
      /Check the loop bounds only\./,
    ],
  ];
  for (const [name, target, prompt] of targets) {
    it(
      `reviews a ${name} target and sends codex's review prompt for it`,
      async () => {
        const file = await repo();
        fx.env.mock.enqueue(reply.message(reviewJson(file)));
        const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
        const result = await thread.review(target()).result();
        expect(result.findings.map((f) => f.priority)).toEqual([1, 3]);
        expect(lastPrompt(fx.env.mock.requests.at(-1)!)).toMatch(prompt);
      },
      T,
    );
  }

  it(
    "reads findings from the rendered review when the model's reply is not JSON",
    async () => {
      const file = await repo();
      fx.env.mock.enqueue(reply.message("Looks fine to me."));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const result = await thread.review({ type: "uncommittedChanges" }).result();
      expect(result.findings).toEqual([]);
      expect(result.reviewText).toContain("Looks fine to me.");
      expect(file).toBeTruthy();
    },
    T,
  );

  it(
    "interrupts a running review; an abort signal rejects with CodexAbortError",
    async () => {
      await repo();
      const warnings: CodexWarning[] = [];
      const codex = fx.newClient({ onWarning: (warning) => warnings.push(warning) });
      fx.env.mock.enqueue(reply.hang(reply.message("thinking", { done: false })));
      const thread = await codex.startThread({ cwd: fx.env.workspace });
      const review = thread.review({ type: "uncommittedChanges" });
      await review.started();
      await review.interrupt();
      expect(review.status).toBe("interrupted");
      expect((await review.result()).status).toBe("interrupted");

      fx.env.mock.enqueue(reply.hang(reply.message("thinking", { done: false })));
      const controller = new AbortController();
      const aborted = thread.review({ type: "uncommittedChanges" }, { signal: controller.signal });
      await aborted.started();
      controller.abort("stop");
      await expect(aborted.result()).rejects.toBeInstanceOf(CodexAbortError);
      // codex confirmed both interrupts (sent to the review's inner turn), none settled only locally.
      expect(warnings.filter((w) => w.kind === "interruptTimeout")).toEqual([]);
    },
    T,
  );

  it("refuses a target codex does not define before sending anything", async () => {
    const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
    const before = fx.env.mock.requests.length;
    expect(() => thread.review({ type: "lastWeek" } as never)).toThrow(ReviewTargetError);
    expect(() => thread.review({ type: "baseBranch", branch: "" })).toThrow(/needs a non-empty "branch"/);
    expect(fx.env.mock.requests.length).toBe(before);
  });
});
