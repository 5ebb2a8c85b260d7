// One queue worker process: one Codex client (one app-server) running up to 2 turns at once.
// Started twice by run.ts; in a deployment, run one per CODEX_HOME under a supervisor.
import { createWorker } from "@codex/queue";

const env = process.env;
const worker = await createWorker({
  connection: { host: "127.0.0.1", port: Number(env.REDIS_PORT ?? "6379") },
  concurrency: 2,
  workerId: env.WORKER_ID,
  // CODEX_HOME (config, login, restored threads) comes from this process's environment.
  codex: { inheritEnv: true, clientInfo: { name: "queue_example_worker", version: "0.1.0" } },
});
process.stdout.write(`ready ${worker.id}\n`);

// SIGTERM: finish running turns, then exit. SIGINT: interrupt them and put them back in the queue.
process.on("SIGTERM", () => void worker.close({ mode: "finish" }).then(() => process.exit(0)));
process.on("SIGINT", () => void worker.close({ mode: "interrupt" }).then(() => process.exit(0)));
