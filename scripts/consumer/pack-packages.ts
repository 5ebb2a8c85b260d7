// Packs every publishable workspace package with `pnpm pack` (which applies publishConfig and turns
// `workspace:*` into versions) and checks what each tarball holds.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { workspacePackageDirs } from "../packaging/workspace-packages.js";
import { run } from "./report.js";
import { readTarball, type Tarball } from "./tarball.js";

export interface PackedPackage {
  readonly dir: string;
  /** The workspace manifest (before pnpm applies publishConfig). */
  readonly workspaceManifest: Record<string, unknown> & { name: string };
  readonly tarball: Tarball;
}

export function publishableDirs(root: string): string[] {
  return workspacePackageDirs(root).filter(
    (dir) => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).private !== true,
  );
}

export async function packPackage(root: string, dir: string, destination: string): Promise<PackedPackage> {
  const before = new Set(existsSync(destination) ? readdirSync(destination) : []);
  await run("pnpm", ["pack", "--pack-destination", destination], {
    cwd: join(root, dir),
    timeoutMs: 120_000,
  });
  const created = readdirSync(destination).filter((file) => file.endsWith(".tgz") && !before.has(file));
  if (created.length !== 1) throw new Error(`pnpm pack in ${dir} made ${created.length} tarballs`);
  return {
    dir,
    workspaceManifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")),
    tarball: readTarball(join(destination, created[0] ?? "")),
  };
}

/** Problems with one packed package: what it ships and what its manifest says. Empty when it is fine. */
export function tarballProblems(root: string, packed: PackedPackage): string[] {
  const { tarball, workspaceManifest, dir } = packed;
  const paths = tarball.entries.map((entry) => entry.path);
  const problems: string[] = [];
  for (const required of ["package.json", "README.md", "LICENSE"]) {
    if (!paths.includes(required)) problems.push(`missing ${required}`);
  }
  const license = readFileSync(join(root, "LICENSE"), "utf8");
  const shippedLicense = readFileSync(join(root, dir, "LICENSE"), "utf8");
  if (shippedLicense !== license) problems.push("LICENSE differs from the repository's Apache-2.0 text");
  for (const path of paths) {
    if (/^(src|test|bench)\//.test(path))
      problems.push(`ships ${path} (sources and tests are not published)`);
    if (path.endsWith(".map")) problems.push(`ships ${path} (maps would point into the unshipped src/)`);
    if (/(^|\/)(tsconfig[^/]*\.json|vitest\.config\.ts|\.tsbuildinfo)$/.test(path))
      problems.push(`ships ${path}`);
  }
  const manifest = tarball.manifest;
  const exportsText = JSON.stringify(manifest.exports ?? null);
  if (exportsText.includes('"source"')) problems.push(`exports keep the "source" condition: ${exportsText}`);
  if (JSON.stringify(manifest).includes("workspace:")) problems.push("a dependency still says workspace:");
  const publishConfig = manifest.publishConfig as Record<string, unknown> | undefined;
  if (publishConfig && "exports" in publishConfig) problems.push("publishConfig.exports was not applied");
  const expectedExports =
    (workspaceManifest.publishConfig as { exports?: unknown } | undefined)?.exports ??
    workspaceManifest.exports;
  if (JSON.stringify(manifest.exports) !== JSON.stringify(expectedExports)) {
    problems.push(`exports ${exportsText} are not the manifest's publishConfig.exports`);
  }
  for (const target of exportTargets(manifest.exports)) {
    if (!paths.includes(target.replace(/^\.\//, "")))
      problems.push(`exports point at ${target}, not in the tarball`);
  }
  if (!dir.startsWith("packages/runtime-bin/") && !paths.some((path) => path.startsWith("dist/"))) {
    problems.push("no dist/");
  }
  return problems;
}

function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (exports === null || typeof exports !== "object") return [];
  return Object.values(exports).flatMap(exportTargets);
}
