// Every doc snippet must compile on its own: each region a doc block uses is written (plus `export {};`) to
// a temporary folder inside examples/ and type-checked with one `tsc --noEmit` run over that folder.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Region, SnippetBlock, SnippetProblem } from "./snippets.js";

/**
 * Temp folders are named `snippet-compile-tmp-<pid>` (not a dot-folder: tsc's `**` skips those). Leftovers are
 * ignored by .gitignore, examples/tsconfig.json, examples/biome.json and readRegions().
 */
export const SNIPPET_TMP_PREFIX = "snippet-compile-tmp-";

const TSC_ERROR = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/;

/** Type-checks every region some block uses; `examplesDir` holds the tsconfig.json the snippets extend. */
export function compileSnippets(
  regions: readonly Region[],
  blocks: readonly SnippetBlock[],
  examplesDir: string,
): SnippetProblem[] {
  const byName = new Map(regions.map((region) => [region.name, region]));
  const used = [...new Set(blocks.map((block) => block.name))].filter((name) => byName.has(name));
  if (used.length === 0) return [];
  const tmp = join(examplesDir, `${SNIPPET_TMP_PREFIX}${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const name of used) writeFileSync(join(tmp, `${name}.ts`), `${byName.get(name)?.text}export {};\n`);
    const tsconfig = { extends: "../tsconfig.json", include: ["*.ts"], exclude: [] };
    writeFileSync(join(tmp, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const tsc = join(examplesDir, "..", "node_modules", "typescript", "bin", "tsc");
    const run = spawnSync(
      process.execPath,
      [tsc, "-p", join(tmp, "tsconfig.json"), "--noEmit", "--pretty", "false"],
      {
        cwd: tmp,
        encoding: "utf8",
      },
    );
    if (run.error) throw run.error;
    return problemsOf(`${run.stdout}${run.stderr}`, run.status ?? 1, blocks, byName);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function problemsOf(
  output: string,
  status: number,
  blocks: readonly SnippetBlock[],
  byName: ReadonlyMap<string, Region>,
): SnippetProblem[] {
  const problems: SnippetProblem[] = [];
  for (const line of output.split("\n")) {
    const match = TSC_ERROR.exec(line.trim());
    if (!match?.[1]) continue;
    const name = basename(match[1], ".ts");
    const region = byName.get(name);
    for (const block of blocks.filter((candidate) => candidate.name === name)) {
      problems.push({
        file: block.file,
        // The marker line, then the fence, then the snippet's lines.
        line: block.line + 1 + Number(match[2]),
        message: `snippet "${name}" (examples/${region?.file}) does not compile on its own: ${match[4]}`,
      });
    }
  }
  if (status !== 0 && problems.length === 0) {
    problems.push({ file: "examples", line: 0, message: `tsc failed on the snippets:\n${output.trim()}` });
  }
  return problems;
}
