// The codex binaries the compatibility suite runs against: the pinned one (our platform package) and the
// previous release, installed into this package as `codex-previous-<platform>` (an optional dependency
// per platform, so only this machine's is installed). Both are passed to the SDK through `codexPath`.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import {
  CODEX_PREVIOUS_VERSION,
  CODEX_VERSION,
  findPlatform,
  officialBinaryPath,
  resolveCodexBinary,
} from "@codex/runtime";

export interface CodexTarget {
  /** "pinned" or "previous". */
  readonly role: "pinned" | "previous";
  /** The codex version this binary must report. */
  readonly version: string;
  /** Absolute path of the executable. */
  readonly codexPath: string;
}

const require = createRequire(import.meta.url);

/** The previous release's binary for this machine, checked to be that exact version. */
export function previousTarget(): CodexTarget {
  const platform = findPlatform();
  if (!platform) throw new Error(`codex ships no binary for ${process.platform}-${process.arch}`);
  const alias = `codex-previous-${platform.id}`;
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${alias}/package.json`);
  } catch {
    throw new Error(
      `${alias} (codex ${CODEX_PREVIOUS_VERSION}) is not installed: run pnpm install with optional dependencies on`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version?: string };
  const expected = `${CODEX_PREVIOUS_VERSION}-${platform.id}`;
  if (manifest.version !== expected) {
    throw new Error(
      `${alias} is ${manifest.version ?? "unversioned"}, expected ${expected}: run pnpm install`,
    );
  }
  const codexPath = officialBinaryPath(dirname(manifestPath), platform);
  return { role: "previous", version: CODEX_PREVIOUS_VERSION, codexPath };
}

/** The pinned binary, as the SDK resolves it by default. */
export function pinnedTarget(): CodexTarget {
  return {
    role: "pinned",
    version: CODEX_VERSION,
    codexPath: resolveCodexBinary({ searchPath: false, versionCheck: "strict" }).path,
  };
}

/** Both targets; one when the pin and the previous release are the same version. */
export function codexTargets(): CodexTarget[] {
  const pinned = pinnedTarget();
  return (CODEX_PREVIOUS_VERSION as string) === CODEX_VERSION ? [pinned] : [pinned, previousTarget()];
}
