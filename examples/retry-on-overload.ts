// Retry on overload: the SDK retries requests the server rejects with -32001, with jittered backoff.
// Codex only sends -32001 under a flood of requests, so this example uses the scripted fake
// app-server from @codex/app-server-testing (offline in both modes).
import { readFakeRecording } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample();

// #region retry
import { join } from "node:path";
import { Codex, ServerOverloadedError } from "@codex/app-server-sdk";
import { fakeAppServerCommand } from "@codex/app-server-testing";

// A scripted fake app-server that answers thread/start with -32001 every time.
const recordPath = join(process.cwd(), "fake-app-server.jsonl");
const overloaded = fakeAppServerCommand(
  {
    handlers: {
      "thread/start": { error: { code: -32001, message: "Server overloaded; retry later." } },
      "thread/loaded/list": { result: { data: [], nextCursor: null } },
    },
  },
  { recordPath },
);

const codex = new Codex({
  transport: { type: "spawn", ...overloaded }, // run this program instead of codex app-server
  retry: { maxRetries: 3, initialDelayMs: 50, maxDelayMs: 400 }, // for -32001 only
  requestTimeoutMs: 10_000, // per request; an unanswered request rejects with CodexTimeoutError
});
try {
  try {
    await codex.startThread();
  } catch (error) {
    if (!(error instanceof ServerOverloadedError)) throw error;
    console.log(`gave up: ${error.message} (code ${error.code}, retryable: ${error.retryable})`);
  }
  const loaded = await codex.api.threadLoadedList({});
  console.log(`the connection still works: thread/loaded/list -> ${loaded.data.length} threads`);
} finally {
  await codex.close();
}
// #endregion

const sent = (await readFakeRecording(recordPath)) as { method?: string }[];
const attempts = sent.filter((message) => message.method === "thread/start").length;
console.log(`thread/start was sent ${attempts} times (1 try + 3 retries)`);
