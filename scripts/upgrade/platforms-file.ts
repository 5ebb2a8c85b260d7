// Reads and rewrites the pins in packages/runtime/src/platforms.ts (CODEX_VERSION, CODEX_PREVIOUS_VERSION,
// CODEX_MISSING_PLATFORMS) as text, so the rest of the file stays as it is.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const PLATFORMS_FILE = "packages/runtime/src/platforms.ts";

export interface Pins {
  readonly version: string;
  readonly previousVersion: string;
  readonly missingPlatforms: readonly string[];
  /** Every platform id of the PLATFORMS table, in table order. */
  readonly platformIds: readonly string[];
}

const VERSION = /export const CODEX_VERSION = "([^"]+)";/;
const PREVIOUS = /export const CODEX_PREVIOUS_VERSION = "([^"]+)";/;
const MISSING = /export const CODEX_MISSING_PLATFORMS: readonly string\[\] = \[[^\]]*\];/;

function match(source: string, pattern: RegExp, name: string): string {
  const found = pattern.exec(source);
  if (!found) throw new Error(`no ${name} found in ${PLATFORMS_FILE}`);
  return found[1] ?? found[0];
}

/** The pins of the repository at `root`; the platform table comes from importing its platforms.ts. */
export async function readPins(root: string): Promise<Pins> {
  const file = join(root, PLATFORMS_FILE);
  const source = readFileSync(file, "utf8");
  const missing = match(source, MISSING, "CODEX_MISSING_PLATFORMS");
  const module = (await import(
    pathToFileURL(file).href
  )) as typeof import("../../packages/runtime/src/platforms.js");
  return {
    version: match(source, VERSION, "CODEX_VERSION"),
    previousVersion: match(source, PREVIOUS, "CODEX_PREVIOUS_VERSION"),
    missingPlatforms: [...missing.replace(/^[^=]*=/, "").matchAll(/"([^"]+)"/g)].map((found) => found[1]!),
    platformIds: module.PLATFORMS.map((platform) => platform.id),
  };
}

/** The CODEX_MISSING_PLATFORMS line(s) as biome formats them (one line when it fits in 110 columns). */
export function renderMissingPlatforms(ids: readonly string[]): string {
  const head = "export const CODEX_MISSING_PLATFORMS: readonly string[] = ";
  const oneLine = `${head}[${ids.map((id) => JSON.stringify(id)).join(", ")}];`;
  if (oneLine.length <= 110) return oneLine;
  return `${head}[\n${ids.map((id) => `  ${JSON.stringify(id)},\n`).join("")}];`;
}

/** Rewrites the three pins; `previousVersion` is written as given (the caller decides when it moves). */
export function writePins(
  root: string,
  pins: { version: string; previousVersion: string; missingPlatforms: readonly string[] },
): void {
  const file = join(root, PLATFORMS_FILE);
  const source = readFileSync(file, "utf8");
  const next = source
    .replace(VERSION, `export const CODEX_VERSION = "${pins.version}";`)
    .replace(PREVIOUS, `export const CODEX_PREVIOUS_VERSION = "${pins.previousVersion}";`)
    .replace(MISSING, renderMissingPlatforms(pins.missingPlatforms));
  writeFileSync(file, next);
}
