// Adds up the vitest JSON reports every package wrote during `pnpm test` and prints one closing line
// ("N passed, N failed, N skipped") so a run that executed no test cannot pass unnoticed.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
// Every workspace folder with tests: codegen, compat, examples and each package under packages/ (new ones count too).
const dirs = [
  "codegen",
  "compat",
  "examples",
  ...readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}`),
];
const cleanOnly = process.argv.includes("--clean");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of dirs) {
  const file = join(root, dir, ".vitest-report.json");
  if (!existsSync(file)) continue;
  if (cleanOnly) {
    rmSync(file);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  rmSync(file);
}
if (cleanOnly) process.exit(0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0) process.exitCode = 1;
