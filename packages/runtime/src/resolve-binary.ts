import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type BinaryVersionMismatch, BinaryVersionMismatchError } from "./binary-version-mismatch.js";
import { CodexError } from "./codex-error.js";
import { codexVersionOf, lookUpPlatformPackage } from "./platform-package.js";
import {
  CODEX_MISSING_PLATFORMS,
  CODEX_VERSION,
  findPlatform,
  officialPackageVersion,
  PLATFORMS,
  type RuntimePlatform,
  runtimeBinPackageName,
} from "./platforms.js";

/** Where a codex binary was found (or looked for): option, `CODEX_PATH`, platform package, or PATH. */
export type BinarySource = "option" | "env" | "platform-package" | "path";

/** The codex executable `resolveCodexBinary` chose. */
export interface ResolvedBinary {
  /** Absolute path of the codex executable. */
  readonly path: string;
  /** Where it was found. */
  readonly source: BinarySource;
  /** The pinned version when it came from a platform package and is that version; unknown otherwise. */
  readonly pinnedVersion: string | undefined;
  /**
   * Set when the platform package's binary is another codex version than the pin (only with
   * `versionCheck` "warn" or "off"; "strict" throws BinaryVersionMismatchError instead).
   */
  readonly versionMismatch?: BinaryVersionMismatch | undefined;
}

/** Where `resolveCodexBinary` looks, and for which platform. */
export interface ResolveBinaryOptions {
  /** An explicit path; wins over everything else. */
  readonly codexPath?: string | undefined;
  /** Defaults to process.env; `CODEX_PATH`, `PATH` and `PATHEXT` are read from it. */
  readonly env?: NodeJS.ProcessEnv;
  /** The OS to resolve for. Default: this one. */
  readonly platform?: NodeJS.Platform;
  /** The CPU to resolve for. Default: this one. */
  readonly arch?: string;
  /** Skip the PATH lookup (tests, or callers who insist on the pinned binary). */
  readonly searchPath?: boolean;
  /**
   * What to do when the platform package's binary is not the pinned codex version: "warn" (default)
   * returns it with `versionMismatch` set, "strict" throws BinaryVersionMismatchError, "off" returns it
   * with `versionMismatch` set and expects nobody to warn.
   */
  readonly versionCheck?: "warn" | "strict" | "off";
  /**
   * A file path or URL the Node lookup of the runtime-bin packages starts from (the node_modules
   * folders above it are searched). Default: this module, i.e. the app's own node_modules.
   */
  readonly lookupFrom?: string;
}

/** One place the resolver looked, and why it did not take it. */
export interface ResolveAttempt {
  /** Which kind of place. */
  readonly source: BinarySource;
  /** The path, variable or package looked at. */
  readonly location: string;
  /** Why it was not taken ("not set", "no such file", "package not installed", ...). */
  readonly outcome: string;
}

/**
 * No codex executable was found, or the one named explicitly (`codexPath`, `CODEX_PATH`, a spawn
 * command) does not exist or cannot run. Lists every place tried and the likely cause.
 */
export class BinaryNotFoundError extends CodexError {
  override name = "BinaryNotFoundError";
  constructor(
    /** Every place looked at, in order, with why it was not taken. */
    readonly attempts: readonly ResolveAttempt[],
    /** The most probable reason, in words, with what to do about it. */
    readonly likelyCause: string,
    options?: ErrorOptions,
  ) {
    super(
      [
        "Could not find the codex binary.",
        `Likely cause: ${likelyCause}`,
        "Tried, in order:",
        ...attempts.map((a, i) => `  ${i + 1}. [${a.source}] ${a.location}: ${a.outcome}`),
        isExplicit(attempts.at(-1))
          ? "Fix: point it at the codex executable, or leave it unset to use the pinned binary."
          : "Fix: reinstall with optional dependencies enabled, set CODEX_PATH, or pass codexPath.",
      ].join("\n"),
      options,
    );
  }
}

/** True when the attempt was a path the caller named (the resolver stops there). */
function isExplicit(attempt: ResolveAttempt | undefined): boolean {
  return (attempt?.source === "option" || attempt?.source === "env") && attempt.outcome !== "not set";
}

