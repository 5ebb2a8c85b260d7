// A client process for test/shared-server.test.ts, run with tsx: `<mode> <spec JSON>`. It prints one
// JSON line per fact the test needs.
//   ensure  ensureSharedServer(spec), prints the endpoint
//   turn    ensureSharedServer, then one turn on `transport: { type: "shared" }`; prints thread and result
//   stream  starts a turn, prints the thread id once it streams, then waits to be killed
import { ensureSharedServer } from "../../src/client/shared-server/launcher.js";
import type { SharedServerOptions } from "../../src/client/shared-server/options.js";
import { sharedCodex } from "./shared-codex.js";

const [mode, specJson] = process.argv.slice(2);
const spec = JSON.parse(specJson ?? "{}") as SharedServerOptions;
const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const started = performance.now();
const endpoint = await ensureSharedServer(spec);
print({ endpoint, ensureMs: Math.round(performance.now() - started) });
if (mode === "turn" || mode === "stream") {
  const codex = sharedCodex(spec);
  const thread = await codex.startThread({ cwd: spec.cwd ?? process.cwd() });
  if (mode === "turn") {
    const result = await thread.run("hello");
    print({ threadId: thread.id, finalResponse: result.finalResponse });
    await codex.close();
  } else {
    const turn = thread.turn("write the long answer");
    await new Promise<void>((resolve) => turn.once("item/agentMessage/delta", () => resolve()));
    print({ threadId: thread.id, turnId: turn.id });
    await new Promise(() => {});
  }
}
