import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODEX_VERSION, findPlatform } from "../src/index.js";

// pnpm's virtual store holds one folder per installed package version; the official binaries are
// `@openai+codex@<version>-<platform>`. Listing them shows what `pnpm install` really fetched.
const store = join(import.meta.dirname, "..", "..", "..", "node_modules", ".pnpm");

describe("pnpm install", () => {
  it("fetched the official codex binary for this machine's platform only (~400 MB, not 2.5 GB)", () => {
    const platform = findPlatform();
    expect(platform, `${process.platform}-${process.arch} has a runtime-bin package`).toBeDefined();
    // Only the pinned version's binaries: a devDependency such as @openai/codex-sdk brings its own codex.
    const binaries = readdirSync(store).filter((name) => name.startsWith(`@openai+codex@${CODEX_VERSION}-`));
    expect(binaries).toEqual([`@openai+codex@${CODEX_VERSION}-${platform?.id}`]);
  });
});
