// Quickstart: start a thread, run one turn, print the answer.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) => mock.enqueue(reply.message("The README explains how to embed the Codex agent.")),
});

// #region quickstart
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex(); // spawns the pinned `codex app-server` on first use
try {
  const thread = await codex.startThread({ sandbox: "read-only" });
  const result = await thread.run("Summarize the README in one sentence.");
  console.log(result.finalResponse);
  console.log(`status: ${result.status}, tokens: ${result.usage?.totalTokens ?? "?"}`);
} finally {
  await codex.close(); // stops the app-server (and interrupts running turns)
}
// #endregion
