// Hooks on streamed events: per turn, per item type, and client-wide.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.execCommand("echo hooked"),
      reply.message("The command said hooked.", { deltas: "auto" }),
    ),
});

// #region event-hooks
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  // Client-wide: every notification of a kind, from every thread.
  const counts = new Map<string, number>();
  codex.onAnyNotification((event) => counts.set(event.method, (counts.get(event.method) ?? 0) + 1));
  codex.onNotification("thread/tokenUsage/updated", (params) => {
    console.log(`[usage] thread total ${params.tokenUsage.total.totalTokens} tokens`);
  });

  const thread = await codex.startThread({ approvalPolicy: "never", sandbox: "read-only" });
  const turn = thread.turn("Run `echo hooked` and tell me what it said.");
  // Per turn: one method, or one item type with its phase.
  turn.on("turn/started", (event) => console.log(`[turn] ${event.params.turn.id} started`));
  turn.onItem("commandExecution", (item, phase) => {
    console.log(
      `[command ${phase}] ${item.command}${phase === "completed" ? ` → exit ${item.exitCode}` : ""}`,
    );
  });
  turn.on("item/completed", (event) => {
    if (event.params.item.type === "agentMessage") console.log(`[message] ${event.params.item.text}`);
  });
  await turn.result();
  console.log(`deltas seen client-wide: ${counts.get("item/agentMessage/delta") ?? 0}`);
} finally {
  await codex.close();
}
// #endregion
