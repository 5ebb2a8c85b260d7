// `pnpm bench:otel`: per-turn latency of real codex turns (mock model) with the instrumentation not
// installed, installed but disabled, enabled without a tracer provider (global no-op), and enabled with an
// in-memory exporter. Variants are interleaved round by round so they share the same machine noise.
import { performance } from "node:perf_hooks";
import { Codex } from "@codex/app-server-sdk";
import { reply, startCodexTestEnv } from "@codex/app-server-testing";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { CodexInstrumentation } from "../src/index.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const warmup = 5;

const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
const codex = new Codex({ codexPath: env.codexPath, env: env.env, cwd: env.workspace });
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

// Created once and left disabled: "installed but disabled" means subscribed never, or no longer.
const disabled = new CodexInstrumentation({ tracerProvider: provider });
disabled.enable();
disabled.disable();
const noProvider = new CodexInstrumentation();
const recording = new CodexInstrumentation({ tracerProvider: provider });

const variants = {
  "not installed": { on: () => {}, off: () => {} },
  "installed, disabled": { on: () => {}, off: () => {} },
  "enabled, no tracer provider": { on: () => noProvider.enable(), off: () => noProvider.disable() },
  "enabled, in-memory exporter": { on: () => recording.enable(), off: () => recording.disable() },
} as const;
type Variant = keyof typeof variants;
const samples = new Map<Variant, number[]>(Object.keys(variants).map((name) => [name as Variant, []]));

try {
  const thread = await codex.startThread({ cwd: env.workspace });
  const turn = async (): Promise<number> => {
    env.mock.enqueue(reply.message("ok"));
    const started = performance.now();
    await thread.run("ping");
    return performance.now() - started;
  };
  for (let i = 0; i < warmup; i++) await turn();
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no variant always runs first.
    const names = Object.keys(variants) as Variant[];
    const order = names.map((_, i) => names[(i + round) % names.length] as Variant);
    for (const name of order) {
      variants[name].on();
      samples.get(name)?.push(await turn());
      variants[name].off();
      exporter.reset();
    }
  }
} finally {
  await codex.close();
  await env.close();
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const baseline = median(samples.get("not installed") ?? []);
console.log(`per-turn latency, ${rounds} turns per variant (interleaved), median:`);
for (const [name, values] of samples) {
  const m = median(values);
  console.log(`  ${name.padEnd(30)} ${m.toFixed(2).padStart(8)} ms   ratio ${(m / baseline).toFixed(3)}`);
}
