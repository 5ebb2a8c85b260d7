// Reattach: a turn outlives the client that started it on an app-server listening on a Unix socket, and
// another client (another process, after a deploy or a crash) streams the rest of it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) =>
    mock.enqueue(reply.message("The report: all 12 checks pass.", { deltas: "auto", eventDelayMs: 150 })),
});
// The shared server of this example: codex listening on a socket in its CODEX_HOME.
process.env.CODEX_SOCKET = join(example.codexHome ?? example.workspace, "app-server.sock");
const server = spawn(example.codexPath, ["app-server", "--listen", `unix://${process.env.CODEX_SOCKET}`], {
  stdio: "ignore",
});
await using _server = { [Symbol.asyncDispose]: async () => void server.kill() };
for (let waited = 0; !existsSync(process.env.CODEX_SOCKET) && waited < 15_000; waited += 100) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// #region reattach
import { Codex } from "@codex/app-server-sdk";

const transport = { type: "unix", path: process.env.CODEX_SOCKET ?? "/tmp/codex.sock" } as const;

// One process starts a long turn, then goes away without stopping it.
const first = new Codex({ transport });
const thread = await first.startThread();
const turn = thread.turn("Write the report.");
// Wait for the first words (a `break` out of a stream would interrupt the turn: listen instead).
await new Promise<void>((resolve) => turn.once("item/agentMessage/delta", () => resolve()));
await first.close({ detach: true });

// Another process picks the turn up where it is.
const second = new Codex({ transport });
try {
  const resumed = await second.resumeThread(thread.id);
  const running = resumed.runningTurn();
  console.log(`still running: ${running !== undefined}`);
  const result = await running?.result();
  console.log(`${result?.status}: ${result?.finalResponse}`);
} finally {
  await second.close();
}
// #endregion
