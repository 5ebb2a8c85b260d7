// `pnpm manifests:sync`: applies the publishing policy (scripts/packaging/manifest-policy.ts) to every
// publishable workspace package and copies the root LICENSE into it. The runtime-bin manifests are
// rendered from the platform table instead (`pnpm runtime:sync`); they only get the LICENSE here.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyPolicy, type Manifest, repositoryOf } from "./packaging/manifest-policy.js";
import { workspacePackageDirs } from "./packaging/workspace-packages.js";

const root = join(import.meta.dirname, "..");
const repo = repositoryOf(JSON.parse(readFileSync(join(root, "package.json"), "utf8")));
const license = readFileSync(join(root, "LICENSE"), "utf8");

for (const dir of workspacePackageDirs(root)) {
  const path = join(root, dir, "package.json");
  const text = readFileSync(path, "utf8");
  const manifest = JSON.parse(text) as Manifest;
  if (manifest.private === true) continue;
  if (!dir.startsWith("packages/runtime-bin/")) {
    const next = `${JSON.stringify(applyPolicy(manifest, repo, dir), null, 2)}\n`;
    if (next !== text) {
      writeFileSync(path, next);
      console.log(`updated ${dir}/package.json`);
    }
  }
  const licensePath = join(root, dir, "LICENSE");
  if (!existsSync(licensePath) || readFileSync(licensePath, "utf8") !== license) {
    copyFileSync(join(root, "LICENSE"), licensePath);
    console.log(`wrote ${dir}/LICENSE`);
  }
}