/** Why `path` is not a runnable file, or undefined when it is one. */
function whyNotExecutable(path: string, platform: NodeJS.Platform): string | undefined {
  try {
    if (!statSync(path).isFile()) return "not a file";
  } catch {
    return "no such file";
  }
  if (platform === "win32") return undefined;
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return "not executable";
  }
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  return whyNotExecutable(path, platform) === undefined;
}

/** Candidate names for `codex` in one PATH folder, PATHEXT-aware on Windows (`codex.cmd`, `codex.exe`...). */
function pathCandidates(dir: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform !== "win32") return [join(dir, "codex")];
  const exts = (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  return exts.map((ext) => join(dir, `codex${ext.toLowerCase()}`));
}

/**
 * Finds the codex binary: explicit option, then `CODEX_PATH`, then the installed platform package,
 * then `codex` on PATH. An explicit path (option or `CODEX_PATH`) that is set is taken or fails: a
 * missing file there is a BinaryNotFoundError naming it, never silently skipped. Otherwise throws
 * BinaryNotFoundError listing every place tried and the likely cause.
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
    const problem = whyNotExecutable(path, os);
    if (problem === undefined) return { path, source, pinnedVersion: undefined };
    // The caller named this file: falling back to another codex would hide their mistake.
    attempts.push({ source, location: `${label}=${path}`, outcome: problem });
    throw new BinaryNotFoundError(
      attempts,
      `${label} is set to ${path}, but there is ${problem === "no such file" ? "no such file" : `a file that is ${problem}`}. Fix the path or unset it.`,
    );
  };

  const fromOption = explicit("option", options.codexPath, "codexPath option");
  if (fromOption) return fromOption;
  const fromEnv = explicit("env", env.CODEX_PATH, "CODEX_PATH");
  if (fromEnv) return fromEnv;

  const platform = findPlatform(os, arch);
  const lookupFrom = options.lookupFrom ?? import.meta.url;
  let platformPackageResolved = false;
  if (platform) {
    const found = lookUpPlatformPackage(platform, lookupFrom);
    platformPackageResolved = found.packageDir !== undefined;
    const { binary } = found;
    if (binary && found.officialManifest && isExecutableFile(binary, os)) {
      if (found.officialVersion === officialPackageVersion(platform, CODEX_VERSION)) {
        return { path: binary, source: "platform-package", pinnedVersion: CODEX_VERSION };
      }
      const versionMismatch: BinaryVersionMismatch = {
        expected: CODEX_VERSION,
        actual: found.officialVersion ? codexVersionOf(platform, found.officialVersion) : "unknown",
        binaryPath: binary,
        manifestPath: found.officialManifest,
      };
      if (options.versionCheck === "strict") throw new BinaryVersionMismatchError(versionMismatch);
      return { path: binary, source: "platform-package", pinnedVersion: undefined, versionMismatch };
    }
    attempts.push({
      source: "platform-package",
      location: binary ?? runtimeBinPackageName(platform),
      outcome: !found.packageDir
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

  throw new BinaryNotFoundError(
    attempts,
    likelyCause(platform, platformPackageResolved, os, arch, lookupFrom),
  );
}

function likelyCause(
  platform: RuntimePlatform | undefined,
  platformPackageResolved: boolean,
  os: string,
  arch: string,
  lookupFrom: string,
): string {
  if (!platform) return `codex ships no binary for ${os}-${arch}; install codex yourself and set CODEX_PATH.`;
  if (CODEX_MISSING_PLATFORMS.includes(platform.id)) {
    return `codex ${CODEX_VERSION} was published without a binary for ${platform.id}, so ${runtimeBinPackageName(platform)} carries none. Install codex for this machine yourself and set CODEX_PATH or codexPath.`;
  }
  const others = PLATFORMS.filter((p) => p.id !== platform.id)
    .filter((p) => existsSync(lookUpPlatformPackage(p, lookupFrom).binary ?? ""))
    .map((p) => p.id);
  if (others.length > 0) {
    return `node_modules holds the binary for ${others.join(", ")} but not for ${platform.id}: it was probably copied from another OS/CPU. Reinstall on this machine.`;
  }
  if (platformPackageResolved) {
    return `${runtimeBinPackageName(platform)} is installed without its binary: optional dependencies were probably turned off (--no-optional, --omit=optional). Reinstall with them on.`;
  }
  return `${runtimeBinPackageName(platform)} is not installed: optional dependencies were probably turned off, or the lockfile was made on another platform. Reinstall with them on.`;
}
