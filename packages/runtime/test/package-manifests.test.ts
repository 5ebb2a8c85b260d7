import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// What users install: every publishable manifest, as `pnpm pack` will publish it (publishConfig applied).
// `pnpm manifests:sync` fixes the metadata; the exports below are pinned on purpose: a new subpath is a
// public API decision, so add it here too. The consumer test (`pnpm test:consumer`) checks the packed
// tarballs themselves.
const repoRoot = join(import.meta.dirname, "..", "..", "..");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const rootManifest = readJson(join(repoRoot, "package.json"));
const rootLicense = readFileSync(join(repoRoot, "LICENSE"), "utf8");

const packageDirs = ["packages", "packages/runtime-bin"].flatMap((parent) =>
  readdirSync(join(repoRoot, parent))
    .map((name) => `${parent}/${name}`)
    .filter((dir) => existsSync(join(repoRoot, dir, "package.json"))),
);
const publishable = packageDirs
  .map((dir) => ({ dir, manifest: readJson(join(repoRoot, dir, "package.json")) }))
  .filter(({ manifest }) => manifest.private !== true);

const main = { types: "./dist/index.d.ts", default: "./dist/index.js" };
const runtimeBin = {
  ".": { types: "./index.d.ts", default: "./index.js" },
  "./package.json": "./package.json",
};

/** The `exports` each package publishes. */
const PUBLISHED_EXPORTS: Record<string, unknown> = {
  "@codex/app-server-sdk": { ".": main, "./package.json": "./package.json" },
  "@codex/app-server-protocol": {
    ".": main,
    // Errors, method names and transports without the connection: what the SDK imports at load.
    "./light": { types: "./dist/light.d.ts", default: "./dist/light.js" },
    // ajv and the schema data load only for users of validation.
    "./validation": { types: "./dist/validation/index.d.ts", default: "./dist/validation/index.js" },
    "./package.json": "./package.json",
  },
  "@codex/app-server-testing": { ".": main, "./package.json": "./package.json" },
  "@codex/runtime": { ".": main, "./package.json": "./package.json" },
  "@codex/ai-sdk-provider": { ".": main, "./package.json": "./package.json" },
  "@codex/exec-compat": { ".": main, "./package.json": "./package.json" },
  "@codex/opentelemetry": { ".": main, "./package.json": "./package.json" },
  "@codex/queue": { ".": main, "./package.json": "./package.json" },
  ...Object.fromEntries(
    ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64"].map((id) => [
      `@codex/runtime-bin-${id}`,
      runtimeBin,
    ]),
  ),
};

/** The manifest as pnpm packs it: publishConfig's fields replace the workspace ones. */
function packedManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const { publishConfig, ...rest } = manifest as { publishConfig?: Record<string, unknown> };
  const { access: _access, registry: _registry, tag: _tag, ...overrides } = publishConfig ?? {};
  return { ...rest, ...overrides };
}

/** Every leaf condition object of an exports map. */
function conditionObjects(exports: unknown): Record<string, unknown>[] {
  if (exports === null || typeof exports !== "object") return [];
  const entries = Object.entries(exports);
  if (entries.some(([key]) => key.startsWith("."))) return entries.flatMap(([, v]) => conditionObjects(v));
  return [exports as Record<string, unknown>, ...entries.flatMap(([, v]) => conditionObjects(v))];
}

describe("published package manifests", () => {
  it("have their published exports pinned here", () => {
    expect(publishable.length).toBeGreaterThanOrEqual(10);
    for (const { manifest } of publishable) {
      expect(PUBLISHED_EXPORTS[manifest.name], `${manifest.name}: pin its exports here`).toBeDefined();
    }
  });

  it.each(publishable.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))(
    "%s publishes its pinned exports, with no source condition and a default for require()",
    (name, _dir, manifest) => {
      const packed = packedManifest(manifest);
      expect(packed.exports).toEqual(PUBLISHED_EXPORTS[name]);
      for (const conditions of conditionObjects(packed.exports)) {
        expect(Object.keys(conditions)).not.toContain("source");
        // `default` last, so require() (Node 20.19+) and every bundler find the entry.
        expect(Object.keys(conditions).at(-1)).toBe("default");
        if ("types" in conditions) expect(Object.keys(conditions)[0]).toBe("types");
      }
    },
  );

  it.each(publishable.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))(
    "%s carries the licence, repository, homepage, bugs, keywords, sideEffects and engines",
    (_name, dir, manifest) => {
      expect(manifest.license).toBe("Apache-2.0");
      expect(readFileSync(join(repoRoot, dir, "LICENSE"), "utf8")).toBe(rootLicense);
      expect(manifest.repository).toEqual({ type: "git", url: rootManifest.repository.url, directory: dir });
      const web = rootManifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
      expect(manifest.homepage).toBe(`${web}/tree/main/${dir}#readme`);
      expect(manifest.bugs).toEqual({ url: `${web}/issues` });
      expect(manifest.keywords).toEqual(expect.arrayContaining(["codex"]));
      expect(manifest.sideEffects).toBe(false);
      expect(manifest.engines).toEqual({ node: ">=20.19" });
      expect(manifest.publishConfig?.access).toBe("public");
    },
  );

  it.each(
    publishable
      .filter(({ dir }) => !dir.startsWith("packages/runtime-bin/"))
      .map(({ dir, manifest }) => [manifest.name, dir, manifest] as const),
  )("%s publishes dist/ built without maps into the unshipped src/", (_name, dir, manifest) => {
    expect(manifest.files).toContain("dist");
    expect(manifest.files).not.toContain("src");
    const build = readFileSync(join(repoRoot, dir, "tsconfig.build.json"), "utf8");
    expect(build).toMatch(/"sourceMap": false/);
    expect(build).toMatch(/"declarationMap": false/);
  });
});
