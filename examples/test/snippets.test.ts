import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { examplesDir, markdownFiles, repoRoot } from "../scripts/check-snippets.js";
import { compileSnippets, SNIPPET_TMP_PREFIX } from "../scripts/snippet-compile.js";
import { checkSnippets, readRegions, regionsOf, snippetBlocksOf, syncSnippets } from "../scripts/snippets.js";

describe("docs snippets come from the examples", () => {
  it("every tagged ```ts block in README.md and docs/*.md equals its example region", () => {
    const regions = readRegions(examplesDir);
    const blocks = markdownFiles().flatMap((file) =>
      snippetBlocksOf(readFileSync(join(repoRoot, file), "utf8"), file),
    );
    expect(blocks.length).toBeGreaterThan(10);
    expect(checkSnippets(regions, blocks)).toEqual([]);
  });

  it("the README carries the quickstart and the streaming snippet", () => {
    const readme = snippetBlocksOf(readFileSync(join(repoRoot, "README.md"), "utf8"), "README.md");
    expect(readme.map((block) => block.name)).toEqual(expect.arrayContaining(["quickstart", "streaming"]));
  });

  it("reports a block that drifted from its region, and --write repairs it", () => {
    const regions = regionsOf("x();\n  // #region hello\n  const a = 1;\n  // #endregion\n", "a.ts");
    expect(regions).toEqual([{ name: "hello", file: "a.ts", text: "const a = 1;\n" }]);
    const stale = "# Doc\n\n<!-- snippet: hello -->\n```ts\nconst a = 2;\n```\n";
    const problems = checkSnippets(regions, snippetBlocksOf(stale, "doc.md"));
    expect(problems).toEqual([expect.objectContaining({ file: "doc.md", line: 3 })]);
    const repaired = syncSnippets(stale, "doc.md", regions);
    expect(repaired).toBe("# Doc\n\n<!-- snippet: hello -->\n```ts\nconst a = 1;\n```\n");
    expect(checkSnippets(regions, snippetBlocksOf(repaired, "doc.md"))).toEqual([]);
  });

  it("reports a block naming a region no example has", () => {
    const blocks = snippetBlocksOf("<!-- snippet: renamed -->\n```ts\nfoo();\n```\n", "doc.md");
    expect(checkSnippets([], blocks)).toEqual([
      { file: "doc.md", line: 1, message: 'no example has a region "renamed"' },
    ]);
  });

  it("reports a region that does not compile on its own, and not a self-contained one", () => {
    const source = [
      "// #region broken",
      "console.log(undefinedThing);",
      "// #endregion",
      "// #region standalone",
      'import { join } from "node:path";',
      'console.log(join("a", "b"));',
      "// #endregion",
    ].join("\n");
    const regions = regionsOf(source, "fake.ts");
    const markdown =
      "<!-- snippet: broken -->\n```ts\nconsole.log(undefinedThing);\n```\n\n" +
      '<!-- snippet: standalone -->\n```ts\nimport { join } from "node:path";\nconsole.log(join("a", "b"));\n```\n';
    const problems = compileSnippets(regions, snippetBlocksOf(markdown, "doc.md"), examplesDir);
    expect(problems).toEqual([
      {
        file: "doc.md",
        line: 3,
        message: expect.stringMatching(/snippet "broken" .*Cannot find name 'undefinedThing'/),
      },
    ]);
    expect(readdirSync(examplesDir).filter((name) => name.startsWith(SNIPPET_TMP_PREFIX))).toEqual([]);
  }, 60_000);
});
