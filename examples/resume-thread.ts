// Resume a thread in a new process: by its id, and "the last one".
import { inputTexts, reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.message("Noted: the build uses pnpm."),
      reply.message("You told me the build uses pnpm."),
      reply.message("Yes, still the same thread."),
    ),
});

// #region resume
import { Codex } from "@codex/app-server-sdk";

const first = new Codex();
const thread = await first.startThread();
await thread.run("Remember: the build uses pnpm.");
const threadId = thread.id; // keep it: threads are stored under CODEX_HOME/sessions
await first.close();

const second = new Codex(); // a new app-server process
try {
  const resumed = await second.resumeThread(threadId);
  console.log((await resumed.run("What does the build use?")).finalResponse);

  const last = await second.resumeLastThread(); // the most recently updated thread
  console.log(`resumeLastThread() found the same thread: ${last.id === threadId}`);
  console.log((await last.run("Are you the same thread?")).finalResponse);
} finally {
  await second.close();
}
// #endregion

if (example.mock) {
  // The second process sent the first process's conversation to the model again.
  const history = inputTexts(example.mock.requests[1]!);
  console.log(`history sent after resume: ${JSON.stringify(history.filter((t) => !t.startsWith("<")))}`);
}
