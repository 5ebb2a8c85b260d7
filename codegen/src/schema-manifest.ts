import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { manifestPath, schemasDir } from "./paths.js";
import type { ProtocolCounts } from "./protocol-counts.js";

/** The two flavours `codex app-server generate-json-schema` can write. */
export const SCHEMA_FLAVOURS = ["stable", "experimental"] as const;
export type SchemaFlavour = (typeof SCHEMA_FLAVOURS)[number];

/**
 * The bundle files kept per flavour. The v2 bundle holds the v2 definitions and the client-request /
 * notification unions; the full bundle adds what v2 lacks (the ServerRequest union, InitializeResponse...).
 */
export const BUNDLE_FILES = [
  "codex_app_server_protocol.v2.schemas.json",
  "codex_app_server_protocol.schemas.json",
] as const;
export type BundleFile = (typeof BUNDLE_FILES)[number];

export interface SchemaManifest {
  /** The codex CLI version that produced the bundles. */
  readonly codexVersion: string;
  /** The command that produced them (for humans). */
  readonly generatedBy: string;
  /** `<flavour>/<file>` -> sha256 hex of the file's bytes. */
  readonly sha256: Record<string, string>;
  /**
   * How many methods and definitions the bundles hold, counted by codegen's own tables (see
   * protocol-counts.ts); docs and tests quote these. Absent only when `pnpm schema:update` wrote new
   * bundles it could not count (it then fails, and so does `pnpm codegen:check`).
   */
  readonly counts?: ProtocolCounts;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function bundlePath(flavour: SchemaFlavour, file: BundleFile): string {
  return join(schemasDir, flavour, file);
}

export function readManifest(path = manifestPath): SchemaManifest {
  return JSON.parse(readFileSync(path, "utf8")) as SchemaManifest;
}

/** Writes the manifest as pnpm schema:update does (2-space JSON, trailing newline). */
export function writeManifest(manifest: SchemaManifest, path = manifestPath): void {
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest's counts, or a clear error when it has none. */
export function manifestCounts(manifest: SchemaManifest = readManifest()): ProtocolCounts {
  if (manifest.counts === undefined) {
    throw new Error("schemas/manifest.json has no counts. Run pnpm schema:update.");
  }
  return manifest.counts;
}

/** Reads a bundle and checks its bytes against the manifest's hash. */
export function readBundle(flavour: SchemaFlavour, file: BundleFile, manifest = readManifest()): unknown {
  const bytes = readFileSync(bundlePath(flavour, file));
  const expected = manifest.sha256[`${flavour}/${file}`];
  const actual = sha256Hex(bytes);
  if (expected !== actual) {
    throw new Error(
      `schemas/${flavour}/${file}: sha256 ${actual} does not match the manifest (${expected ?? "missing"}). Run pnpm schema:update.`,
    );
  }
  return JSON.parse(bytes.toString("utf8"));
}
