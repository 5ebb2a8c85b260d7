/**
 * One measurement of `pnpm bench:stream`, run in its own process (so peak RSS belongs to one reader):
 *   node --expose-gc --import tsx --conditions=source stream-worker.ts <mode> <count>
 * Modes: raw (JSON.parse per line over the child's stdout), textStream, budgeted (textStream with a
 * client and a turn budget and prices, so every usage report is charged), iterator, result.
 * Prints one JSON line: deltas read, milliseconds from `turn/started` to the end, peak RSS growth (from
 * just before the turn for the SDK readers, from before the spawn for the raw loop) and the heap still
 * held once the turn was read (the handle is kept alive on purpose).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Codex } from "../src/index.js";

const CHILD = fileURLToPath(new URL("./stream-child.mjs", import.meta.url));
const mode = process.argv[2] ?? "textStream";
const count = Number(process.argv[3] ?? 1_000_000);

export interface WorkerResult {
  readonly mode: string;
  readonly deltas: number;
  readonly ms: number;
  readonly rssGrowthMb: number;
  readonly retainedMb: number;
  /** Size of the final message text that result() legitimately keeps (one byte per character here). */
  readonly finalTextMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number): number => bytes / 1024 / 1024;

/** Peak RSS, sampled on a timer and by the readers every few thousand events. */
class RssPeak {
  baseline = process.memoryUsage.rss();
  peak = this.baseline;
  readonly #timer = setInterval(() => this.sample(), 5);
  /** Measure from here: after a full GC, once the client is connected and the thread started. */
  restart(): void {
    gc();
    this.baseline = process.memoryUsage.rss();
    this.peak = this.baseline;
  }
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }
  stop(): number {
    clearInterval(this.#timer);
    this.sample();
    return this.peak;
  }
}

function rawLoop(rss: RssPeak): Promise<{ deltas: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, String(count), "raw"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buffered = "";
    let deltas = 0;
    let first = 0;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (first === 0) first = performance.now();
      const parts = (buffered + chunk).split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) {
        if (line.length === 0) continue;
        const message = JSON.parse(line) as { method?: string };
        if (message.method === "item/agentMessage/delta" && ++deltas % 65536 === 0) rss.sample();
      }
    });
    child.stdout.on("end", () => resolve({ deltas, ms: performance.now() - first }));
    child.on("error", reject);
  });
}

async function throughSdk(
  rss: RssPeak,
): Promise<{ deltas: number; ms: number; finalTextMb: number; keep: unknown }> {
  const budgeted = mode === "budgeted";
  let budgetWarnings = 0;
  const codex = new Codex({
    transport: { type: "spawn", command: process.execPath, args: [CHILD, String(count), "server"] },
    versionCheck: "off",
    ...(budgeted && {
      prices: { mock: { input: 1, output: 10 } },
      budget: { maxCostUsd: 1e9 },
      onWarning: (warning) => {
        if (warning.kind === "budgetWarning") budgetWarnings++;
      },
    }),
  });
  // The child reports 150 tokens per 10,000 deltas: this thread budget warns at the last report.
  const maxTokens = Math.ceil(count / 10_000) * 150 * 2;
  const thread = await codex.startThread(budgeted ? { budget: { maxTokens, warnAt: 0.5 } } : {});
  rss.restart(); // the turn's growth, not the client's start-up
  const turn = thread.turn("stream", budgeted ? { budget: { maxTokens: 1e12 } } : {});
  let first = 0;
  turn.on("turn/started", () => {
    first = performance.now();
  });
  let deltas = 0;
  if (mode === "textStream" || budgeted) {
    // One chunk per delta: the completed message repeats what was streamed, so it adds none.
    for await (const _text of turn.textStream) if (++deltas % 65536 === 0) rss.sample();
  } else if (mode === "iterator") {
    for await (const event of turn) {
      if (event.method === "item/agentMessage/delta" && ++deltas % 65536 === 0) rss.sample();
    }
  }
  const result = await turn.result();
  const ms = performance.now() - first;
  if (budgeted && budgetWarnings !== 1)
    throw new Error(`budgeted: ${budgetWarnings} budget warnings, expected 1`);
  // result() alone: every delta went into the final text (each ends with a space).
  if (mode === "result") deltas = countSpaces(result.finalResponse ?? "");
  await codex.close();
  // The turn handle and the result stay reachable: what they hold is what "retained" measures.
  return { deltas, ms, finalTextMb: mb(result.finalResponse?.length ?? 0), keep: { turn, result } };
}

function countSpaces(text: string): number {
  let spaces = 0;
  for (let at = text.indexOf(" "); at !== -1; at = text.indexOf(" ", at + 1)) spaces++;
  return spaces;
}

async function main(): Promise<void> {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rss = new RssPeak();
  const run = mode === "raw" ? await rawLoop(rss) : await throughSdk(rss);
  const peak = rss.stop();
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  const result: WorkerResult = {
    mode,
    deltas: run.deltas,
    ms: run.ms,
    rssGrowthMb: mb(peak - rss.baseline),
    retainedMb: mb(retained),
    finalTextMb: "finalTextMb" in run ? run.finalTextMb : 0,
  };
  console.log(JSON.stringify(result));
  // Keep the turn reachable until after the measurement.
  if ("keep" in run && run.keep === null) console.log("");
}

await main();
