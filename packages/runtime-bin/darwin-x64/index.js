// Written by `pnpm runtime:sync` from packages/runtime/src/platforms.ts. DO NOT EDIT.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The codex CLI version this package pins. */
export const codexVersion = "0.171.0";
/** The Rust target triple of the binary. */
export const targetTriple = "x86_64-apple-darwin";
/** The official package (installed under this alias) that carries the binary. */
export const binaryPackage = "@openai/codex-darwin-x64";

function locate() {
  try {
    const manifest = createRequire(import.meta.url).resolve("@openai/codex-darwin-x64/package.json");
    const path = join(dirname(manifest), "vendor", targetTriple, "bin", "codex");
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Absolute path of the codex binary, or undefined when the optional binary package is not installed. */
export const binaryPath = locate();
