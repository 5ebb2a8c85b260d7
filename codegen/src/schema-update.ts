import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEX_VERSION, resolveCodexBinary } from "@codex/runtime";
import { manifestPath } from "./paths.js";
import {
  BUNDLE_FILES,
  bundlePath,
  SCHEMA_FLAVOURS,
  type SchemaManifest,
  sha256Hex,
} from "./schema-manifest.js";

/** Parses `codex-cli 0.169.0` into `0.169.0`. */
export function parseCodexVersion(output: string): string {
  const match = /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(output);
  if (!match?.[1]) throw new Error(`cannot read a version from codex --version output: ${output.trim()}`);
  return match[1];
}

/** Regenerates schemas/ from the pinned binary: both flavours, then the manifest. */
export function updateSchemas(): SchemaManifest {
  const binary = resolveCodexBinary({ searchPath: false });
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
  const manifest: SchemaManifest = {
    codexVersion: version,
    generatedBy: "codex app-server generate-json-schema [--experimental] (pnpm schema:update)",
    sha256,
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
