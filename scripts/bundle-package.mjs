// Bundles a package's JavaScript: one file per export (plus shared chunks) instead of one file per source
// module. Run from the package folder after `tsc --emitDeclarationOnly` (types stay tsc's, file by file).
//
// Why: Node 20 pays for every ES module it resolves, reads and links. Importing the SDK as ~70 tsc output
// files took ~35 ms; the same code as one bundle per package takes ~10 ms (`pnpm bench:import`).
// Dependencies stay external (each workspace package is bundled on its own); code reached only through
// `import()` lands in its own chunk, so what a default `new Codex()` does not use is not even read.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/** Entry points from `exports`: each subpath's `source` file bundled to its `default` (or `import`) file. */
function entryPoints(exports) {
  const entries = [];
  for (const target of Object.values(exports ?? {})) {
    if (typeof target !== "object" || target === null) continue;
    const { source } = target;
    const output = target.default ?? target.import;
    if (typeof source !== "string" || typeof output !== "string") continue;
    entries.push({ in: source, out: output.replace(/^\.\/dist\//, "").replace(/\.js$/, "") });
  }
  if (entries.length === 0) throw new Error(`${manifest.name}: no "source" -> "default" export to bundle`);
  return entries;
}

// JavaScript from an earlier build would linger beside the bundles (chunk names carry content hashes, and
// a per-file build left one .js per module); tsc has just written the declarations, which stay.
const dist = join(packageDir, "dist");
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && /\.js(\.map)?$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name));
}

await build({
  absWorkingDir: packageDir,
  entryPoints: entryPoints(manifest.exports),
  outdir: "dist",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.build.json",
  // No keepNames: it adds a __name() call per function (~1 ms of every import). Error classes set their
  // `name` explicitly, and bundling renames nothing here (no two top-level classes share a name).
  legalComments: "none",
  logLevel: "warning",
});
