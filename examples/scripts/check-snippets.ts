// `pnpm docs:check-snippets [--write]`: every tagged ```ts block in README.md and docs/*.md must equal
// its region in examples/, and every region a doc uses must compile on its own (snippet-compile.ts).
// `--write` copies the regions into the docs.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readEventRows, renderEventTable, withEventTable } from "./event-table.js";
import { compileSnippets } from "./snippet-compile.js";
import {
  checkSnippets,
  readRegions,
  type SnippetBlock,
  snippetBlocksOf,
  syncSnippets,
  untaggedBlocksOf,
} from "./snippets.js";

export const examplesDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(examplesDir, "..");

/** README.md and docs/*.md, relative to the repo root. */
export function markdownFiles(): string[] {
  const docs = readdirSync(join(repoRoot, "docs")).filter((file) => file.endsWith(".md"));
  return ["README.md", ...docs.map((file) => `docs/${file}`)];
}

function main(): void {
  const regions = readRegions(examplesDir);
  const write = process.argv.includes("--write");
  const allBlocks: SnippetBlock[] = [];
  const problems: { file: string; line: number; message: string }[] = markdownFiles().flatMap((file) => {
    const path = join(repoRoot, file);
    let markdown = readFileSync(path, "utf8");
    if (write) {
      const synced = syncSnippets(markdown, file, regions);
      if (synced !== markdown) writeFileSync(path, synced);
      markdown = synced;
    }
    const blocks = snippetBlocksOf(markdown, file);
    allBlocks.push(...blocks);
    return [...checkSnippets(regions, blocks), ...untaggedBlocksOf(markdown, file)];
  });
  problems.push(...compileSnippets(regions, allBlocks, examplesDir));
  problems.push(...checkEventTable(write));
  for (const problem of problems) console.error(`${problem.file}:${problem.line}: ${problem.message}`);
  if (problems.length > 0) process.exit(1);
  console.log(
    `${allBlocks.length} doc snippets match their example regions (${regions.length} regions) and compile on their own.`,
  );
}

/** docs/streaming-events.md lists every notification of the generated protocol maps. */
export function checkEventTable(write = false): { file: string; line: number; message: string }[] {
  const file = "docs/streaming-events.md";
  const path = join(repoRoot, file);
  const markdown = readFileSync(path, "utf8");
  const updated = withEventTable(markdown, renderEventTable(readEventRows(repoRoot)));
  if (updated === undefined) return [{ file, line: 0, message: "the generated events section is missing" }];
  if (updated === markdown) return [];
  if (write) {
    writeFileSync(path, updated);
    return [];
  }
  return [{ file, line: 0, message: "the events table is stale; run `pnpm docs:check-snippets --write`" }];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
