// Written by `pnpm runtime:sync` from packages/runtime/src/platforms.ts. DO NOT EDIT.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The codex CLI version this package pins. */
export const codexVersion = "0.171.0";
/** The Rust target triple of the binary. */
export const targetTriple = "aarch64-apple-darwin";
/** The official package (installed under this alias) that carries the binary. */
export const binaryPackage = "@openai/codex-darwin-arm64";

// The official package as resolved from this package's own directory, and the version it says it is.
function locate() {
  try {
    const manifest = createRequire(import.meta.url).resolve("@openai/codex-darwin-arm64/package.json");
    const path = join(dirname(manifest), "vendor", targetTriple, "bin", "codex");
    const { version } = JSON.parse(readFileSync(manifest, "utf8"));
    return existsSync(path) ? { path, version: typeof version === "string" ? version : undefined } : undefined;
  } catch {
    return undefined;
  }
}

const found = locate();
/** The binary found and its package version, whether or not it is the pinned one (for diagnostics). */
export const foundBinary = found;
/** Absolute path of the pinned codex binary, or undefined when it is not installed (or another version is). */
export const binaryPath = found?.version === "0.171.0-darwin-arm64" ? found.path : undefined;
