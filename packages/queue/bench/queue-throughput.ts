// `pnpm bench:queue`: turns per second through the queue with 1, 2 and 4 worker processes, on one
// redis-server and on a real Redis Cluster (3 primaries, a replica each), side by side with one
// in-process Codex client running the same turns against the same mock model, plus the queue's overhead
// per turn (one turn at a time, queue vs in-process). Numbers are from this machine.
//
// Comparable runs: both queues (single Redis and Redis Cluster) are started once and, for each worker
// count, scaled to the same number of worker processes, with the same concurrency and the same threads x
// turns (fresh threads every round). Every round runs the in-process client, the single-Redis queue and
// the cluster queue one after the other, the order reversed every other round, so all three see the same
// machine load. Rates are total turns / total seconds over the rounds; "vs in-process" compares with the
// in-process rounds of the same worker count. The last lines are key=value, for scripts.
//
// Env: BENCH_THREADS (24), BENCH_TURNS (3), BENCH_SEQUENTIAL (20), BENCH_WORKERS ("1,2,4"),
// BENCH_ROUNDS (2), BENCH_ROUND_TIMEOUT_MS (180000).
import { Codex, type Thread } from "@codex/app-server-sdk";
import { createCodexHome, isolatedEnv } from "@codex/app-server-testing";
import { resolveCodexBinary } from "@codex/runtime";
import type { TurnQueueProducer } from "../src/index.js";
import { type Cluster, startCluster, type WorkerProcess } from "../test/support/cluster.js";
import { keysPerPrimary } from "./redis-cluster-keys.js";

const THREADS = positive("BENCH_THREADS", "24");
const TURNS = positive("BENCH_TURNS", "3");
const SEQUENTIAL = positive("BENCH_SEQUENTIAL", "20");
const ROUNDS = positive("BENCH_ROUNDS", "2");
const ROUND_TIMEOUT_MS = positive("BENCH_ROUND_TIMEOUT_MS", "180000");
const WORKERS = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map((value) => {
  const count = Number(value.trim());
  if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_WORKERS: bad worker count "${value}"`);
  return count;
});
const CONCURRENCY = 4;

function positive(name: string, fallback: string): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

type Setup = "in-process" | "single" | "cluster";

/** Seconds per round, for one setup at one worker count. */
interface Runs {
  readonly setup: Setup;
  readonly seconds: number[];
}

interface Latency {
  readonly workers: number;
  readonly inProcessMs: number;
  readonly queueMs: number;
  readonly clusterMs: number;
}

interface Phase {
  readonly workers: number;
  readonly runs: Record<Setup, Runs>;
  readonly latency: Latency | undefined;
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

async function withTimeout<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took more than ${ROUND_TIMEOUT_MS} ms`)),
      ROUND_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
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

/** One round of the in-process baseline: fresh threads, THREADS x TURNS turns. */
async function inProcessRound(codex: Codex, workspace: string): Promise<number> {
  const threads = await Promise.all(
    Array.from({ length: THREADS }, () => codex.startThread({ cwd: workspace })),
  );
  return runAll(async (thread, turn) => {
    await threads[thread]?.run(`t${thread}-turn${turn}`);
  });
}

/**
 * A queue (single Redis or Redis Cluster) with its worker processes, started once for the whole bench:
 * each worker count scales the same fleet up (new worker processes) or down (SIGTERM, finishing turns).
 */
interface QueueSetup {
  readonly cluster: Cluster;
  readonly producer: TurnQueueProducer;
  readonly warmThreadId: string;
  /** Worker processes running now. */
  readonly running: WorkerProcess[];
}

async function startQueue(redisCluster: boolean, workers: number): Promise<QueueSetup> {
  const cluster = await startCluster({ concurrency: CONCURRENCY, redisCluster });
  try {
    const setup = { cluster, running: [] as WorkerProcess[] };
    await scaleTo(setup, workers);
    const producer = await cluster.producer();
    const warm = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "warm-up" });
    await warm.result();
    return { ...setup, producer, warmThreadId: warm.threadId };
  } catch (error) {
    await cluster.close();
    throw error;
  }
}

