// One queue worker process, started twice by run.ts. In a deployment: one per CODEX_HOME, under a supervisor.
// #region queue-worker
import { createWorker } from "@codex/queue";

const env = process.env;
const worker = await createWorker({
  connection: { host: env.REDIS_HOST ?? "127.0.0.1", port: Number(env.REDIS_PORT ?? "6379") },
  concurrency: 2, // turns at once on this worker's one app-server
  workerId: env.WORKER_ID,
  // CODEX_HOME (config.toml, login, the threads restored before each turn) comes from this process's env.
  codex: { inheritEnv: true, clientInfo: { name: "queue_example_worker", version: "0.1.0" } },
  // store: new DirectoryRolloutStore("/mnt/shared/codex-rollouts"), // rollouts on a shared volume, not in Redis
  // Shared by every worker in Redis: at most 3 turns at once on this account and model, and all workers
  // back off together when codex reports a rate limit (jobs wait in the queue instead of failing).
  rateLimit: { maxConcurrency: 3 },
});

// SIGTERM (a deploy): running turns get 30 s to finish; those still running then go back to the queue.
// SIGINT: interrupt them and put them back at once.
process.on(
  "SIGTERM",
  () => void worker.close({ mode: "finish", timeoutMs: 30_000 }).then(() => process.exit(0)),
);
process.on("SIGINT", () => void worker.close({ mode: "interrupt" }).then(() => process.exit(0)));
// The worker also stops on its own if its app-server dies: exit, and let the supervisor restart it.
void worker.closed.then(() => process.exit(0));
// #endregion
process.stdout.write(`ready ${worker.id}\n`);
