// Finds the official codex binary through one of our runtime-bin packages and reads which version it is.
// The official package is resolved from the runtime-bin package's own (real) directory, so pnpm's
// sibling link or npm's nested copy is found first; whatever Node's lookup finds beyond those (a hoisted
// `@openai/codex-<platform>` another dependency brought) is still checked against the pin by version.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { officialBinaryPath, type RuntimePlatform, runtimeBinPackageName } from "./platforms.js";

/** What the lookup found for one platform; each field is absent when that step failed. */
export interface PlatformPackageLookup {
  /** Directory of `@codex/runtime-bin-<platform>`. */
  readonly packageDir?: string;
  /** package.json of the official `@openai/codex-<platform>` package found from there. */
  readonly officialManifest?: string;
  /** Its `version` field (`<codex version>-<platform>`, e.g. `0.171.0-linux-x64`). */
  readonly officialVersion?: string;
  /** Where its binary would sit. */
  readonly binary?: string;
}

/** The codex version in an official platform package version (`0.171.0-linux-x64` -> `0.171.0`). */
export function codexVersionOf(platform: RuntimePlatform, packageVersion: string): string {
  const suffix = `-${platform.id}`;
  return packageVersion.endsWith(suffix) ? packageVersion.slice(0, -suffix.length) : packageVersion;
}

/**
 * Looks up `@codex/runtime-bin-<platform>` from `from` (a file or directory the Node lookup starts at),
 * then the official package from that package's directory.
 */
export function lookUpPlatformPackage(platform: RuntimePlatform, from: string): PlatformPackageLookup {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(from).resolve(`${runtimeBinPackageName(platform)}/package.json`));
  } catch {
    return {};
  }
  let officialManifest: string;
  try {
    officialManifest = createRequire(join(packageDir, "package.json")).resolve(
      `@openai/codex-${platform.id}/package.json`,
    );
  } catch {
    return { packageDir };
  }
  const binary = officialBinaryPath(dirname(officialManifest), platform);
  try {
    const { version } = JSON.parse(readFileSync(officialManifest, "utf8")) as { version?: unknown };
    return typeof version === "string"
      ? { packageDir, officialManifest, officialVersion: version, binary }
      : { packageDir, officialManifest, binary };
  } catch {
    return { packageDir, officialManifest, binary };
  }
}
