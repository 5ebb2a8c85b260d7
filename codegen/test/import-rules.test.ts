// `pnpm deps:check` (dependency-cruiser with .dependency-cruiser.cjs): no import cycle in any package's
// src, type-only imports included, and the SDK's layers import downwards only (docs/architecture.md).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const CONFIG = join(root, ".dependency-cruiser.cjs");
const DEPCRUISE = join(root, "node_modules", ".bin", "depcruise");

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/** The violations dependency-cruiser reports for `paths` under `cwd`. */
function violations(cwd: string, paths: readonly string[]): Violation[] {
  const run = spawnSync(DEPCRUISE, ["--config", CONFIG, "--output-type", "json", ...paths], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

const fixtures: string[] = [];
afterAll(() => {
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway tree of files (path -> text) to check. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "import-rules-"));
  fixtures.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe("import rules", () => {
  it("every package's src has no import cycle and no import against the layer order", () => {
    const found = violations(root, ["packages"]).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual([]);
  }, 60_000);

  it("a cycle through a type-only import is reported", () => {
    const dir = tree({
      "packages/demo/src/a.ts": 'import type { B } from "./b.js";\nexport interface A { b?: B }\n',
      "packages/demo/src/b.ts":
        'import { makeA } from "./c.js";\nexport type B = ReturnType<typeof makeA>;\n',
      "packages/demo/src/c.ts": 'import type { A } from "./a.js";\nexport const makeA = (): A => ({});\n',
    });
    const found = violations(dir, ["packages"]);
    expect(found.map((v) => v.rule.name)).toContain("no-cycle");
    expect(found.map((v) => v.from)).toContain("packages/demo/src/a.ts");
  }, 60_000);

  it("an SDK import against the layer order is reported, by rule", () => {
    const dir = tree({
      "packages/sdk/src/thread.ts": "export class Thread {}\n",
      "packages/sdk/src/tools/thread-tools.ts": "export const dynamicToolSpecs = () => [];\n",
      // core -> facade
      "packages/sdk/src/client/session.ts":
        'import type { Thread } from "../thread.js";\nexport type S = Thread;\n',
      // options -> feature, at run time
      "packages/sdk/src/thread-options.ts":
        'import { dynamicToolSpecs } from "./tools/thread-tools.js";\nexport const specs = dynamicToolSpecs;\n',
      // feature -> facade
      "packages/sdk/src/goals/goal-handle.ts":
        'import type { Thread } from "../thread.js";\nexport type G = Thread;\n',
    });
    const found = violations(dir, ["packages"]).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found.sort()).toEqual([
      "sdk-core-imports-no-feature: packages/sdk/src/client/session.ts -> packages/sdk/src/thread.ts",
      "sdk-features-import-no-facade: packages/sdk/src/goals/goal-handle.ts -> packages/sdk/src/thread.ts",
      "sdk-options-are-types-only: packages/sdk/src/thread-options.ts -> packages/sdk/src/tools/thread-tools.ts",
      "sdk-options-import-nothing-at-run-time: packages/sdk/src/thread-options.ts -> packages/sdk/src/tools/thread-tools.ts",
    ]);
  }, 60_000);
});
