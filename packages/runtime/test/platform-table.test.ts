import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CODEX_VERSION,
  officialPackageAlias,
  PLATFORMS,
  renderRuntimeBinFiles,
  runtimeBinPackageName,
} from "../src/index.js";

const packagesDir = join(import.meta.dirname, "..", "..");
const runtimeManifest = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8"));
const rootManifest = JSON.parse(readFileSync(join(packagesDir, "..", "package.json"), "utf8"));

describe("the platform table", () => {
  it("covers the six platforms codex ships, once each", () => {
    expect(PLATFORMS.map((p) => p.id).sort()).toEqual(
      ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64", "win32-arm64", "win32-x64"].sort(),
    );
    for (const p of PLATFORMS) expect(p.id).toBe(`${p.os}-${p.cpu}`);
  });

  it.each(PLATFORMS.map((p) => [p.id, p] as const))(
    "agrees byte for byte with packages/runtime-bin/%s (run pnpm runtime:sync after editing the table)",
    (id, platform) => {
      const expected = renderRuntimeBinFiles(
        platform,
        runtimeManifest.version,
        CODEX_VERSION,
        rootManifest.repository,
      );
      for (const [file, text] of Object.entries(expected)) {
        expect(readFileSync(join(packagesDir, "runtime-bin", id, file), "utf8"), file).toBe(text);
      }
      const manifest = JSON.parse(expected["package.json"] ?? "{}");
      expect(manifest.name).toBe(runtimeBinPackageName(platform));
      expect(manifest.os).toEqual([platform.os]);
      expect(manifest.cpu).toEqual([platform.cpu]);
      // Optional, not regular: pnpm then skips the five binaries that do not fit this machine.
      expect(manifest.dependencies).toBeUndefined();
      expect(manifest.optionalDependencies).toEqual({
        [officialPackageAlias(platform)]: `npm:@openai/codex@${CODEX_VERSION}-${id}`,
      });
    },
  );

  it("is what @codex/runtime depends on, optionally, platform by platform", () => {
    expect(Object.keys(runtimeManifest.optionalDependencies).sort()).toEqual(
      PLATFORMS.map((p) => runtimeBinPackageName(p)).sort(),
    );
    expect(runtimeManifest.dependencies).toBeUndefined();
  });
});
