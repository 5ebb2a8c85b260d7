// A worker process for the tests: its own CODEX_HOME pointing at the test's mock model, one Codex client.
import { createCodexHome, isolatedEnv } from "@codex/app-server-testing";
import { createWorker, DirectoryRolloutStore } from "../../src/index.js";

const env = process.env;
const home = await createCodexHome({
  mockUrl: env.QUEUE_TEST_MOCK_URL ?? "",
  // Many threads per worker: skip codex's per-thread login-shell snapshot.
  config: { features: { shell_snapshot: false } },
});
const worker = await createWorker({
  connection: env.QUEUE_TEST_REDIS_CLUSTER
    ? { cluster: JSON.parse(env.QUEUE_TEST_REDIS_CLUSTER) as { host: string; port: number }[] }
    : { host: "127.0.0.1", port: Number(env.QUEUE_TEST_REDIS_PORT) },
  queueName: env.QUEUE_TEST_QUEUE,
  concurrency: Number(env.QUEUE_TEST_CONCURRENCY ?? "4"),
  workerId: env.QUEUE_TEST_WORKER_ID,
  lockDurationMs: Number(env.QUEUE_TEST_LOCK_MS ?? "30000"),
  stalledIntervalMs: Number(env.QUEUE_TEST_STALLED_MS ?? "30000"),
  requeueDelayMs: 50,
  ...(env.QUEUE_TEST_RATE_LIMIT && { rateLimit: JSON.parse(env.QUEUE_TEST_RATE_LIMIT) }),
  ...(env.QUEUE_TEST_STORE_DIR && { store: new DirectoryRolloutStore(env.QUEUE_TEST_STORE_DIR) }),
  serverRequestTimeoutMs: Number(env.QUEUE_TEST_REQUEST_TIMEOUT_MS ?? "10000"),
  // One line per warning, for the tests to read (the error object does not travel).
  onWarning: ({ error: _error, ...warning }) => process.stdout.write(`warning ${JSON.stringify(warning)}\n`),
  codex: {
    codexPath: env.QUEUE_TEST_CODEX_PATH,
    env: isolatedEnv(home.env),
    cwd: env.QUEUE_TEST_WORKSPACE,
    clientInfo: { name: "queue_tests", version: "0.0.0" },
  },
});
process.stdout.write(`ready ${worker.id} ${home.path}\n`);

const stop = async (mode: "finish" | "interrupt", timeoutMs?: number) => {
  await worker.close({ mode, ...(timeoutMs !== undefined && { timeoutMs }) });
  await home.cleanup();
  process.exit(0);
};
process.on("SIGTERM", () => void stop("finish"));
// The worker stops on its own when its app-server dies: clean up and exit, as a supervisor would see it.
void worker.closed.then(() => stop("finish"));
process.on("SIGINT", () => void stop("interrupt"));
// A deploy's drain: running turns get 1 s to finish, then go back to the queue.
process.on("SIGUSR2", () => void stop("finish", 1_000));
