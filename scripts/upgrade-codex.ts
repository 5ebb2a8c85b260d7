// `pnpm codex:upgrade <version> [--allow-partial] [--root <dir>]`: moves the pinned codex CLI to another
// release — runtime-bin packages, compat's previous-release binaries, lockfile, schemas/, generated code,
// a changeset — all or nothing. The logic is in scripts/upgrade/; see docs/protocol-and-codegen.md.
import { join } from "node:path";
import { parseUpgradeArgs, type UpgradeOptions, USAGE, UsageError } from "./upgrade/args.js";
import { runUpgrade } from "./upgrade/main.js";

let options: UpgradeOptions;
try {
  options = parseUpgradeArgs(process.argv.slice(2), join(import.meta.dirname, ".."));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
try {
  process.exitCode = await runUpgrade(options);
} catch (error) {
  console.error(`codex:upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
