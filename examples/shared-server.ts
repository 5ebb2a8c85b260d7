// The managed shared server: `transport: { type: "shared" }` finds, or starts, one app-server per
// CODEX_HOME that outlives its clients. A client goes away mid-turn (a deploy, a crash, a hot reload), the
// next one reattaches and finishes the turn, and the server stops by itself once idle.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(reply.message("Deployed: 3 services restarted.", { deltas: "auto", eventDelayMs: 150 })),
});

// #region shared-server
import { Codex, sharedServerStatus, stopSharedServer } from "@codex/app-server-sdk";

// One server per CODEX_HOME: it stops after a minute with no client and no running turn.
const transport = { type: "shared", idleTimeoutMs: 60_000 } as const;

// The app's first process starts a turn and goes away without stopping it.
const before = new Codex({ transport });
const thread = await before.startThread();
const turn = thread.turn("Deploy the services.");
await new Promise<void>((resolve) => turn.once("item/agentMessage/delta", () => resolve()));
await before.close({ detach: true });

// Its next process (here the same one) connects to the same server and picks the turn up.
const after = new Codex({ transport });
try {
  const running = (await after.resumeThread(thread.id)).runningTurn();
  const result = await running?.result();
  console.log(`reattached: ${result?.status}: ${result?.finalResponse}`);
  const status = await sharedServerStatus();
  console.log(`server running: ${status.running}, clients: ${status.clients}`);
} finally {
  await after.close();
}
// `codex-sdk server stop` does the same from a shell.
console.log(`stopped: ${await stopSharedServer()}`);
// #endregion
