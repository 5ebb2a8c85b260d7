// Record a real session once (your login with --live, the mock model offline), then replay it with no codex,
// no model and no network: deterministic tests of your own code that drives the SDK.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) => mock.enqueue(reply.message("Three files: README.md, package.json, src/.")),
});

// #region record-and-replay
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex, spawnTransport } from "@codex/app-server-sdk";
import { recordingTransport, replayTransport } from "@codex/app-server-testing";

const recordingPath = join(await mkdtemp(join(tmpdir(), "codex-recording-")), "list-files.jsonl");

/** The code under test: it only sees a Codex client. */
async function listFiles(codex: Codex): Promise<string> {
  const thread = await codex.startThread({ sandbox: "read-only" });
  const { finalResponse } = await thread.run("List the files in this directory.");
  return finalResponse ?? "";
}

// Once, against the real thing: every wire message goes to the file (API keys and tokens redacted).
const recorder = new Codex({ transport: recordingTransport(spawnTransport(), { path: recordingPath }) });
try {
  console.log(`recorded: ${await listFiles(recorder)}`);
} finally {
  await recorder.close();
}

// In CI, forever: the same calls answered from the file, in process.
const replay = replayTransport(recordingPath);
const replayer = new Codex({ transport: replay });
try {
  console.log(`replayed: ${await listFiles(replayer)}`);
} finally {
  await replayer.close();
}
replay.assertComplete(); // throws ReplayDivergenceError if the code asked for anything else
// #endregion
console.log(`model calls: ${_example.mock?.requests.length ?? "live"}`);
