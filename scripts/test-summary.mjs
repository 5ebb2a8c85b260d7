// Adds up the vitest JSON reports every package wrote during `pnpm test` and prints one closing line
// ("N passed, N failed, N skipped") so a run that executed no test cannot pass unnoticed.
//
//   node scripts/test-summary.mjs --clean           removes old reports
//   node scripts/test-summary.mjs                   sums the reports; exit 1 on a failure or no test at all
//   node scripts/test-summary.mjs <command…>        removes old reports, runs the command (pnpm test:
//                                                   `turbo run test --continue`), then sums the reports and
//                                                   prints the closing line even when the command failed;
//                                                   exit 1 when the command or any test failed
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
// Every workspace folder with tests: codegen, compat, examples, upgrade-test and each package under packages/
// (new ones count too).
const dirs = [
  "codegen",
  "compat",
  "examples",
  "upgrade-test",
  ...readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}`),
];
const reportOf = (dir) => join(root, dir, ".vitest-report.json");
const command = process.argv.slice(2).filter((arg) => arg !== "--clean");

function clean() {
  for (const dir of dirs) rmSync(reportOf(dir), { force: true });
}

/** The command's exit status (1 when it could not start or was killed). */
function run([name, ...args]) {
  // On Windows the turbo shim on PATH is a .cmd, which only a shell starts.
  const result = spawnSync(name, args, { stdio: "inherit", shell: process.platform === "win32" });
  if (result.error) console.error(`test-summary: cannot run ${name}: ${result.error.message}`);
  return result.status ?? 1;
}

/** One block per failed test: its file and name, then the first lines of its failure message. */
function failuresOf(dir, report) {
  const blocks = [];
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const message = (test.failureMessages ?? []).join("\n").split("\n").slice(0, 6);
      const where = file.name.startsWith(root) ? file.name.slice(root.length + 1) : `${dir}/${file.name}`;
      blocks.push([`FAILED ${where} > ${test.fullName}`, ...message.map((line) => `    ${line}`)].join("\n"));
    }
  }
  return blocks;
}

if (process.argv.includes("--clean") && command.length === 0) {
  clean();
  process.exit(0);
}
let status = 0;
if (command.length > 0) {
  clean();
  status = run(command);
}
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const dir of dirs) {
  const file = reportOf(dir);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  failures.push(...failuresOf(dir, report));
  rmSync(file);
}
// The failing tests again at the very end, so a CI log that keeps only its tail still names them.
for (const failure of failures) console.log(failure);
if (status !== 0)
  console.log(`${command.join(" ")} failed (exit ${status}); the counts below are the reports written`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (status !== 0 || passed === 0 || failed > 0) process.exitCode = 1;
