// The esbuild plugin of an isolated entry (scripts/bundle-package.mjs): what it inlines and what it leaves
// to load later. Shared with the SDK's import-cost test, which bundles its entry from source the same way.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

/**
 * The file a package subpath (`@codex/app-server-protocol/light`) resolves to, as seen from `packageDir`,
 * under the first of `conditions` its `exports` names (`["default"]` for the built files, `["source"]`
 * for the sources).
 */
export function resolveExport(specifier, packageDir, conditions) {
  const [scope, name, ...rest] = specifier.split("/");
  const packageName = `${scope}/${name}`;
  const manifestPath = createRequire(join(packageDir, "package.json")).resolve(`${packageName}/package.json`);
  const target = JSON.parse(readFileSync(manifestPath, "utf8")).exports?.[["."].concat(rest).join("/")];
  const file = conditions.map((condition) => target?.[condition]).find((path) => typeof path === "string");
  if (!file) throw new Error(`${specifier}: no ${conditions.join("/")} export`);
  return join(dirname(manifestPath), file);
}

/**
 * Bundles the packages in `inline` into the entry (resolved under `conditions`), and leaves each local
 * module the entry loads with `import()` as an import of that module's own bundle, at the path it gets
 * under `dist` (its path under `src`); those are added to `lazy` (output path -> source file).
 */
export function isolatedEntryPlugin({ packageDir, entryOut, inline, conditions, lazy }) {
  return {
    name: "isolated-entry",
    setup(build) {
      build.onResolve({ filter: /^[^.]/ }, (args) =>
        inline.includes(args.path) ? { path: resolveExport(args.path, packageDir, conditions) } : undefined,
      );
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData?.lazy) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { lazy: true },
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const out = relative(join(packageDir, "src"), resolved.path).replace(/\.ts$/, "");
        lazy.set(out, resolved.path);
        const specifier = relative(dirname(entryOut), out);
        return { path: `${specifier.startsWith(".") ? "" : "./"}${specifier}.js`, external: true };
      });
    },
  };
}
