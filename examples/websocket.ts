// Connect to an app-server over WebSocket: start `codex app-server --listen ws://127.0.0.1:0` with a
// capability token, then point the SDK at it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { resolveCodexBinary } from "@codex/app-server-sdk";
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) => mock.enqueue(reply.message("Hello over WebSocket.", { deltas: "auto" })),
});

// The server: codex app-server listening on a free port, accepting only clients that hold the token.
// resolveCodexBinary() finds the same codex a default `new Codex()` spawns: CODEX_PATH, then the
// pinned platform package, then PATH.
const token = randomBytes(24).toString("hex");
const tokenFile = join(example.workspace, "ws-token");
await writeFile(tokenFile, token, { mode: 0o600 });
const server = spawn(
  resolveCodexBinary().path,
  [
    "app-server",
    "--listen",
    "ws://127.0.0.1:0",
    "--ws-auth",
    "capability-token",
    "--ws-token-file",
    tokenFile,
  ],
  { stdio: ["ignore", "ignore", "pipe"] },
);
const url = await new Promise<string>((resolve, reject) => {
  const lines = createInterface({ input: server.stderr });
  lines.on("line", (line) => {
    const match = /listening on: (ws:\/\/\S+)/.exec(line);
    if (match?.[1]) resolve(match[1]);
  });
  server.once("exit", (code) => reject(new Error(`codex app-server exited (${code}) before listening`)));
});
console.log(`app-server listening on ${url.replace(/:\d+$/, ":<port>")}`);

await using _server = { [Symbol.asyncDispose]: async () => void server.kill("SIGTERM") };

// #region websocket
import { Codex } from "@codex/app-server-sdk";

async function helloOverWebSocket(url: string, token: string): Promise<void> {
  const codex = new Codex({ transport: { type: "websocket", url, token } });
  try {
    const thread = await codex.startThread({ ephemeral: true });
    const turn = thread.turn("Say hello.");
    for await (const text of turn.textStream) process.stdout.write(text);
    console.log(`\n${(await turn.result()).status} over ${new URL(url).protocol}`);
  } finally {
    await codex.close();
  }
}
// #endregion

await helloOverWebSocket(url, token);
