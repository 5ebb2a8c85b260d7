/**
 * `pnpm bench:compat`: @codex/exec-compat against @openai/codex-sdk 0.163.0, side by side in one run, on
 * the same pinned codex binary and the same mock Responses API (shell snapshots off for both).
 *
 * 1. Latency: one thread, BENCH_TURNS (10) turns in a row, per-turn time of `thread.run()` (the compat's
 *    first turn includes starting the app-server). Rounds alternate which SDK goes first; medians.
 *    Prints `ratio_vs_exec_sdk=<compat mean per turn / exec mean per turn>` (target <= 0.4).
 * 2. Concurrency: BENCH_THREADS (20) threads started at once, one turn each: wall time, and the peak of
 *    the summed RSS of the worker's process tree (Node plus every codex process), sampled from /proc.
 *    Targets: at least 2x faster, at most 1/5 of the memory.
 *
 *   BENCH_ROUNDS=3 BENCH_TURNS=10 BENCH_THREADS=20 pnpm bench:compat
 * A benchmark, not a test: it prints numbers, it asserts nothing.
 */
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { reply, startCodexTestEnv } from "@codex/app-server-testing";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const THREADS = Number(process.env.BENCH_THREADS ?? 20);
const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");
const PAGE_SIZE = 4096;
const SDKS = ["compat", "exec"] as const;
type Sdk = (typeof SDKS)[number];

const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
execFileSync("git", ["init", "-q"], { cwd: env.workspace });

/** Summed RSS (bytes) of `root` and all its descendants, from /proc. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      rss.set(pid, Number(readFileSync(`/proc/${entry}/statm`, "utf8").split(" ")[1]) * PAGE_SIZE);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    total += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

interface Measured<T> {
  readonly result: T;
  readonly peakRssBytes: number;
}

/** Runs the worker, sampling its process tree's RSS every 10 ms. */
function measure<T>(sdk: Sdk, scenario: "sequential" | "concurrent", replies: number): Promise<Measured<T>> {
  env.mock.enqueue(...Array.from({ length: replies }, () => reply.message("ok")));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, "--conditions=source", WORKER, sdk, scenario], {
      cwd: env.workspace,
      env: {
        ...process.env,
        BENCH_CODEX_PATH: env.codexPath,
        BENCH_ENV: JSON.stringify(env.env),
        BENCH_WORKSPACE: env.workspace,
        BENCH_TURNS: String(TURNS),
        BENCH_THREADS: String(THREADS),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let peak = 0;
    const sampler = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRss(child.pid));
    }, 10);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.on("exit", (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`${sdk} ${scenario} worker exited with ${code}`));
      if (env.mock.pendingReplies !== 0)
        return reject(new Error(`${sdk}: ${env.mock.pendingReplies} replies unused`));
      resolve({ result: JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as T, peakRssBytes: peak });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

try {
  console.log(`codex ${env.codexPath}`);
  console.log(`latency: ${ROUNDS} rounds x ${TURNS} turns on one thread per SDK`);
  const perTurn: Record<Sdk, number[]> = { compat: [], exec: [] };
  const firstTurn: Record<Sdk, number[]> = { compat: [], exec: [] };
  const laterTurns: Record<Sdk, number[]> = { compat: [], exec: [] };
  await measure("compat", "sequential", TURNS); // warm-up: file cache, tsx's transform cache
  await measure("exec", "sequential", TURNS);
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? SDKS : ([...SDKS].reverse() as Sdk[]);
    const line: string[] = [];
    for (const sdk of order) {
      const { result } = await measure<{ latenciesMs: number[] }>(sdk, "sequential", TURNS);
      perTurn[sdk].push(mean(result.latenciesMs));
      firstTurn[sdk].push(result.latenciesMs[0] ?? NaN);
      laterTurns[sdk].push(mean(result.latenciesMs.slice(1)));
      line.push(`${sdk} ${ms(mean(result.latenciesMs))}/turn`);
    }
    console.log(`  round ${round}: ${line.join(", ")}`);
  }
  for (const sdk of SDKS) {
    console.log(
      `  ${sdk.padEnd(6)} mean per turn ${ms(median(perTurn[sdk]))} (first turn ${ms(median(firstTurn[sdk]))}, later turns ${ms(median(laterTurns[sdk]))})`,
    );
  }
  const ratio = median(perTurn.compat) / median(perTurn.exec);

  console.log(`concurrency: ${THREADS} threads at once, one turn each, ${ROUNDS} rounds`);
  const wall: Record<Sdk, number[]> = { compat: [], exec: [] };
  const rss: Record<Sdk, number[]> = { compat: [], exec: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? SDKS : ([...SDKS].reverse() as Sdk[]);
    const line: string[] = [];
    for (const sdk of order) {
      const { result, peakRssBytes } = await measure<{ wallMs: number }>(sdk, "concurrent", THREADS);
      wall[sdk].push(result.wallMs);
      rss[sdk].push(peakRssBytes);
      line.push(`${sdk} ${ms(result.wallMs)} peak ${mb(peakRssBytes)}`);
    }
    console.log(`  round ${round}: ${line.join(", ")}`);
  }
  for (const sdk of SDKS) {
    console.log(`  ${sdk.padEnd(6)} wall ${ms(median(wall[sdk]))}, peak tree RSS ${mb(median(rss[sdk]))}`);
  }
  const speedup = median(wall.exec) / median(wall.compat);
  const memory = median(rss.compat) / median(rss.exec);
  console.log(
    `ratio_vs_exec_sdk=${ratio.toFixed(3)} concurrent_speedup=${speedup.toFixed(2)}x concurrent_memory_ratio=${memory.toFixed(3)}`,
  );
} finally {
  await env.close();
}
