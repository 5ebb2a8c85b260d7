// Approval modes: codex's own reviewer decides (autoReview), its verdicts stream and land in the audit;
// a per-turn sandbox shorthand tightens one turn.
import { type RecordedRequest, reply, requestThreadId } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  home: { config: { features: { shell_snapshot: false } } },
  script: (mock) => {
    // The agent wants to write outside the read-only sandbox twice; codex's reviewer is a model call too.
    const escalated = (cmd: string) =>
      reply.execCommand(cmd, {
        sandboxPermissions: "require_escalated",
        justification: "needed",
      });
    mock.enqueue(
      escalated("mkdir -p build"),
      escalated("rm -rf ~/.ssh"),
      reply.message("Created build/; the other command was refused by the reviewer."),
      reply.message("One folder created, one deletion refused."),
    );
    const reviewer = (request: RecordedRequest) => requestThreadId(request)?.startsWith("guardian:") ?? false;
    mock.enqueueFor(
      reviewer,
      reply.message(
        JSON.stringify({
          outcome: "allow",
          risk_level: "low",
          rationale: "Creates a build folder in the workspace.",
        }),
      ),
      reply.message(
        JSON.stringify({
          outcome: "deny",
          risk_level: "critical",
          rationale: "Deletes the user's SSH keys.",
        }),
      ),
    );
  },
});

// #region approval-modes
import { Codex, sandboxPresets } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread({
    sandbox: "read-only",
    // on-request approvals, decided by codex's reviewer agent instead of your handlers
    approvalMode: "autoReview",
  });
  const turn = thread.turn("Prepare a build folder and clean up.");
  turn.on("item/autoApprovalReview/completed", ({ params: { review } }) => {
    console.log(`reviewer: ${review.status} (${review.riskLevel}) ${review.rationale}`);
  });
  turn.on("sdk/serverRequestDecision", (event) => {
    console.log(`audit: ${event.params.source} -> ${event.params.reason}`);
  });
  const result = await turn.result();
  console.log(result.finalResponse);

  // One turn with other settings: a sandbox preset (or just "read-only") and nobody asked at all.
  const next = await thread.run("Summarize what you did.", {
    sandbox: sandboxPresets.workspaceWrite({ networkAccess: false }),
    approvalMode: "denyAll",
  });
  console.log(next.finalResponse);
} finally {
  await codex.close();
}
// #endregion
