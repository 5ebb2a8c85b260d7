import { accessSync, constants, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import {
  CODEX_VERSION,
  findPlatform,
  PLATFORMS,
  type RuntimePlatform,
  runtimeBinPackageName,
} from "./platforms.js";

export type BinarySource = "option" | "env" | "platform-package" | "path";

export interface ResolvedBinary {
  /** Absolute path of the codex executable. */
  readonly path: string;
  /** Where it was found. */
  readonly source: BinarySource;
  /** The pinned version when it came from a platform package; unknown otherwise. */
  readonly pinnedVersion: string | undefined;
}

export interface ResolveBinaryOptions {
  /** An explicit path; wins over everything else. */
  readonly codexPath?: string | undefined;
  /** Defaults to process.env; `CODEX_PATH`, `PATH` and `PATHEXT` are read from it. */
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
  /** Skip the PATH lookup (tests, or callers who insist on the pinned binary). */
  readonly searchPath?: boolean;
}

/** One place the resolver looked, and why it did not take it. */
export interface ResolveAttempt {
  readonly source: BinarySource;
  readonly location: string;
  readonly outcome: string;
}

export class BinaryNotFoundError extends Error {
  override readonly name = "BinaryNotFoundError";
  constructor(
    readonly attempts: readonly ResolveAttempt[],
    readonly likelyCause: string,
  ) {
    super(
      [
        "Could not find the codex binary.",
        `Likely cause: ${likelyCause}`,
        "Tried, in order:",
        ...attempts.map((a, i) => `  ${i + 1}. [${a.source}] ${a.location}: ${a.outcome}`),
        "Fix: reinstall with optional dependencies enabled, set CODEX_PATH, or pass codexPath.",
      ].join("\n"),
    );
  }
}

const require = createRequire(import.meta.url);

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform === "win32") return true;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where a runtime-bin package's official binary would sit, if the package resolves at all. */
function platformPackageBinary(platform: RuntimePlatform): { pkgDir?: string; binary?: string } {
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve(`${runtimeBinPackageName(platform)}/package.json`));
  } catch {
    return {};
  }
  const pkgRequire = createRequire(join(pkgDir, "package.json"));
  try {
    const officialDir = dirname(pkgRequire.resolve(`@openai/codex-${platform.id}/package.json`));
    return { pkgDir, binary: join(officialDir, "vendor", platform.triple, "bin", platform.executable) };
  } catch {
    return { pkgDir };
  }
}

/** Candidate names for `codex` in one PATH folder, PATHEXT-aware on Windows (`codex.cmd`, `codex.exe`...). */
function pathCandidates(dir: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform !== "win32") return [join(dir, "codex")];
  const exts = (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  return exts.map((ext) => join(dir, `codex${ext.toLowerCase()}`));
}

/**
 * Finds the codex binary: explicit option, then `CODEX_PATH`, then the installed platform package,
 * then `codex` on PATH. Throws BinaryNotFoundError listing every place tried and the likely cause.
 */
export function resolveCodexBinary(options: ResolveBinaryOptions = {}): ResolvedBinary {
  const env = options.env ?? process.env;
  const os = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const attempts: ResolveAttempt[] = [];

  const explicit = (
    source: BinarySource,
    path: string | undefined,
    label: string,
  ): ResolvedBinary | undefined => {
    if (!path) {
      attempts.push({ source, location: label, outcome: "not set" });
      return undefined;
    }
    if (isExecutableFile(path, os)) return { path, source, pinnedVersion: undefined };
    attempts.push({ source, location: `${label}=${path}`, outcome: "no executable file there" });
    return undefined;
  };

  const fromOption = explicit("option", options.codexPath, "codexPath option");
  if (fromOption) return fromOption;
  const fromEnv = explicit("env", env.CODEX_PATH, "CODEX_PATH");
  if (fromEnv) return fromEnv;

  const platform = findPlatform(os, arch);
  let platformPackageResolved = false;
  if (platform) {
    const { pkgDir, binary } = platformPackageBinary(platform);
    platformPackageResolved = pkgDir !== undefined;
    if (binary && isExecutableFile(binary, os)) {
      return { path: binary, source: "platform-package", pinnedVersion: CODEX_VERSION };
    }
    attempts.push({
      source: "platform-package",
      location: binary ?? runtimeBinPackageName(platform),
      outcome: !pkgDir
        ? "package not installed"
        : binary
          ? "binary missing from the installed package"
          : `its optional dependency @openai/codex-${platform.id} is not installed`,
    });
  } else {
    attempts.push({
      source: "platform-package",
      location: `${os}-${arch}`,
      outcome: `no runtime-bin package for this OS/CPU (supported: ${PLATFORMS.map((p) => p.id).join(", ")})`,
    });
  }

  if (options.searchPath !== false) {
    const dirs = (env.PATH ?? env.Path ?? "").split(os === "win32" ? ";" : delimiter).filter(Boolean);
    for (const dir of dirs) {
      for (const candidate of pathCandidates(dir, os, env)) {
        if (isExecutableFile(candidate, os))
          return { path: candidate, source: "path", pinnedVersion: undefined };
      }
    }
    attempts.push({
      source: "path",
      location: `codex on PATH (${dirs.length} folders)`,
      outcome: "not found",
    });
  }

  throw new BinaryNotFoundError(attempts, likelyCause(platform, platformPackageResolved, os, arch));
}

function likelyCause(
  platform: RuntimePlatform | undefined,
  platformPackageResolved: boolean,
  os: string,
  arch: string,
): string {
  if (!platform) return `codex ships no binary for ${os}-${arch}; install codex yourself and set CODEX_PATH.`;
  const others = PLATFORMS.filter((p) => p.id !== platform.id && platformPackageBinary(p).binary)
    .filter((p) => existsSync(platformPackageBinary(p).binary ?? ""))
    .map((p) => p.id);
  if (others.length > 0) {
    return `node_modules holds the binary for ${others.join(", ")} but not for ${platform.id}: it was probably copied from another OS/CPU. Reinstall on this machine.`;
  }
  if (platformPackageResolved) {
    return `${runtimeBinPackageName(platform)} is installed without its binary: optional dependencies were probably turned off (--no-optional, --omit=optional). Reinstall with them on.`;
  }
  return `${runtimeBinPackageName(platform)} is not installed: optional dependencies were probably turned off, or the lockfile was made on another platform. Reinstall with them on.`;
}
