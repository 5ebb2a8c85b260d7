import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

// The workspace globs of pnpm-workspace.yaml: packages/*, packages/runtime-bin/*, codegen, examples.
const manifestsIn = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .map((name) => join(repoRoot, dir, name, "package.json"))
    .filter((path) => existsSync(path));

const workspaceManifests = [
  ...manifestsIn("packages"),
  ...manifestsIn("packages/runtime-bin"),
  join(repoRoot, "codegen", "package.json"),
  join(repoRoot, "examples", "package.json"),
].map(readJson);

describe("release configuration", () => {
  const publishable = workspaceManifests.filter((m) => m.private !== true);
  const fixed: string[][] = readJson(join(repoRoot, ".changeset", "config.json")).fixed;

  it("puts every publishable package in one changesets fixed group", () => {
    expect(fixed).toHaveLength(1);
    expect([...(fixed[0] ?? [])].sort()).toEqual(publishable.map((m) => m.name).sort());
  });

  it("gives every publishable package the same version, so SDK and pinned CLI move together", () => {
    expect(new Set(publishable.map((m) => m.version)).size).toBe(1);
  });

  it("keeps internal packages private (everything outside packages/: codegen, examples)", () => {
    for (const dir of ["codegen", "examples"]) {
      const m = readJson(join(repoRoot, dir, "package.json"));
      expect(m.private, m.name).toBe(true);
    }
    for (const m of publishable)
      expect(m.name, "publishable packages live in the @codex scope").toMatch(/^@codex\//);
  });
});
