// Command line of `pnpm codex:upgrade`: `<version> [--allow-partial] [--root <dir>]`.
import { resolve } from "node:path";

export interface UpgradeOptions {
  /** The codex version to pin, e.g. `0.170.0`. */
  readonly version: string;
  /** Accept a release that lacks some platform binaries (they are written to CODEX_MISSING_PLATFORMS). */
  readonly allowPartial: boolean;
  /** The repository to upgrade (default: the one this script lives in). */
  readonly root: string;
}

export const USAGE =
  "usage: pnpm codex:upgrade <codex version, e.g. 0.170.0> [--allow-partial] [--root <dir>]";

/** A version as the official packages use them: `1.2.3` or `1.2.3-alpha.1`. */
export const VERSION_PATTERN = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseUpgradeArgs(argv: readonly string[], defaultRoot: string): UpgradeOptions {
  let version: string | undefined;
  let allowPartial = false;
  let root = defaultRoot;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    if (arg === "--allow-partial") allowPartial = true;
    else if (arg === "--root" || arg.startsWith("--root=")) {
      const value = arg === "--root" ? argv[++i] : arg.slice("--root=".length);
      if (!value) throw new UsageError("--root needs a directory");
      root = resolve(value);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (version !== undefined) throw new UsageError(`one version only (got ${version} and ${arg})`);
    else version = arg;
  }
  if (version === undefined) throw new UsageError("no version given");
  if (!VERSION_PATTERN.test(version)) throw new UsageError(`not a codex version: ${version}`);
  return { version, allowPartial, root };
}
