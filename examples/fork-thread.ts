// Fork a thread: copy its history (up to a turn) into a new thread and take another direction.
import { inputTexts, reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.message("Plan A: store sessions in SQLite."),
      reply.message("Going with SQLite."),
      reply.message("Plan B: store sessions in Postgres instead."),
    ),
});

// #region fork
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread();
  const planA = await thread.run("Propose where to store sessions.");
  await thread.run("Go with that plan.");

  // A new thread with the history up to and including the first turn; the original is untouched.
  const fork = await codex.forkThread(thread.id, { lastTurnId: planA.turn.id });
  const planB = await fork.run("Propose an alternative instead.");
  console.log(`original ${thread.id}: ${(await thread.turns()).length} turns`);
  console.log(`fork     ${fork.id}: ${planB.finalResponse}`);
} finally {
  await codex.close();
}
// #endregion

if (example.mock) {
  const sent = inputTexts(example.mock.requests.at(-1)!).filter((t) => !t.startsWith("<"));
  console.log(`the fork's request carried: ${JSON.stringify(sent)}`);
}
