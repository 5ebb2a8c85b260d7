// Docs snippets come from the examples: `// #region <name>` … `// #endregion` in examples/**/*.ts, and a
// ```ts block right after `<!-- snippet: <name> -->` in README.md or docs/*.md must equal that region.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface Region {
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

export interface SnippetBlock {
  readonly name: string;
  readonly file: string;
  /** 1-based line of the `<!-- snippet -->` marker. */
  readonly line: number;
  readonly text: string;
  /** Character offsets of the block's body (between the fences) in the file. */
  readonly start: number;
  readonly end: number;
}

export interface SnippetProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const REGION_START = /^\s*\/\/ #region (\S+)\s*$/;
const REGION_END = /^\s*\/\/ #endregion\b/;
const SNIPPET_MARKER = /^<!-- snippet: (\S+) -->\s*$/;

/** Every region of every .ts file under `dir` (node_modules and snippet temp folders skipped), dedented. */
export function readRegions(dir: string, root = dir): Region[] {
  const regions: Region[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // Skips the temp folders of snippet-compile.ts (`snippet-compile-tmp-<pid>`).
      if (entry.name !== "node_modules" && !entry.name.startsWith("snippet-compile-tmp-"))
        regions.push(...readRegions(path, root));
    } else if (entry.name.endsWith(".ts")) {
      regions.push(...regionsOf(readFileSync(path, "utf8"), relative(root, path)));
    }
  }
  return regions;
}

export function regionsOf(source: string, file: string): Region[] {
  const regions: Region[] = [];
  let open: { name: string; lines: string[] } | undefined;
  for (const line of source.split("\n")) {
    const start = REGION_START.exec(line);
    if (start?.[1]) {
      if (open) throw new Error(`${file}: region ${start[1]} starts inside region ${open.name}`);
      open = { name: start[1], lines: [] };
    } else if (REGION_END.test(line)) {
      if (!open) throw new Error(`${file}: #endregion without #region`);
      regions.push({ name: open.name, file, text: dedent(open.lines) });
      open = undefined;
    } else {
      open?.lines.push(line);
    }
  }
  if (open) throw new Error(`${file}: region ${open.name} is never closed`);
  return regions;
}

/** The tagged ```ts blocks of a markdown text. */
export function snippetBlocksOf(markdown: string, file: string): SnippetBlock[] {
  const blocks: SnippetBlock[] = [];
  const lines = markdown.split("\n");
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const marker = SNIPPET_MARKER.exec(lines[i] ?? "");
    if (!marker?.[1]) continue;
    const fence = i + 1;
    if (!/^```(ts|typescript)\s*$/.test(lines[fence] ?? "")) {
      throw new Error(
        `${file}:${i + 1}: <!-- snippet: ${marker[1]} --> must be followed by a \`\`\`ts block`,
      );
    }
    let close = fence + 1;
    while (close < lines.length && lines[close] !== "```") close++;
    if (close === lines.length) throw new Error(`${file}:${fence + 1}: unterminated code block`);
    const start = offsets[fence + 1] ?? 0;
    const end = offsets[close] ?? start;
    blocks.push({ name: marker[1], file, line: i + 1, text: markdown.slice(start, end), start, end });
  }
  return blocks;
}

/** ```ts blocks without a `<!-- snippet -->` marker: code nobody typechecks. Use ```text for signatures. */
export function untaggedBlocksOf(markdown: string, file: string): SnippetProblem[] {
  const lines = markdown.split("\n");
  const problems: SnippetProblem[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!line.startsWith("```")) continue;
    if (!inFence && /^```(ts|typescript)\s*$/.test(line) && !SNIPPET_MARKER.test(lines[i - 1] ?? "")) {
      problems.push({
        file,
        line: i + 1,
        message: "a ```ts block must come from an example: tag it <!-- snippet: <region> -->",
      });
    }
    inFence = !inFence;
  }
  return problems;
}

/** Compares every tagged block with its region. */
export function checkSnippets(regions: readonly Region[], blocks: readonly SnippetBlock[]): SnippetProblem[] {
  const byName = new Map<string, Region>();
  const problems: SnippetProblem[] = [];
  for (const region of regions) {
    const twin = byName.get(region.name);
    if (twin)
      problems.push({ file: region.file, line: 0, message: `region ${region.name} is also in ${twin.file}` });
    byName.set(region.name, region);
  }
  for (const block of blocks) {
    const region = byName.get(block.name);
    if (!region) {
      problems.push({
        file: block.file,
        line: block.line,
        message: `no example has a region "${block.name}"`,
      });
    } else if (block.text !== region.text) {
      problems.push({
        file: block.file,
        line: block.line,
        message: `snippet "${block.name}" differs from examples/${region.file}; run \`pnpm docs:check-snippets --write\``,
      });
    }
  }
  return problems;
}

/** The markdown with every tagged block replaced by its region's text. */
export function syncSnippets(markdown: string, file: string, regions: readonly Region[]): string {
  const byName = new Map(regions.map((region) => [region.name, region]));
  let result = markdown;
  for (const block of snippetBlocksOf(markdown, file).reverse()) {
    const region = byName.get(block.name);
    if (region) result = result.slice(0, block.start) + region.text + result.slice(block.end);
  }
  return result;
}

/** Removes the common indentation; the text ends with a newline. */
function dedent(lines: readonly string[]): string {
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  const body = lines.map((line) => line.slice(cut).trimEnd()).join("\n");
  return `${body.replace(/^\n+|\n+$/g, "")}\n`;
}
