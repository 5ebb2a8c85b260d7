// Bundles a package's JavaScript: one file per export (plus shared chunks) instead of one file per source
// module. Run from the package folder after `tsc --emitDeclarationOnly` (types stay tsc's, file by file).
//
// Why: Node 20 pays for every ES module it resolves, reads and links. Importing the SDK as ~70 tsc output
// files took ~35 ms; the same code as one bundle per package takes ~10 ms (`pnpm bench:import`).
// Dependencies stay external (each workspace package is bundled on its own); code reached only through
// `import()` lands in its own chunk, so what a default `new Codex()` does not use is not even read. An
// entry listed in package.json's `codexBundle.isolate` is one file with nothing shared (buildIsolated).
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { isolatedEntryPlugin } from "./bundle/isolated-entry.mjs";

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/** Entry points from `exports`: each subpath's `source` file bundled to its `default` (or `import`) file. */
function entryPoints(exports) {
  const entries = [];
  for (const [subpath, target] of Object.entries(exports ?? {})) {
    if (typeof target !== "object" || target === null) continue;
    const { source } = target;
    const output = target.default ?? target.import;
    if (typeof source !== "string" || typeof output !== "string") continue;
    entries.push({ subpath, in: source, out: output.replace(/^\.\/dist\//, "").replace(/\.js$/, "") });
  }
  if (entries.length === 0) throw new Error(`${manifest.name}: no "source" -> "default" export to bundle`);
  return entries;
}

/**
 * Entry points from `bin`: `./dist/<path>.js` is bundled from `./src/<path>.ts` (its `#!/usr/bin/env node`
 * line is kept by esbuild); the output is made executable after the build.
 */
function binEntryPoints(bin) {
  const targets = typeof bin === "string" ? [bin] : Object.values(bin ?? {});
  return targets.map((target) => {
    const match = /^\.\/dist\/(.+)\.js$/.exec(target);
    const source = match && `./src/${match[1]}.ts`;
    if (!source || !existsSync(join(packageDir, source))) {
      throw new Error(`${manifest.name}: bin ${target} needs its source at ./src/<path>.ts`);
    }
    return { in: source, out: match[1] };
  });
}

// JavaScript from an earlier build would linger beside the bundles (chunk names carry content hashes, and
// a per-file build left one .js per module); tsc has just written the declarations, which stay.
const dist = join(packageDir, "dist");
for (const entry of existsSync(dist) ? readdirSync(dist, { recursive: true, withFileTypes: true }) : []) {
  if (entry.isFile() && /\.js(\.map)?$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name));
}

/** Per builtin (`node:fs`), the names the package's sources import from it by name. */
function builtinImports() {
  const names = new Map();
  const source = join(packageDir, "src");
  for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
    const whole = /import\s+(?!type\b)(?:\*\s+as\s+)?\w+\s+from\s+"(node:[\w/]+)"/.exec(text);
    if (whole) {
      throw new Error(
        `${join(entry.parentPath, entry.name)}: import ${whole[1]} by name ({ … }), not whole: the bundle reads builtins by name`,
      );
    }
    for (const [, typeOnly, list, id] of text.matchAll(
      /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"(node:[\w/]+)"/g,
    )) {
      if (typeOnly) continue;
      const set = names.get(id) ?? new Set();
      for (const specifier of list.split(",").map((part) => part.trim())) {
        if (specifier && !specifier.startsWith("type ")) set.add(specifier.split(/\s+as\s+/)[0]);
      }
      names.set(id, set);
    }
  }
  return names;
}

/**
 * Builtins through `process.getBuiltinModule` (Node 20.16+) instead of an ES import: for `import … from
 * "node:fs"`, Node 20 builds a module facade that reads every export of the builtin, and for node:fs that
 * loads the whole streams stack; node:child_process adds net and dgram (~3 ms of CPU per cold import
 * together). Each builtin becomes a small module exporting just the names the sources import, read from
 * the CommonJS object on first evaluation. A namespace or default import of a builtin fails the build (it
 * would need every export); so does an imported name the module lacks (esbuild: no matching export).
 */
function builtinsOnDemand() {
  const imported = builtinImports();
  return {
    name: "builtins-on-demand",
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "node-builtin" }));
      build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => {
        const names = [...(imported.get(args.path) ?? [])].sort();
        const id = JSON.stringify(args.path);
        return {
          contents:
            names.length === 0
              ? `process.getBuiltinModule(${id});`
              : `export const { ${names.join(", ")} } = process.getBuiltinModule(${id});`,
          loader: "js",
        };
      });
    },
  };
}

const common = {
  absWorkingDir: packageDir,
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.build.json",
  // No keepNames: it adds a __name() call per function (~1 ms of every import). Error classes set their
  // `name` explicitly, and bundling renames none of them (assertNoRenamedErrorClass).
  legalComments: "none",
  logLevel: "warning",
};

/**
 * An isolated entry (`codexBundle.isolate` in package.json, e.g. the SDK's "."): one file holding its
 * whole static closure, so importing it reads one file of this package instead of the entry and its
 * shared chunks (Node 20 pays ~0.7 ms per module file and ~0.6 ms per bare specifier it resolves). The
 * packages listed in `inline` are bundled in too. Each local module it loads with `import()` is left as
 * an import of that module's own bundle (built below with the other entries) and reported in `lazy`.
 * What the entry shares with those bundles exists twice, so it must not depend on module identity:
 * errors match by name (CodexError's Symbol.hasInstance), shared state lives in shared-weak-map.ts.
 */
async function buildIsolated(entry, { inline = [] }, lazy) {
  await build({
    ...common,
    entryPoints: [{ in: entry.in, out: entry.out }],
    splitting: false,
    // Whitespace and comments only (names stay): about 0.5 ms of every cold import of a ~65 kB entry. The
    // code behind it (the SDK's engine) stays as written, for readable stack traces.
    minifyWhitespace: true,
    plugins: [
      builtinsOnDemand(),
      isolatedEntryPlugin({ packageDir, entryOut: entry.out, inline, conditions: ["default"], lazy }),
    ],
  });
}

const isolate = manifest.codexBundle?.isolate ?? {};
const exportEntries = entryPoints(manifest.exports);
/** Output path (under dist, no extension) -> source file, of the modules isolated entries import(). */
const lazy = new Map();
for (const entry of exportEntries.filter(({ subpath }) => subpath in isolate)) {
  await buildIsolated(entry, isolate[entry.subpath], lazy);
}

await build({
  ...common,
  entryPoints: [
    ...exportEntries
      .filter(({ subpath }) => !(subpath in isolate))
      .map(({ in: source, out }) => ({ in: source, out })),
    ...[...lazy].map(([out, source]) => ({ in: source, out })),
    ...binEntryPoints(manifest.bin),
  ],
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  plugins: [builtinsOnDemand()],
});

/**
 * esbuild renames a top-level binding that collides with another (`TurnFailedError2`), and a class then
 * takes the new name; error classes must keep theirs, since `instanceof` across bundled copies matches by
 * name (CodexError in @codex/runtime).
 */
function assertNoRenamedErrorClass() {
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = join(entry.parentPath, entry.name);
    const renamed = /\bvar (\w+Error\d+)\s*=\s*class\b/.exec(readFileSync(file, "utf8"));
    if (renamed)
      throw new Error(`${file}: bundling renamed the error class ${renamed[1]}; rename one of the two`);
  }
}

for (const { out } of binEntryPoints(manifest.bin)) chmodSync(join(dist, `${out}.js`), 0o755);
assertNoRenamedErrorClass();
