// Writes packages/runtime-bin/<platform>/ from the platform table (packages/runtime/src/platforms.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PLATFORMS } from "../packages/runtime/src/platforms.js";
import { renderRuntimeBinFiles } from "../packages/runtime/src/runtime-bin-files.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const version = JSON.parse(readFileSync(join(root, "packages/runtime/package.json"), "utf8"))
  .version as string;
const repository = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).repository;
for (const platform of PLATFORMS) {
  const dir = join(root, "packages", "runtime-bin", platform.id);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(
    renderRuntimeBinFiles(platform, version, undefined, repository),
  )) {
    writeFileSync(join(dir, name), text);
  }
  console.log(`wrote ${dir}`);
}
