// `pnpm bench:queue`: turns per second through the queue with 1, 2 and 4 worker processes, side by side
// with one in-process Codex client running the same turns against the same mock model, plus the
// queue's overhead per turn (one turn at a time, queue vs in-process). Numbers are from this machine.
import { Codex } from "@codex/app-server-sdk";
import { createCodexHome, isolatedEnv } from "@codex/app-server-testing";
import { resolveCodexBinary } from "@codex/runtime";
import { type Cluster, startCluster } from "../test/support/cluster.js";

const THREADS = Number(process.env.BENCH_THREADS ?? "24");
const TURNS = Number(process.env.BENCH_TURNS ?? "3");
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? "20");
const CONCURRENCY = 4;

interface Row {
  readonly setup: string;
  readonly turns: number;
  readonly seconds: number;
}

/** Every thread runs its turns in order; threads run side by side. */
async function runAll(runTurn: (thread: number, turn: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: THREADS }, async (_, thread) => {
      for (let turn = 1; turn <= TURNS; turn++) await runTurn(thread, turn);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function inProcess(cluster: Cluster): Promise<{ row: Row; latencyMs: number }> {
  const home = await createCodexHome({
    mockUrl: cluster.mock.url,
    config: { features: { shell_snapshot: false } },
  });
  const codex = new Codex({
    codexPath: resolveCodexBinary().path,
    env: isolatedEnv(home.env),
    cwd: cluster.workspace,
    clientInfo: { name: "queue_bench", version: "0" },
  });
  try {
    const warm = await codex.startThread({ cwd: cluster.workspace });
    await warm.run("warm-up");
    const latencyMs = await sequentialMs(async (index) => {
      await warm.run(`seq-${index}`);
    });
    const threads = await Promise.all(
      Array.from({ length: THREADS }, () => codex.startThread({ cwd: cluster.workspace })),
    );
    const seconds = await runAll(async (thread, turn) => {
      await threads[thread]?.run(`t${thread}-turn${turn}`);
    });
    return { row: { setup: "in-process Codex (1 app-server)", turns: THREADS * TURNS, seconds }, latencyMs };
  } finally {
    await codex.close();
    await home.cleanup();
  }
}

async function throughQueue(workers: number): Promise<{ row: Row; latencyMs: number | undefined }> {
  const cluster = await startCluster({ concurrency: CONCURRENCY });
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, index) => cluster.spawnWorker(`bench-${index + 1}`)),
    );
    const producer = await cluster.producer();
    const warm = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "warm-up" });
    await warm.result();
    let latencyMs: number | undefined;
    if (workers === 1) {
      latencyMs = await sequentialMs(async (index) => {
        const job = await producer.enqueueTurn({ threadId: warm.threadId, input: `seq-${index}` });
        await job.result();
      });
    }
    const seconds = await runAll(async (thread, turn) => {
      const job = await producer.enqueueTurn(
        turn === 1
          ? {
              newThread: { cwd: cluster.workspace },
              threadId: `bench-${thread}`,
              input: `t${thread}-turn${turn}`,
            }
          : { threadId: `bench-${thread}`, input: `t${thread}-turn${turn}` },
      );
      await job.result();
    });
    const label = `queue, ${workers} worker${workers > 1 ? "s" : ""} x concurrency ${CONCURRENCY}`;
    return { row: { setup: label, turns: THREADS * TURNS, seconds }, latencyMs };
  } finally {
    await cluster.close();
  }
}

async function sequentialMs(run: (index: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < SEQUENTIAL; index++) await run(index);
  return (performance.now() - started) / SEQUENTIAL;
}

const baselineCluster = await startCluster();
const baseline = await inProcess(baselineCluster).finally(() => baselineCluster.close());
const queued = [];
for (const workers of [1, 2, 4]) queued.push(await throughQueue(workers));

const rows = [baseline.row, ...queued.map((entry) => entry.row)];
const base = baseline.row.turns / baseline.row.seconds;
console.log(
  `\n${THREADS} threads x ${TURNS} turns (threads side by side, each thread's turns in order), mock model\n`,
);
console.log(`${"setup".padEnd(38)} ${"turns/s".padStart(8)} ${"vs in-process".padStart(14)}`);
for (const row of rows) {
  const rate = row.turns / row.seconds;
  console.log(
    `${row.setup.padEnd(38)} ${rate.toFixed(1).padStart(8)} ${(rate / base).toFixed(2).padStart(13)}x`,
  );
}
const queueLatency = queued[0]?.latencyMs ?? Number.NaN;
console.log(`\none turn at a time on one thread (${SEQUENTIAL} turns):`);
console.log(`  in-process thread.run():      ${baseline.latencyMs.toFixed(1)} ms/turn`);
console.log(`  queue, 1 worker (enqueue -> result): ${queueLatency.toFixed(1)} ms/turn`);
console.log(`  queue overhead per turn:      ${(queueLatency - baseline.latencyMs).toFixed(1)} ms`);
