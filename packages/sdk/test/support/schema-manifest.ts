import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The counts `pnpm schema:update` writes into schemas/manifest.json (see codegen/src/protocol-counts.ts). */
export interface ManifestCounts {
  readonly clientRequests: { readonly stable: number; readonly experimentalOnly: number };
  readonly serverRequests: { readonly stable: number; readonly experimentalOnly: number };
  readonly serverNotifications: { readonly stable: number; readonly experimentalOnly: number };
  readonly definitions: number;
  readonly snakeCaseDefinitions: number;
}

/** schemas/manifest.json: the codex version the protocol was generated from, and what its schema holds. */
export const schemaManifest = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "..", "..", "schemas", "manifest.json"), "utf8"),
) as { readonly codexVersion: string; readonly counts: ManifestCounts };
