/**
 * `pnpm bench:turn`: per-turn latency of `thread.run()` with and without usage accounting and budgets,
 * side by side in one run on the pinned codex and the mock Responses API. Two clients on one env: one
 * plain, one with prices and a budget at every level (turn, thread, client). Turns alternate between the
 * two so both see the same machine load; each reply reports usage. Prints medians and ends with
 * `budget_turn_latency_ratio=<budgeted / plain>`. A benchmark, not a test.
 *
 *   BENCH_TURNS=30 pnpm bench:turn
 */
import { reply, startCodexTestEnv } from "@codex/app-server-testing";
import { Codex, type Thread } from "../src/index.js";

const TURNS = Number(process.env.BENCH_TURNS ?? 30);

const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
const base = { codexPath: env.codexPath, env: env.env, cwd: env.workspace };
const plain = new Codex(base);
const budgeted = new Codex({
  ...base,
  prices: { "mock-model": { input: 1, output: 10 } },
  budget: { maxTokens: 1e12, maxCostUsd: 1e9, maxTurns: 1e6 },
});
try {
  const threads: Record<"plain" | "budgeted", Thread> = {
    plain: await plain.startThread({ cwd: env.workspace }),
    budgeted: await budgeted.startThread({ cwd: env.workspace, budget: { maxTokens: 1e12, maxTurns: 1e6 } }),
  };
  const ms: Record<"plain" | "budgeted", number[]> = { plain: [], budgeted: [] };
  for (let turn = -1; turn < TURNS; turn++) {
    // Alternate which goes first; turn -1 warms both up and is not counted.
    const order = turn % 2 === 0 ? (["plain", "budgeted"] as const) : (["budgeted", "plain"] as const);
    for (const mode of order) {
      env.mock.enqueue(reply.withUsage(reply.message(`reply ${turn}`), { input: 100, output: 10 }));
      const started = performance.now();
      const result = await threads[mode].run(
        `turn ${turn}`,
        mode === "budgeted" ? { budget: { maxTokens: 1e9 } } : {},
      );
      if (result.usage?.totalTokens !== 110) throw new Error(`${mode}: usage ${result.usage?.totalTokens}`);
      if (mode === "budgeted" && result.cost.usd === undefined) throw new Error("budgeted: no cost");
      if (turn >= 0) ms[mode].push(performance.now() - started);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  console.log(`turns=${TURNS} per mode, alternating (medians)`);
  console.log(`plain=${median(ms.plain).toFixed(1)}ms budgeted=${median(ms.budgeted).toFixed(1)}ms`);
  console.log(`budget_turn_latency_ratio=${(median(ms.budgeted) / median(ms.plain)).toFixed(2)}`);
} finally {
  await Promise.all([plain.close(), budgeted.close()]);
  await env.close();
}
