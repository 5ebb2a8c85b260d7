// An LLM judge decides approvals against your rubric, on a separate ephemeral read-only thread.
import { reply, withUserText } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) => {
    mock.enqueue(
      reply.execCommand("ls -a"),
      reply.execCommand("git push --force origin main"),
      reply.message("Listed the files; the force-push was declined."),
    );
    // The judge thread's model calls (the SDK asks it "Judge this action ...").
    mock.enqueueFor(
      withUserText("Judge this action"),
      reply.message(JSON.stringify({ decision: "approve", reason: "Listing files changes nothing." })),
      reply.message(
        JSON.stringify({ decision: "decline", reason: "Force-pushing rewrites shared history." }),
      ),
    );
  },
});

// #region llm-judge
import { Codex, llmJudgePolicy } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const judge = llmJudgePolicy({
    codex, // judge threads start on this client: ephemeral, read-only, never asking for approval
    rubric: "Approve commands that only read. Decline anything that rewrites git history or deletes files.",
    timeoutMs: 30_000, // no verdict in time: the fail-closed answer (decline)
  });
  codex.onDecision((event) =>
    console.log(`${event.source}: ${JSON.stringify(event.result)} (${event.reason})`),
  );

  const thread = await codex.startThread({ approvalPolicy: "untrusted", serverRequests: judge });
  const result = await thread.run("Look around, then publish the branch.");
  console.log(result.finalResponse);
} finally {
  await codex.close();
}
// #endregion
