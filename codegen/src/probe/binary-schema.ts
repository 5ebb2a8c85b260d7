// A schema model straight from a codex binary (not from schemas/), and a binary of any released version
// from the npm registry: what `pnpm codegen:probe --codex <version>` needs when an upgrade was rolled back
// and the new release is neither installed nor in schemas/.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPlatform, officialBinaryPath } from "@codex/runtime";
import { type BundlePair, buildSchemaModel, type SchemaModel } from "../load-schema.js";
import { BUNDLE_FILES } from "../schema-manifest.js";

/** Both flavours of `generate-json-schema` of `codexPath`, merged as codegen merges schemas/. */
export function schemaModelFromBinary(codexPath: string, codexVersion: string): SchemaModel {
  const flavour = (experimental: boolean): BundlePair => {
    const out = mkdtempSync(join(tmpdir(), "codex-probe-schema-"));
    const args = ["app-server", "generate-json-schema", "--out", out];
    if (experimental) args.push("--experimental");
    try {
      execFileSync(codexPath, args, { stdio: ["ignore", "ignore", "inherit"] });
      const read = (file: string): unknown => JSON.parse(readFileSync(join(out, file), "utf8"));
      return { full: read(BUNDLE_FILES[1]), v2: read(BUNDLE_FILES[0]) };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  };
  return buildSchemaModel({
    codexVersion,
    sha256: {},
    stable: flavour(false),
    experimental: flavour(true),
    resultTypeOverrides: {},
  });
}

/** A downloaded codex binary; `remove()` deletes the ~400 MB it unpacked. */
export interface FetchedBinary {
  readonly path: string;
  remove(): void;
}

/** Downloads `@openai/codex@<version>-<this platform>` with `npm pack` and unpacks it in a temp dir. */
export function fetchCodexBinary(version: string): FetchedBinary {
  const platform = findPlatform();
  if (!platform) throw new Error(`codex ships no binary for ${process.platform}-${process.arch}`);
  const dir = mkdtempSync(join(tmpdir(), `codex-${version}-`));
  execFileSync("npm", ["pack", `@openai/codex@${version}-${platform.id}`, "--pack-destination", dir], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(dir).find((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball for @openai/codex@${version}-${platform.id}`);
  execFileSync("tar", ["xzf", join(dir, tarball), "-C", dir]);
  return {
    path: officialBinaryPath(join(dir, "package"), platform),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
