import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEX_VERSION, resolveCodexBinary } from "@codex/runtime";
import { readSchemaSources } from "./load-schema.js";
import { protocolCounts } from "./protocol-counts.js";
import {
  BUNDLE_FILES,
  bundlePath,
  SCHEMA_FLAVOURS,
  type SchemaManifest,
  sha256Hex,
  writeManifest,
} from "./schema-manifest.js";

/** Parses `codex-cli 0.169.0` into `0.169.0`. */
export function parseCodexVersion(output: string): string {
  const match = /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(output);
  if (!match?.[1]) throw new Error(`cannot read a version from codex --version output: ${output.trim()}`);
  return match[1];
}

/**
 * Regenerates schemas/ from the pinned binary: both flavours, then the manifest (version, hashes and the
 * counts the docs and tests quote, see protocol-counts.ts).
 */
export function updateSchemas(): SchemaManifest {
  const binary = resolveCodexBinary({ searchPath: false, versionCheck: "strict" });
  const version = parseCodexVersion(execFileSync(binary.path, ["--version"], { encoding: "utf8" }));
  if (version !== CODEX_VERSION) {
    throw new Error(
      `the resolved codex is ${version} but the runtime pins ${CODEX_VERSION} (${binary.path})`,
    );
  }
  const sha256: Record<string, string> = {};
  for (const flavour of SCHEMA_FLAVOURS) {
    const out = mkdtempSync(join(tmpdir(), `codex-schema-${flavour}-`));
    try {
      const args = ["app-server", "generate-json-schema", "--out", out];
      if (flavour === "experimental") args.push("--experimental");
      execFileSync(binary.path, args, { stdio: ["ignore", "ignore", "inherit"] });
      for (const file of BUNDLE_FILES) {
        const target = bundlePath(flavour, file);
        mkdirSync(join(target, ".."), { recursive: true });
        copyFileSync(join(out, file), target);
        sha256[`${flavour}/${file}`] = sha256Hex(readFileSync(target));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  const hashed: SchemaManifest = {
    codexVersion: version,
    generatedBy: "codex app-server generate-json-schema [--experimental] (pnpm schema:update)",
    sha256,
  };
  // Hashes first: if counting fails (the generator's tables reject the new schema, e.g. a method without
  // a result type), the bundles are still readable, so pnpm codegen:probe can work on them.
  writeManifest(hashed);
  let counts: SchemaManifest["counts"];
  try {
    counts = protocolCounts(readSchemaSources());
  } catch (error) {
    throw new Error(
      `schemas/ and the manifest's hashes are updated to codex ${version}, but its counts are not: ${
        error instanceof Error ? error.message : String(error)
      }\nFix that, then run pnpm schema:update again.`,
      { cause: error },
    );
  }
  const manifest: SchemaManifest = { ...hashed, counts };
  writeManifest(manifest);
  return manifest;
}
