// `pnpm bench:import`: the cold import time of @codex/app-server-sdk (its built dist, as users get it)
// against @openai/codex-sdk, each import in a fresh process, the two alternating so that both see the same
// machine load. Prints both medians and ends with `ratio_vs_exec_sdk=<x>`. A benchmark, not a test.
//
//   BENCH_RUNS=15 pnpm bench:import     (the root script builds the SDK and its dependencies first)
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RUNS = Math.max(9, Number(process.env.BENCH_RUNS ?? 15));
const CHILD = fileURLToPath(new URL("./import-child.mjs", import.meta.url));
const SDK = "@codex/app-server-sdk";
const EXEC_SDK = "@openai/codex-sdk";

if (!existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)))) {
  throw new Error("packages/sdk/dist is missing: run `pnpm bench:import` from the root (it builds first)");
}

/** Runs one import in a fresh process; no --conditions flag, so the package resolves to dist/. */
function importOnce(specifier, flag) {
  const output = execFileSync(process.execPath, [CHILD, specifier, ...(flag ? [flag] : [])], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output.trim().split("\n").at(-1) ?? "");
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Untimed rounds first: the first processes after a build also pay for cold file caches.
for (let warmup = 0; warmup < 3; warmup++) {
  importOnce(SDK);
  importOnce(EXEC_SDK);
}

const sdkMs = [];
const execMs = [];
for (let run = 0; run < RUNS; run++) {
  // Alternate which goes first, so neither always runs right after the other.
  const order = run % 2 === 0 ? [SDK, EXEC_SDK] : [EXEC_SDK, SDK];
  for (const specifier of order) (specifier === SDK ? sdkMs : execMs).push(importOnce(specifier).ms);
}

const sdk = median(sdkMs);
const exec = median(execMs);
const { loaded } = importOnce(SDK, "--loaded");
const fmt = (value) => value.toFixed(2);
console.log(`cold import, median of ${RUNS} fresh processes each (alternating):`);
console.log(`  ${SDK}: ${fmt(sdk)} ms  (min ${fmt(Math.min(...sdkMs))}, max ${fmt(Math.max(...sdkMs))})`);
console.log(
  `  ${EXEC_SDK}: ${fmt(exec)} ms  (min ${fmt(Math.min(...execMs))}, max ${fmt(Math.max(...execMs))})`,
);
console.log(
  `  loaded by the SDK import among ajv, ws, vscode-jsonrpc: ${loaded.length ? loaded.join(", ") : "none"}`,
);
console.log(`ratio_vs_exec_sdk=${(sdk / exec).toFixed(2)}`);
