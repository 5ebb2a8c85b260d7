// `pnpm docs:tables [--check]`: fills the generated regions of README.md, codegen/README.md and docs/*.md
// from schemas/manifest.json (pinned version, protocol counts) and packages/runtime/src/platforms.ts
// (CODEX_VERSION, CODEX_PREVIOUS_VERSION), so a codex upgrade needs no hand edits there.
// `--check` writes nothing and exits 1 naming the files that drifted (a codegen test runs it in CI).
//
// A region is `<!-- generated: <name> -->…<!-- /generated -->`, inline (inside a sentence or a table
// cell) or around whole lines. Everything between the markers belongs to this script.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { manifestCounts, readManifest } from "../codegen/src/schema-manifest.js";
import {
  CODEX_PREVIOUS_VERSION,
  CODEX_VERSION,
  officialPackageSpec,
  PLATFORMS,
} from "../packages/runtime/src/platforms.js";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** What the regions are filled from. */
export interface DocsFacts {
  readonly codexVersion: string;
  readonly previousCodexVersion: string;
  /** The version schemas/ was dumped from (must be the pin). */
  readonly schemaCodexVersion: string;
  readonly counts: ReturnType<typeof manifestCounts>;
}

export function readDocsFacts(): DocsFacts {
  const manifest = readManifest();
  return {
    codexVersion: CODEX_VERSION,
    previousCodexVersion: CODEX_PREVIOUS_VERSION,
    schemaCodexVersion: manifest.codexVersion,
    counts: manifestCounts(manifest),
  };
}

type Render = (facts: DocsFacts, current: string) => string;

const total = (counts: { stable: number; experimentalOnly: number }): number =>
  counts.stable + counts.experimentalOnly;

/** Every region name and how its text is made. */
export const REGIONS: Readonly<Record<string, Render>> = {
  /** The pinned codex version, e.g. `0.169.0`. */
  "codex-pin": (facts) => facts.codexVersion,
  /** `0.168.0 to 0.169.0`: the previous release (the compat suite) to the pin; one version when equal. */
  "codex-supported-versions": (facts) =>
    facts.previousCodexVersion === facts.codexVersion
      ? facts.codexVersion
      : `${facts.previousCodexVersion} to ${facts.codexVersion}`,
  "client-requests-stable": (facts) => String(facts.counts.clientRequests.stable),
  "client-requests-experimental-only": (facts) => String(facts.counts.clientRequests.experimentalOnly),
  "client-requests-experimental": (facts) => String(total(facts.counts.clientRequests)),
  "server-requests-stable": (facts) => String(facts.counts.serverRequests.stable),
  "server-requests-experimental": (facts) => String(total(facts.counts.serverRequests)),
  "server-notifications": (facts) => String(total(facts.counts.serverNotifications)),
  definitions: (facts) => String(facts.counts.definitions),
  "snake-case-definitions": (facts) => String(facts.counts.snakeCaseDefinitions),
  /**
   * Around a code block: keeps the text, rewriting every official binary specifier
   * (`npm:@openai/codex@<version>-<platform>`) to the pinned one.
   */
  "official-package-specs": (facts, current) => {
    let text = current;
    for (const platform of PLATFORMS) {
      const spec = new RegExp(`npm:@openai/codex@\\S+?-${platform.id}(?![\\w-])`, "g");
      text = text.replace(spec, officialPackageSpec(platform, facts.codexVersion));
    }
    return text;
  },
};

const REGION = /<!-- generated: ([\w-]+) -->([\s\S]*?)<!-- \/generated -->/g;

export interface DocsProblem {
  readonly file: string;
  readonly message: string;
}

/** The markdown with every region re-rendered; problems for unknown names and stray markers. */
export function renderRegions(
  markdown: string,
  file: string,
  facts: DocsFacts,
): { text: string; regions: number; problems: DocsProblem[] } {
  const problems: DocsProblem[] = [];
  let regions = 0;
  const text = markdown.replace(REGION, (whole, name: string, current: string) => {
    const render = REGIONS[name];
    if (!render) {
      problems.push({ file, message: `unknown generated region "${name}"` });
      return whole;
    }
    regions++;
    return `<!-- generated: ${name} -->${render(facts, current)}<!-- /generated -->`;
  });
  const opened = markdown.match(/<!-- generated: /g)?.length ?? 0;
  const closed = markdown.match(/<!-- \/generated -->/g)?.length ?? 0;
  if (opened !== closed || opened !== regions + problems.length) {
    problems.push({
      file,
      message: "a <!-- generated: … --> marker without its <!-- /generated --> (or nested)",
    });
  }
  return { text, regions, problems };
}

/** README.md, codegen/README.md and docs/*.md, relative to the repo root. */
export function docsFiles(root = repoRoot): string[] {
  const docs = readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md"));
  return ["README.md", "codegen/README.md", ...docs.sort().map((name) => `docs/${name}`)];
}

export interface DocsTablesResult {
  readonly regions: number;
  /** Files whose regions differ from what the facts give (rewritten unless checking). */
  readonly stale: string[];
  readonly problems: DocsProblem[];
}

export function runDocsTables(
  mode: "write" | "check",
  facts: DocsFacts = readDocsFacts(),
  root = repoRoot,
): DocsTablesResult {
  const problems: DocsProblem[] = [];
  const stale: string[] = [];
  let regions = 0;
  if (facts.schemaCodexVersion !== facts.codexVersion) {
    problems.push({
      file: "schemas/manifest.json",
      message: `dumped from codex ${facts.schemaCodexVersion} but the runtime pins ${facts.codexVersion}; run pnpm schema:update first`,
    });
  }
  for (const file of docsFiles(root)) {
    const path = join(root, file);
    const markdown = readFileSync(path, "utf8");
    const rendered = renderRegions(markdown, file, facts);
    regions += rendered.regions;
    problems.push(...rendered.problems);
    if (rendered.text === markdown) continue;
    stale.push(file);
    if (mode === "write") writeFileSync(path, rendered.text);
  }
  return { regions, stale, problems };
}

function main(): void {
  const check = process.argv.includes("--check");
  const result = runDocsTables(check ? "check" : "write");
  for (const problem of result.problems) console.error(`${problem.file}: ${problem.message}`);
  if (check && result.stale.length > 0) {
    console.error(
      `docs:tables: generated regions are stale in ${result.stale.join(", ")}; run pnpm docs:tables`,
    );
  }
  if (result.problems.length > 0 || (check && result.stale.length > 0)) {
    process.exitCode = 1;
    return;
  }
  const verb = check
    ? "up to date"
    : result.stale.length > 0
      ? `written (${result.stale.join(", ")})`
      : "unchanged";
  console.log(`docs:tables: ${result.regions} generated regions ${verb}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
