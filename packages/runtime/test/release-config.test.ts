import { spawnSync } from "node:child_process";
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

type Version = [number, number, number];

function parseVersion(text: string): Version {
  const match = /^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[\w.]+)?$/.exec(text.trim());
  if (!match) throw new Error(`cannot read version "${text}"`);
  const part = (value: string | undefined) =>
    value === undefined || /[xX*]/.test(value) ? 0 : Number(value);
  return [part(match[1]), part(match[2]), part(match[3])];
}

const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** How many of the three parts a comparator names (`^22.11` names 2), for caret and x-ranges. */
const precision = (text: string): number => text.split(".").filter((part) => !/^[xX*]$/.test(part)).length;

/**
 * Whether a version satisfies an npm engines range. Enough of semver for engines fields (`||`, space-joined
 * comparators, `>=` `>` `<=` `<` `=`, `^`, `~`, x-ranges and bare versions); anything else throws rather
 * than guess.
 */
function satisfiesRange(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .filter((comparator) => comparator !== "")
      .every((comparator) => {
        const match = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(comparator);
        if (!match?.[2]) throw new Error(`unsupported range "${range}"`);
        const [, operator = "", target] = match;
        const bound = parseVersion(target);
        const named = precision(target);
        const upper = (index: number): Version =>
          index === 0
            ? [bound[0] + 1, 0, 0]
            : index === 1
              ? [bound[0], bound[1] + 1, 0]
              : [bound[0], bound[1], bound[2] + 1];
        switch (operator) {
          case ">=":
            return compare(v, bound) >= 0;
          case ">":
            return compare(v, bound) > 0;
          case "<=":
            return compare(v, bound) <= 0;
          case "<":
            return compare(v, bound) < 0;
          case "^": {
            const index = bound[0] > 0 || named === 1 ? 0 : bound[1] > 0 || named === 2 ? 1 : 2;
            return compare(v, bound) >= 0 && compare(v, upper(index)) < 0;
          }
          case "~":
            return compare(v, bound) >= 0 && compare(v, upper(named === 1 ? 0 : 1)) < 0;
          default:
            // `=1.2.3` / `1.2.3` exact; `1.2` / `1.x` any version with those parts.
            return named >= 3
              ? compare(v, bound) === 0
              : compare(v, bound) >= 0 && compare(v, upper(named - 1)) < 0;
        }
      }),
  );
}

describe("an npm engines range check", () => {
  it.each([
    ["20.19.0", "^22.11 || ^24 || >=26", false],
    ["22.11.0", "^22.11 || ^24 || >=26", true],
    ["23.0.0", "^22.11 || ^24 || >=26", false],
    ["20.19.0", ">=18", true],
    ["20.19.0", ">=20.19", true],
    ["20.18.3", ">=20.19", false],
    ["20.19.0", ">=18 <20", false],
    ["20.19.0", "~20.19.0", true],
    ["20.20.0", "~20.19", false],
    ["20.19.0", "20.x", true],
    ["20.19.0", "^0.19", false],
  ] as const)("%s in %s: %s", (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });

  it("refuses what it cannot read", () => {
    expect(() => satisfiesRange("20.19.0", ">= latest")).toThrow();
  });
});

describe("release tooling", () => {
  // `pnpm changeset` must run on every Node the repository supports (@changesets/cli 3 needs Node 22.11+).
  const cliDir = join(repoRoot, "node_modules", "@changesets", "cli");
  const cli = readJson(join(cliDir, "package.json"));

  it("the installed @changesets/cli admits the root package.json's minimum Node version", () => {
    const rootRange: string = readJson(join(repoRoot, "package.json")).engines.node;
    const minimum = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(rootRange.trim())?.[1];
    expect(minimum, `root engines.node "${rootRange}" is not a plain >= range`).toBeDefined();
    const cliRange: string | undefined = cli.engines?.node;
    if (cliRange === undefined) return; // no engines field: runs anywhere
    expect(
      satisfiesRange(minimum!, cliRange),
      `@changesets/cli ${cli.version} needs Node ${cliRange}, the repository supports ${rootRange}`,
    ).toBe(true);
  });

  it(`the changeset command starts on this Node (${process.version})`, () => {
    const bin = typeof cli.bin === "string" ? cli.bin : cli.bin.changeset;
    const run = spawnSync(process.execPath, [join(cliDir, bin), "--version"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect([run.status, run.stdout.trim()]).toEqual([0, cli.version]);
  });
});

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
