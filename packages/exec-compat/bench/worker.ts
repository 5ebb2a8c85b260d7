/**
 * One measurement of `pnpm bench:compat`, in its own process so that the summed RSS of its process tree
 * (this Node process plus the codex processes it starts) belongs to one SDK:
 *   node --import tsx --conditions=source worker.ts <compat|exec> <sequential|concurrent>
 * Env: BENCH_CODEX_PATH, BENCH_ENV (the codex child env as JSON), BENCH_WORKSPACE, BENCH_TURNS, BENCH_THREADS.
 * Prints one JSON line: per-turn latencies (sequential) or the wall time (concurrent).
 */
import { Codex as ExecCodex } from "@openai/codex-sdk";
import { Codex as CompatCodex, closeCodex } from "../src/index.js";

const sdk = process.argv[2] === "exec" ? "exec" : "compat";
const scenario = process.argv[3] === "concurrent" ? "concurrent" : "sequential";
const options = {
  codexPathOverride: process.env.BENCH_CODEX_PATH ?? "",
  env: JSON.parse(process.env.BENCH_ENV ?? "{}") as Record<string, string>,
};
const codex = sdk === "exec" ? new ExecCodex(options) : new CompatCodex(options);
const threadOptions = { workingDirectory: process.env.BENCH_WORKSPACE ?? process.cwd() };

if (scenario === "sequential") {
  const turns = Number(process.env.BENCH_TURNS ?? 10);
  const thread = codex.startThread(threadOptions);
  const latenciesMs: number[] = [];
  for (let turn = 0; turn < turns; turn++) {
    const started = performance.now();
    const result = await thread.run(`turn ${turn}`);
    latenciesMs.push(performance.now() - started);
    if (result.finalResponse !== "ok") throw new Error(`unexpected reply: ${result.finalResponse}`);
  }
  console.log(JSON.stringify({ latenciesMs }));
} else {
  const threads = Number(process.env.BENCH_THREADS ?? 20);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: threads }, (_, index) => codex.startThread(threadOptions).run(`thread ${index}`)),
  );
  const wallMs = performance.now() - started;
  if (results.some((result) => result.finalResponse !== "ok")) throw new Error("unexpected reply");
  console.log(JSON.stringify({ wallMs }));
}
if (codex instanceof CompatCodex) await closeCodex(codex);
