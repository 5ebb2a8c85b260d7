import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// scripts/bundle-package.mjs, the build step of the published packages, on a throwaway package.
const script = join(import.meta.dirname, "..", "..", "..", "scripts", "bundle-package.mjs");
const scratch = mkdtempSync(join(tmpdir(), "bundle-package-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fixture(name: string, files: Record<string, string>, manifest: object = {}): string {
  const dir = join(scratch, name);
  const all: Record<string, string> = {
    "package.json": JSON.stringify({
      name: `@fixture/${name}`,
      type: "module",
      exports: {
        ".": { source: "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
        "./extra": { source: "./src/extra.ts", types: "./dist/extra.d.ts", default: "./dist/extra.js" },
      },
      ...manifest,
    }),
    "tsconfig.build.json": JSON.stringify({ compilerOptions: { target: "ES2022", strict: true } }),
    "src/extra.ts": 'import { shared } from "./shared.js";\nexport const extra = () => shared("extra");\n',
    "src/shared.ts": 'export const shared = (from: string) => ["shared by", from].join(" ");\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function bundle(dir: string): void {
  execFileSync(process.execPath, [script], { cwd: dir, encoding: "utf8", stdio: "pipe" });
}

const probe = (dir: string) => `
const before = new Set(process.moduleLoadList);
const index = await import(${JSON.stringify(join(dir, "dist", "index.js"))});
const extra = await import(${JSON.stringify(join(dir, "dist", "extra.js"))});
const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith("NativeModule"));
console.log(JSON.stringify({ size: index.size(), extra: extra.extra(), template: index.template, loaded }));
`;

describe("bundle-package", () => {
  it("bundles each export, and reads builtins by name without loading their ES module facades", () => {
    const dir = fixture("ok", {
      "src/index.ts": [
        'import { statSync } from "node:fs";',
        'import { shared } from "./shared.js";',
        "export const size = () => statSync(import.meta.filename).size > 0 && shared('index');",
        "// A template that spells an import stays text.",
        'export const template = `import { existsSync } from "node:fs";`;',
        "",
      ].join("\n"),
    });
    bundle(dir);
    const outputs = readdirSync(join(dir, "dist"), { recursive: true }).map(String).sort();
    // One file per export; what both share (shared.ts) goes to a chunk, so it exists once.
    expect(outputs.filter((path) => !path.startsWith("chunks"))).toEqual(["extra.js", "index.js"]);
    expect(outputs.some((path) => path.startsWith("chunks/"))).toBe(true);
    const index = readFileSync(join(dir, "dist", "index.js"), "utf8");
    expect(index).toContain('process.getBuiltinModule("node:fs")');
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", probe(dir)], {
      encoding: "utf8",
    });
    const result = JSON.parse(output.trim());
    expect(result).toMatchObject({ size: "shared by index", extra: "shared by extra" });
    expect(result.template).toBe('import { existsSync } from "node:fs";');
    // An ES import of node:fs would have loaded the streams stack through its facade.
    expect(result.loaded.filter((m: string) => m.includes("streams"))).toEqual([]);
  });

  it("fails the build on a namespace or default import of a builtin", () => {
    const dir = fixture("whole", {
      "src/index.ts": 'import * as fs from "node:fs";\nexport const f = fs.statSync;\n',
    });
    expect(() => bundle(dir)).toThrow(/import node:fs by name/);
  });

  it("builds an isolated entry as one file; what it import()s gets its own bundle beside the others", () => {
    const dir = fixture(
      "isolated",
      {
        "src/index.ts": [
          'import { shared } from "./shared.js";',
          'export const index = () => shared("index");',
          'export const later = async () => (await import("./lazy/lazy.js")).lazy();',
          "",
        ].join("\n"),
        "src/lazy/lazy.ts":
          'import { shared } from "../shared.js";\nexport const lazy = () => shared("lazy");\n',
      },
      { codexBundle: { isolate: { ".": {} } } },
    );
    bundle(dir);
    const index = readFileSync(join(dir, "dist", "index.js"), "utf8");
    // Its whole static closure inside: no import of a chunk, and the lazy module as its own bundle.
    expect(index).not.toMatch(/from "\.\/chunks\//);
    expect(index).toContain('import("./lazy/lazy.js")');
    const outputs = readdirSync(join(dir, "dist"), { recursive: true }).map(String);
    expect(outputs).toEqual(expect.arrayContaining(["index.js", "extra.js", join("lazy", "lazy.js")]));
    const run = `const m = await import(${JSON.stringify(join(dir, "dist", "index.js"))});
console.log(JSON.stringify([m.index(), await m.later()]));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", run], { encoding: "utf8" });
    expect(JSON.parse(output.trim())).toEqual(["shared by index", "shared by lazy"]);
  });

  it("fails the build when bundling renamed an error class (instanceof across copies matches by name)", () => {
    expect(() => bundle(fixture("renamed-split", renamedErrorFiles))).toThrow(
      /renamed the error class DupError2/,
    );
    const isolated = { codexBundle: { isolate: { ".": {} } } };
    expect(() => bundle(fixture("renamed-isolated", renamedErrorFiles, isolated))).toThrow(
      /renamed the error class DupError2/,
    );
  });
});

const renamedErrorFiles = {
  "src/index.ts": 'export { DupError } from "./a.js";\nexport { DupError as Other } from "./b.js";\n',
  "src/a.ts": "export class DupError extends Error {}\n",
  "src/b.ts": "export class DupError extends Error {}\n",
};
