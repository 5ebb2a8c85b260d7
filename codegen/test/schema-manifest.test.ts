import { readFileSync } from "node:fs";
import { CODEX_VERSION } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import {
  BUNDLE_FILES,
  bundlePath,
  readManifest,
  SCHEMA_FLAVOURS,
  sha256Hex,
} from "../src/schema-manifest.js";
import { parseCodexVersion } from "../src/schema-update.js";

describe("schemas/manifest.json", () => {
  const manifest = readManifest();

  it("was produced by the codex version the runtime pins", () => {
    expect(manifest.codexVersion).toBe(CODEX_VERSION);
  });

  it.each(SCHEMA_FLAVOURS.flatMap((f) => BUNDLE_FILES.map((file) => [f, file] as const)))(
    "matches the sha256 of %s/%s",
    (flavour, file) => {
      const bytes = readFileSync(bundlePath(flavour, file));
      expect(manifest.sha256[`${flavour}/${file}`]).toBe(sha256Hex(bytes));
    },
  );

  it("lists exactly the bundled files", () => {
    expect(Object.keys(manifest.sha256).sort()).toEqual(
      SCHEMA_FLAVOURS.flatMap((f) => BUNDLE_FILES.map((file) => `${f}/${file}`)).sort(),
    );
  });

  it("reads versions from codex --version output", () => {
    expect(parseCodexVersion("codex-cli 0.169.0\n")).toBe("0.169.0");
    expect(parseCodexVersion("codex-cli 1.2.3-alpha.4")).toBe("1.2.3-alpha.4");
    expect(() => parseCodexVersion("codex-cli unknown")).toThrow(/cannot read a version/);
  });
});
