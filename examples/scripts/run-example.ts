// `pnpm example <name> [--live]`: runs examples/<name>.ts, or examples/<name>/main.ts for an app (web-chat).
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const names = readdirSync(examplesDir)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".config.ts"))
  .map((file) => file.slice(0, -".ts".length))
  .concat(readdirSync(examplesDir).filter((dir) => existsSync(join(examplesDir, dir, "main.ts"))))
  .sort();
const name = process.argv.slice(2).find((arg) => !arg.startsWith("-"));

if (!name || !names.includes(name)) {
  if (name) console.error(`No example named "${name}".`);
  console.error(`Usage: pnpm example <name> [--live]\nExamples: ${names.join(", ")}`);
  process.exit(1);
}
const entry = existsSync(join(examplesDir, name, "main.ts")) ? join(name, "main.ts") : `${name}.ts`;
await import(pathToFileURL(join(examplesDir, entry)).href);
