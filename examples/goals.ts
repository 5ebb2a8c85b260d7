// Goals: give a thread an objective and let codex work on it turn after turn until it is done.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  home: { config: { features: { shell_snapshot: false } } },
  // Offline, the mock model takes two turns: one step of work, then it marks the goal complete.
  script: (mock) =>
    mock.enqueue(
      reply.message("Drafted the changelog entry."),
      reply.functionCall("update_goal", { status: "complete" }),
      reply.message("The changelog is done."),
    ),
});

// #region goals
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread({ sandbox: "read-only" });
  // Codex starts the goal's turns itself (a continuation after each turn while the goal is active).
  const goal = thread.startGoal("Write the changelog entry for 1.2.0", { maxTurns: 10 });
  for await (const turn of goal.turns) {
    const result = await turn.result();
    console.log(`turn ${result.turn.id.slice(0, 8)}…: ${result.finalResponse}`);
  }
  const outcome = await goal.result();
  console.log(`goal ${outcome.status} after ${outcome.turns.length} turns: ${outcome.goal.objective}`);
  console.log(`stored goal: ${(await thread.goal())?.status}`);
  await thread.clearGoal();
} finally {
  await codex.close();
}
// #endregion