async function scaleTo(setup: Pick<QueueSetup, "cluster" | "running">, workers: number): Promise<void> {
  const { cluster, running } = setup;
  const spawned = Array.from({ length: Math.max(0, workers - running.length) }, (_, index) =>
    cluster.spawnWorker(`bench-${cluster.workers.length + index + 1}`),
  );
  running.push(...(await Promise.all(spawned)));
  const stopping = running.splice(workers);
  await Promise.all(
    stopping.map((worker) => {
      worker.child.kill("SIGTERM");
      return worker.exited;
    }),
  );
}

/** One round through the queue: fresh threads (named by worker count and round), THREADS x TURNS turns. */
async function queueRound(
  { cluster, producer }: QueueSetup,
  workers: number,
  round: number,
): Promise<number> {
  return runAll(async (thread, turn) => {
    const threadId = `bench-w${workers}-r${round}-${thread}`;
    const job = await producer.enqueueTurn(
      turn === 1
        ? { newThread: { cwd: cluster.workspace }, threadId, input: `t${thread}-turn${turn}` }
        : { threadId, input: `t${thread}-turn${turn}` },
    );
    await job.result();
  });
}

/** Runs the steps in order, reversed when `reverse`. */
async function inOrder(reverse: boolean, steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of reverse ? [...steps].reverse() : steps) await step();
}

interface Queues {
  readonly single: QueueSetup;
  readonly cluster: QueueSetup;
}

async function phase(
  workers: number,
  codex: Codex,
  baseline: Cluster,
  queues: Queues,
  withLatency: boolean,
): Promise<Phase> {
  await Promise.all([scaleTo(queues.single, workers), scaleTo(queues.cluster, workers)]);
  const runs: Record<Setup, Runs> = {
    "in-process": { setup: "in-process", seconds: [] },
    single: { setup: "single", seconds: [] },
    cluster: { setup: "cluster", seconds: [] },
  };
  for (let round = 0; round < ROUNDS; round++) {
    await inOrder(round % 2 === 1, [
      async () => {
        const seconds = await withTimeout(
          `in-process round ${round + 1}`,
          inProcessRound(codex, baseline.workspace),
        );
        runs["in-process"].seconds.push(seconds);
      },
      ...(["single", "cluster"] as const).map((setup) => async () => {
        const seconds = await withTimeout(
          `${setup} queue round ${round + 1} (${workers} workers)`,
          queueRound(queues[setup], workers, round),
        );
        runs[setup].seconds.push(seconds);
      }),
    ]);
  }
  const latency = withLatency ? await compareLatency(workers, codex, baseline, queues) : undefined;
  return { workers, runs, latency };
}

/**
 * One turn at a time on one thread, alternating an in-process `thread.run()` with a queued turn on one
 * redis-server and one on the Redis Cluster (order reversed every other turn), so all see the same
 * machine load. Medians, in ms.
 */
