// Approvals answered by a human at the terminal. Offline, pipe the answers: `printf 'y\nn\n' | pnpm example approvals-prompt`.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.execCommand("ls -a"),
      reply.execCommand("rm -rf build"),
      reply.message("Listed the files, and left build/ alone as you asked."),
    ),
});

// #region approvals-prompt
import { createInterface } from "node:readline";
import { Codex } from "@codex/app-server-sdk";

// Lines are read through one iterator, so answers piped in before a question is asked are not lost.
const terminal = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: process.stdin.isTTY,
});
const lines = terminal[Symbol.asyncIterator]();
async function confirm(question: string): Promise<boolean> {
  process.stdout.write(`${question} [y/N] `);
  const next = await lines.next();
  const answer = next.done ? "" : String(next.value).trim();
  if (!process.stdin.isTTY) process.stdout.write(`${answer || "(no answer)"}\n`);
  return /^y(es)?$/i.test(answer); // no answer (EOF) declines
}

const codex = new Codex();
try {
  const thread = await codex.startThread({
    approvalPolicy: "untrusted", // ask before running anything
    sandbox: "workspace-write",
    serverRequests: {
      "item/commandExecution/requestApproval": async (params) => ({
        decision: (await confirm(`Run ${params.command}?`)) ? "accept" : "decline",
      }),
      "item/fileChange/requestApproval": async (_params, { item }) => {
        const paths = item?.type === "fileChange" ? item.changes.map((change) => change.path) : [];
        return { decision: (await confirm(`Apply changes to ${paths.join(", ")}?`)) ? "accept" : "decline" };
      },
    },
  });

  const result = await thread.run("Look around, then clean up the build directory.");
  for (const item of result.items) {
    if (item.type === "commandExecution") console.log(`${item.status}: ${item.command}`);
  }
  console.log(result.finalResponse);
  terminal.close();
} finally {
  await codex.close();
}
// #endregion
