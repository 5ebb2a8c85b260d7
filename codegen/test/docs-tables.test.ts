// The docs quote the pinned version and the protocol counts only inside generated regions, filled by
// `pnpm docs:tables` (scripts/docs-tables.ts) from schemas/manifest.json and the runtime's pin. This is
// the CI check: it fails when a region drifted, naming the command that repairs it.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEX_PREVIOUS_VERSION, CODEX_VERSION } from "@codex/runtime";
import { afterAll, describe, expect, it } from "vitest";
import {
  type DocsFacts,
  docsFiles,
  readDocsFacts,
  renderRegions,
  repoRoot,
  runDocsTables,
} from "../../scripts/docs-tables.js";
import { manifestCounts } from "../src/schema-manifest.js";

const scratch = mkdtempSync(join(tmpdir(), "docs-tables-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the docs the script reads, to run it in write mode without touching the repository. */
function docsCopy(name: string): string {
  const root = join(scratch, name);
  mkdirSync(join(root, "codegen"), { recursive: true });
  cpSync(join(repoRoot, "docs"), join(root, "docs"), { recursive: true });
  for (const file of ["README.md", "codegen/README.md"]) cpSync(join(repoRoot, file), join(root, file));
  return root;
}

const facts = readDocsFacts();
const upgraded: DocsFacts = {
  ...facts,
  codexVersion: "999.1.0-alpha.2",
  previousCodexVersion: facts.codexVersion,
  schemaCodexVersion: "999.1.0-alpha.2",
  counts: { ...facts.counts, clientRequests: { stable: 1234, experimentalOnly: 56 }, definitions: 7890 },
};

describe("pnpm docs:tables", () => {
  it("the generated regions match schemas/manifest.json and the runtime's pin (run pnpm docs:tables)", () => {
    expect(facts).toEqual({
      codexVersion: CODEX_VERSION,
      previousCodexVersion: CODEX_PREVIOUS_VERSION,
      schemaCodexVersion: CODEX_VERSION,
      counts: manifestCounts(),
    });
    const result = runDocsTables("check");
    expect(result.problems).toEqual([]);
    expect(result.stale, "stale generated docs regions: run pnpm docs:tables").toEqual([]);
    expect(result.regions).toBeGreaterThan(10);
  });

  it("the pages that state the pin or the counts do so in generated regions", () => {
    const read = (file: string) => readFileSync(join(repoRoot, file), "utf8");
    expect(read("docs/getting-started.md")).toContain(
      `pinned version (<!-- generated: codex-pin -->${CODEX_VERSION}<!-- /generated -->)`,
    );
    expect(read("docs/protocol-and-codegen.md")).toContain(
      `<!-- generated: client-requests-stable -->${facts.counts.clientRequests.stable}<!-- /generated --> stable methods`,
    );
    expect(read("codegen/README.md")).toContain(
      `<!-- generated: definitions -->${facts.counts.definitions}<!-- /generated -->`,
    );
    const tree = /<!-- generated: official-package-specs -->\n```\n([^`]*)```\n<!-- \/generated -->/.exec(
      read("docs/runtime-binaries.md"),
    )?.[1];
    expect(tree).toContain(`(optional) npm:@openai/codex@${CODEX_VERSION}-linux-x64\n`);
    expect(docsFiles()).toEqual(expect.arrayContaining(["README.md", "codegen/README.md"]));
  });

  it("after an upgrade, --check reports every drifted file and a write repairs them", () => {
    const root = docsCopy("upgrade");
    const check = runDocsTables("check", upgraded, root);
    expect(check.problems).toEqual([]);
    expect(check.stale).toEqual(
      expect.arrayContaining([
        "README.md",
        "codegen/README.md",
        "docs/getting-started.md",
        "docs/protocol-and-codegen.md",
        "docs/runtime-binaries.md",
      ]),
    );
    const written = runDocsTables("write", upgraded, root);
    expect(written.stale).toEqual(check.stale);
    expect(runDocsTables("check", upgraded, root).stale).toEqual([]);
    const read = (file: string) => readFileSync(join(root, file), "utf8");
    expect(read("docs/getting-started.md")).toContain(
      "(<!-- generated: codex-pin -->999.1.0-alpha.2<!-- /generated -->)",
    );
    expect(read("docs/runtime-binaries.md")).toContain("npm:@openai/codex@999.1.0-alpha.2-linux-x64\n");
    expect(read("docs/runtime-binaries.md")).not.toContain(`npm:@openai/codex@${CODEX_VERSION}-`);
    expect(read("codegen/README.md")).toContain("<!-- generated: definitions -->7890<!-- /generated -->");
    expect(read("README.md")).toContain(
      `<!-- generated: codex-supported-versions -->${facts.codexVersion} to 999.1.0-alpha.2<!-- /generated -->`,
    );
    // Outside the regions nothing changed.
    const strip = (text: string) =>
      text.replace(/<!-- generated: [\w-]+ -->[\s\S]*?<!-- \/generated -->/g, "");
    for (const file of docsFiles(root)) {
      expect(strip(read(file)), file).toBe(strip(readFileSync(join(repoRoot, file), "utf8")));
    }
  });

  it("refuses schemas/ dumped from another version than the pin", () => {
    const result = runDocsTables("check", { ...facts, schemaCodexVersion: "0.1.0" });
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: "schemas/manifest.json",
        message: expect.stringMatching(/schema:update/),
      }),
    ]);
  });

  it("reports unknown region names and unclosed markers", () => {
    expect(renderRegions("a <!-- generated: nope -->x<!-- /generated --> b", "x.md", facts).problems).toEqual(
      [{ file: "x.md", message: 'unknown generated region "nope"' }],
    );
    expect(renderRegions("a <!-- generated: codex-pin -->x", "x.md", facts).problems).toHaveLength(1);
    const fine = renderRegions("pin <!-- generated: codex-pin -->old<!-- /generated -->.", "x.md", facts);
    expect(fine).toEqual({
      text: `pin <!-- generated: codex-pin -->${CODEX_VERSION}<!-- /generated -->.`,
      regions: 1,
      problems: [],
    });
  });
});
