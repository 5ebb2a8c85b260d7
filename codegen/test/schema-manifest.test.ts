import { readFileSync } from "node:fs";
import { CODEX_VERSION } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import { readSchemaSources } from "../src/load-schema.js";
import { manifestCountProblems, protocolCounts, totalOf } from "../src/protocol-counts.js";
import {
  BUNDLE_FILES,
  bundlePath,
  manifestCounts,
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

  it("quotes the counts codegen's tables give for the bundles (what codegen:check verifies)", () => {
    const sources = readSchemaSources();
    const counts = protocolCounts(sources);
    expect(manifest.counts).toEqual(counts);
    expect(manifestCountProblems(manifest, sources)).toEqual([]);
    expect(counts.clientRequests.stable).toBeGreaterThan(0);
    expect(counts.clientRequests.experimentalOnly).toBeGreaterThan(0);
    expect(totalOf(counts.serverNotifications)).toBeGreaterThan(0);
    expect(counts.snakeCaseDefinitions).toBeLessThan(counts.definitions);
  });

  it("reports stale or missing counts and says to run pnpm schema:update", () => {
    const sources = readSchemaSources();
    const counts = manifestCounts(manifest);
    const stale = {
      ...manifest,
      counts: {
        ...counts,
        clientRequests: { ...counts.clientRequests, stable: counts.clientRequests.stable + 1 },
      },
    };
    expect(manifestCountProblems(stale, sources)).toEqual([
      "schemas/manifest.json has counts that differ from what the bundles give (run pnpm schema:update):",
      `  counts.clientRequests.stable: manifest ${counts.clientRequests.stable + 1}, bundles ${counts.clientRequests.stable}`,
    ]);
    const { counts: _dropped, ...withoutCounts } = manifest;
    const missing = manifestCountProblems(withoutCounts, sources);
    expect(missing[0]).toBe("schemas/manifest.json has no counts (run pnpm schema:update):");
    expect(missing).toContain("  counts.definitions: manifest missing, bundles " + counts.definitions);
    expect(() => manifestCounts(withoutCounts)).toThrow(/no counts\. Run pnpm schema:update/);
    const extra = { ...manifest, counts: { ...counts, clientNotifications: 3 } };
    expect(manifestCountProblems(extra, sources)).toContain(
      "  counts.clientNotifications: in the manifest, not a count the bundles give",
    );
  });

  it("reads versions from codex --version output", () => {
    expect(parseCodexVersion("codex-cli 0.169.0\n")).toBe("0.169.0");
    expect(parseCodexVersion("codex-cli 1.2.3-alpha.4")).toBe("1.2.3-alpha.4");
    expect(() => parseCodexVersion("codex-cli unknown")).toThrow(/cannot read a version/);
  });
});
