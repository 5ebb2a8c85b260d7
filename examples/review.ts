// Code review: ask codex to review the working tree and get its findings as data.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  home: { config: { features: { shell_snapshot: false } } },
});
// A tiny repository with one uncommitted change to review.
const git = (...args: string[]) => execFileSync("git", args, { cwd: example.workspace, stdio: "ignore" });
git("init", "-q");
git("-c", "user.email=e@example.com", "-c", "user.name=e", "commit", "-q", "--allow-empty", "-m", "init");
const file = join(example.workspace, "sum.js");
writeFileSync(file, "export const sum = (xs) => xs.reduce((a, b) => a - b, 0);\n");
// Offline, the mock model answers in the JSON format codex's review prompt asks for.
example.mock?.enqueue(
  reply.message(
    JSON.stringify({
      findings: [
        {
          title: "[P1] sum subtracts instead of adding",
          body: "`a - b` makes sum([1, 2]) return -3.",
          confidence_score: 0.9,
          priority: 1,
          code_location: { absolute_file_path: file, line_range: { start: 1, end: 1 } },
        },
      ],
      overall_correctness: "patch is incorrect",
      overall_explanation: "The reducer has the wrong operator.",
      overall_confidence_score: 0.85,
    }),
  ),
);

// #region review
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread({ sandbox: "read-only" });
  // Also: { type: "baseBranch", branch: "main" }, { type: "commit", sha }, { type: "custom", instructions }.
  const review = thread.review({ type: "uncommittedChanges" });
  for await (const event of review) {
    if (event.method === "item/started" && event.params.item.type === "enteredReviewMode") {
      console.log(`reviewing: ${event.params.item.review}`);
    }
  }
  const result = await review.result();
  console.log(`${result.overallCorrectness}: ${result.overallExplanation}`);
  for (const finding of result.findings) {
    const where = finding.location
      ? `${finding.location.path.split("/").pop()}:${finding.location.startLine}`
      : "";
    console.log(`- P${finding.priority} ${finding.title.replace(/^\[P\d\] /, "")} (${where})`);
  }
} finally {
  await codex.close();
}
// #endregion
