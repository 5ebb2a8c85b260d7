import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * How to run `codex-sdk server run`: the package's own bin (dist/cli/codex-sdk.js), or, when this module
 * runs from its TypeScript sources (tests, tsx in the workspace), src/cli/codex-sdk.ts through tsx.
 */
export function supervisorCommand(args: readonly string[]): { file: string; args: string[] } {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("@codex/app-server-sdk/package.json"));
  if (import.meta.url.endsWith(".ts")) {
    const cli = join(packageDir, "src", "cli", "codex-sdk.ts");
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    return { file: process.execPath, args: ["--import", tsx, "--conditions=source", cli, ...args] };
  }
  const cli = join(packageDir, "dist", "cli", "codex-sdk.js");
  if (!existsSync(cli)) throw new Error(`the codex-sdk bin is missing at ${cli}`);
  return { file: process.execPath, args: [cli, ...args] };
}
