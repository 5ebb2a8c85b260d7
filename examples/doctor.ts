// Preflight doctor: check that this machine can run codex before the first turn (binary and version,
// app-server start-up, auth, the sandbox, login-shell start-up time, the model provider). Offline, it runs
// against the pinned codex and the mock model's CODEX_HOME and skips the provider check.
import { startExample } from "./support/example-env.js";

await using _example = await startExample();

// #region doctor
import { doctor } from "@codex/app-server-sdk";

const report = await doctor({ offline: !process.argv.includes("--live"), shellThresholdMs: 3_000 });
for (const check of report.checks) {
  console.log(`${check.status.padEnd(7)} ${check.title}: ${check.summary}`);
  if (check.fix) console.log(`        fix: ${check.fix}`);
}
const sandbox = report.checks.find((check) => check.id === "sandbox");
console.log("read-only write refused:", sandbox?.measured.readOnlyWriteRefused);
if (!report.ok) process.exitCode = 1;
// #endregion
