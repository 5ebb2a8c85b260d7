/**
 * `pnpm bench:stream`: one turn streaming 1,000,000 `item/agentMessage/delta` notifications, read through
 * `turn.textStream`, through the turn's event iterator and through `result()` alone, against a raw
 * JSON.parse-per-line loop over the same child output. Each measurement runs in its own process (see
 * stream-worker.ts) so its peak RSS is its own; rounds alternate the readers and report medians.
 * "budgeted" is textStream with budgets at all three levels and prices, charging the usage report the
 * child sends every 10,000 deltas. Ends with `ratio_vs_raw=<x> rss_growth_mb=<y>` for textStream and
 * `budget_accounting_ratio=<budgeted / textStream>`. A benchmark, not a test.
 *
 *   BENCH_COUNT=1000000 BENCH_ROUNDS=3 pnpm bench:stream
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WorkerResult } from "./stream-worker.js";

const COUNT = Number(process.env.BENCH_COUNT ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKER = fileURLToPath(new URL("./stream-worker.ts", import.meta.url));
const MODES = ["raw", "textStream", "budgeted", "iterator", "result"] as const;

function measure(mode: string): WorkerResult {
  const output = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "--conditions=source", WORKER, mode, String(COUNT)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1024 * 1024 },
  );
  const result = JSON.parse(output.trim().split("\n").at(-1) ?? "") as WorkerResult;
  if (result.deltas !== COUNT) throw new Error(`${mode} read ${result.deltas} deltas, expected ${COUNT}`);
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const runs = new Map<string, WorkerResult[]>(MODES.map((mode) => [mode, []]));
measure("raw"); // warm-up: file cache, tsx's transform cache
for (let round = 1; round <= ROUNDS; round++) {
  const line: string[] = [];
  for (const mode of MODES) {
    const result = measure(mode);
    runs.get(mode)?.push(result);
    line.push(`${mode} ${Math.round(COUNT / (result.ms / 1000))}/s +${result.rssGrowthMb.toFixed(0)}MB`);
  }
  console.log(`round ${round}: ${line.join(", ")}`);
}

const rate = (mode: string): number => median((runs.get(mode) ?? []).map((r) => COUNT / (r.ms / 1000)));
const stat = (mode: string, key: "rssGrowthMb" | "retainedMb" | "finalTextMb"): number =>
  median((runs.get(mode) ?? []).map((r) => r[key]));
const raw = rate("raw");
console.log(`deltas=${COUNT} rounds=${ROUNDS} (medians; each reader in its own process)`);
console.log(
  `raw_json_parse_per_line=${Math.round(raw)}/s rss_growth_mb=${stat("raw", "rssGrowthMb").toFixed(1)}`,
);
for (const mode of MODES.slice(1)) {
  console.log(
    `${mode}=${Math.round(rate(mode))}/s ratio_vs_raw=${(rate(mode) / raw).toFixed(2)} ` +
      `rss_growth_mb=${stat(mode, "rssGrowthMb").toFixed(1)} retained_after_read_mb=${stat(mode, "retainedMb").toFixed(1)} ` +
      `(of which the final message text result() keeps: ${stat(mode, "finalTextMb").toFixed(1)})`,
  );
}
console.log(
  `ratio_vs_raw=${(rate("textStream") / raw).toFixed(2)} rss_growth_mb=${stat("textStream", "rssGrowthMb").toFixed(1)}`,
);
console.log(
  `budget_accounting_ratio=${(rate("budgeted") / rate("textStream")).toFixed(2)} (budgeted / textStream)`,
);