async function compareLatency(
  workers: number,
  codex: Codex,
  baseline: Cluster,
  queues: Queues,
): Promise<Latency> {
  const thread: Thread = await codex.startThread({ cwd: baseline.workspace });
  await thread.run("warm-up");
  const times: Record<Setup, number[]> = { "in-process": [], single: [], cluster: [] };
  const timed = (setup: Setup, work: () => Promise<unknown>) => async () => {
    const started = performance.now();
    await work();
    times[setup].push(performance.now() - started);
  };
  const queued =
    ({ producer, warmThreadId }: QueueSetup, index: number) =>
    async () => {
      const job = await producer.enqueueTurn({ threadId: warmThreadId, input: `seq-${index}` });
      await job.result();
    };
  for (let index = 0; index < SEQUENTIAL; index++) {
    await inOrder(index % 2 === 1, [
      timed("in-process", () => thread.run(`seq-${index}`)),
      timed("single", queued(queues.single, index)),
      timed("cluster", queued(queues.cluster, index)),
    ]);
  }
  return {
    workers,
    inProcessMs: median(times["in-process"]),
    queueMs: median(times.single),
    clusterMs: median(times.cluster),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function geomean(values: number[]): number {
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const TURNS_PER_ROUND = THREADS * TURNS;
/** Turns per second over all rounds of a setup. */
const rate = (runs: Runs) => (runs.seconds.length * TURNS_PER_ROUND) / sum(runs.seconds);
const roundRates = (runs: Runs) => runs.seconds.map((seconds) => (TURNS_PER_ROUND / seconds).toFixed(1));

const started = performance.now();
const baselineCluster = await startCluster();
const inProcessClient = await inProcessCodex(baselineCluster);
const phases: Phase[] = [];
let clusterKeys = "";
let single: QueueSetup | undefined;
let clustered: QueueSetup | undefined;
try {
  // Warm the in-process app-server as the queues are warmed.
  const warm = await inProcessClient.codex.startThread({ cwd: baselineCluster.workspace });
  await warm.run("warm-up");
  const first = WORKERS[0] ?? 1;
  single = await startQueue(false, first);
  clustered = await startQueue(true, first);
  const queues = { single, cluster: clustered };
  const fewest = Math.min(...WORKERS);
  for (const workers of WORKERS) {
    phases.push(await phase(workers, inProcessClient.codex, baselineCluster, queues, workers === fewest));
  }
  const redisCluster = clustered.cluster.redisCluster;
  if (redisCluster) clusterKeys = await keysPerPrimary(redisCluster.nodes, clustered.cluster.queueName);
} finally {
  await Promise.allSettled([single?.cluster.close(), clustered?.cluster.close(), inProcessClient.close()]);
  await baselineCluster.close();
}

const baselineRuns: Runs = {
  setup: "in-process",
  seconds: phases.flatMap((entry) => entry.runs["in-process"].seconds),
};
const base = rate(baselineRuns);
const label = (workers: number) => `${workers} worker${workers > 1 ? "s" : ""} x concurrency ${CONCURRENCY}`;
const width = 50;
console.log(
  `\n${THREADS} threads x ${TURNS} turns (threads side by side, each thread's turns in order), mock model`,
);
console.log(
  `${ROUNDS} round(s) per setup and worker count; each round runs in-process, single Redis and Redis Cluster`,
);
console.log(
  "one after the other (order reversed every other round). Rate = turns / seconds over the rounds.",
);
console.log('"vs in-process" compares with the in-process rounds run beside it.\n');
console.log(
  `${"setup".padEnd(width)} ${"turns/s".padStart(8)} ${"vs in-process".padStart(14)} ${"vs single".padStart(10)}  per round`,
);
console.log(
  `${"in-process Codex (1 app-server)".padEnd(width)} ${base.toFixed(1).padStart(8)} ${"1.00".padStart(13)}x ${"".padStart(10)}  ${roundRates(baselineRuns).join(" ")}`,
);
interface Ratios {
  readonly workers: number;
  readonly single: number;
  readonly cluster: number;
  readonly singleVsInProcess: number;
  readonly clusterVsInProcess: number;
  readonly clusterVsSingle: number;
}
const ratios: Ratios[] = [];
for (const entry of phases) {
  const local = rate(entry.runs["in-process"]);
  const single = rate(entry.runs.single);
  const cluster = rate(entry.runs.cluster);
  ratios.push({
    workers: entry.workers,
    single,
    cluster,
    singleVsInProcess: single / local,
    clusterVsInProcess: cluster / local,
    clusterVsSingle: cluster / single,
  });
  const rows: [string, number, Runs, string][] = [
    [`queue, ${label(entry.workers)}`, single, entry.runs.single, ""],
    [
      `queue on Redis Cluster, ${label(entry.workers)}`,
      cluster,
      entry.runs.cluster,
      (cluster / single).toFixed(2),
    ],
  ];
  for (const [setup, value, runs, vsSingle] of rows) {
    console.log(
      `${setup.padEnd(width)} ${value.toFixed(1).padStart(8)} ${(value / local).toFixed(2).padStart(13)}x ${(vsSingle ? `${vsSingle}x` : "").padStart(10)}  ${roundRates(runs).join(" ")}`,
    );
  }
}
console.log(
  `\n(in-process turns/s beside each worker count: ${phases
    .map((entry) => `${entry.workers}w ${rate(entry.runs["in-process"]).toFixed(1)}`)
    .join(", ")})`,
);
if (clusterKeys) {
  console.log("\nRedis Cluster: the queue's keys share one hash tag, so one primary serves the whole queue.");
  console.log("Keys per primary after the runs (tagged: the queue's own keys; the rest are rollouts):");
  console.log(`  ${clusterKeys}`);
}

const latency = phases.find((entry) => entry.latency)?.latency;
if (latency) {
  const workers = `${latency.workers} worker${latency.workers > 1 ? "s" : ""}`;
  console.log(`\none turn at a time on one thread, ${SEQUENTIAL} of each, alternating (median):`);
  console.log(`  in-process thread.run():             ${latency.inProcessMs.toFixed(1)} ms/turn`);
  console.log(`  queue, ${workers} (enqueue -> result): ${latency.queueMs.toFixed(1)} ms/turn`);
  console.log(`  queue on Redis Cluster, ${workers}:    ${latency.clusterMs.toFixed(1)} ms/turn`);
  console.log(
    `  queue overhead per turn:             ${(latency.queueMs - latency.inProcessMs).toFixed(1)} ms`,
  );
  console.log(
    `  queue overhead per turn, cluster:    ${(latency.clusterMs - latency.inProcessMs).toFixed(1)} ms`,
  );
}

// Machine-readable lines. Per worker count: _w<N>. Summaries are geometric means over the worker counts;
// queue_vs_in_process_ratio is the single-Redis queue.
console.log("");
const line = (key: string, value: number, digits = 3) => console.log(`${key}=${value.toFixed(digits)}`);
line("in_process_turns_per_s", base, 2);
for (const entry of ratios) {
  line(`single_turns_per_s_w${entry.workers}`, entry.single, 2);
  line(`cluster_turns_per_s_w${entry.workers}`, entry.cluster, 2);
  line(`queue_vs_in_process_ratio_w${entry.workers}`, entry.singleVsInProcess);
  line(`cluster_vs_in_process_ratio_w${entry.workers}`, entry.clusterVsInProcess);
  line(`cluster_vs_single_ratio_w${entry.workers}`, entry.clusterVsSingle);
}
line("queue_vs_in_process_ratio", geomean(ratios.map((entry) => entry.singleVsInProcess)));
line("cluster_vs_in_process_ratio", geomean(ratios.map((entry) => entry.clusterVsInProcess)));
line("cluster_vs_single_ratio", geomean(ratios.map((entry) => entry.clusterVsSingle)));
if (latency) {
  line("in_process_ms_per_turn", latency.inProcessMs, 1);
  line("queue_ms_per_turn", latency.queueMs, 1);
  line("cluster_ms_per_turn", latency.clusterMs, 1);
  line("queue_overhead_ms", latency.queueMs - latency.inProcessMs, 1);
  line("cluster_overhead_ms", latency.clusterMs - latency.inProcessMs, 1);
  line("cluster_vs_single_latency_ratio", latency.clusterMs / latency.queueMs);
}
line("bench_seconds", (performance.now() - started) / 1000, 1);

// Exit explicitly, so a stray handle (a worker process still exiting) never holds the report back.
process.exit(0);
