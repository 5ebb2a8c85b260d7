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

/** A Codex client in this process on the cluster's mock model: the baseline the queue is compared with. */
async function inProcessCodex(cluster: Cluster): Promise<{ codex: Codex; close: () => Promise<void> }> {
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
  const close = async () => {
    await codex.close();
    await home.cleanup();
  };
  return { codex, close };
}

async function inProcess(cluster: Cluster): Promise<Row> {
  const { codex, close } = await inProcessCodex(cluster);
  try {
    const threads = await Promise.all(
      Array.from({ length: THREADS }, () => codex.startThread({ cwd: cluster.workspace })),
    );
    const seconds = await runAll(async (thread, turn) => {
      await threads[thread]?.run(`t${thread}-turn${turn}`);
    });
    return { setup: "in-process Codex (1 app-server)", turns: THREADS * TURNS, seconds };
  } finally {
    await close();
  }
}

interface Latency {
  readonly inProcessMs: number;
  readonly queueMs: number;
}

async function throughQueue(workers: number): Promise<{ row: Row; latency: Latency | undefined }> {
  const cluster = await startCluster({ concurrency: CONCURRENCY });
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, index) => cluster.spawnWorker(`bench-${index + 1}`)),
    );
    const producer = await cluster.producer();
    const warm = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "warm-up" });
    await warm.result();
    const latency =
      workers === 1
        ? await compareLatency(cluster, async (index) => {
            const job = await producer.enqueueTurn({ threadId: warm.threadId, input: `seq-${index}` });
            await job.result();
          })
        : undefined;
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
    return { row: { setup: label, turns: THREADS * TURNS, seconds }, latency };
  } finally {
    await cluster.close();
  }
}

/**
 * One turn at a time on one thread, alternating an in-process `thread.run()` with a queued turn on the
 * same mock model, so both see the same machine load. Medians, in ms.
 */
async function compareLatency(cluster: Cluster, queued: (index: number) => Promise<void>): Promise<Latency> {
  const { codex, close } = await inProcessCodex(cluster);
  try {
    const thread = await codex.startThread({ cwd: cluster.workspace });
    await thread.run("warm-up");
    const local: number[] = [];
    const remote: number[] = [];
    for (let index = 0; index < SEQUENTIAL; index++) {
      let started = performance.now();
      await thread.run(`seq-${index}`);
      local.push(performance.now() - started);
      started = performance.now();
      await queued(index);
      remote.push(performance.now() - started);
    }
    return { inProcessMs: median(local), queueMs: median(remote) };
  } finally {
    await close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const baselineCluster = await startCluster();
const baseline = await inProcess(baselineCluster).finally(() => baselineCluster.close());
const queued = [];
for (const workers of [1, 2, 4]) queued.push(await throughQueue(workers));

const rows = [baseline, ...queued.map((entry) => entry.row)];
const base = baseline.turns / baseline.seconds;
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
const latency = queued[0]?.latency;
if (latency) {
  console.log(`\none turn at a time on one thread, ${SEQUENTIAL} of each, alternating (median):`);
  console.log(`  in-process thread.run():             ${latency.inProcessMs.toFixed(1)} ms/turn`);
  console.log(`  queue, 1 worker (enqueue -> result): ${latency.queueMs.toFixed(1)} ms/turn`);
  console.log(
    `  queue overhead per turn:             ${(latency.queueMs - latency.inProcessMs).toFixed(1)} ms`,
  );
}
