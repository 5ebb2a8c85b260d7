import { join } from "node:path";

/**
 * The one platform table. The resolver, the runtime-bin package manifests (written by
 * `pnpm runtime:sync`) and the agreement test all read it, so they cannot drift apart.
 */

/** The exact codex CLI version every runtime-bin package pins. `pnpm codex:upgrade` moves it. */
export const CODEX_VERSION = "0.171.0";

/**
 * The codex release before the pin. The compatibility suite (compat/) runs the real-binary smoke tests
 * against it through `codexPath`, so it is the oldest version this SDK release is tested with.
 * `pnpm codex:upgrade` sets it to the version it moves away from.
 */
export const CODEX_PREVIOUS_VERSION = "0.169.0";

/**
 * Platforms the pinned release shipped no binary for (accepted with `pnpm codex:upgrade --allow-partial`).
 * Their runtime-bin packages carry no binary; users there set CODEX_PATH or codexPath.
 */
export const CODEX_MISSING_PLATFORMS: readonly string[] = [];

/** One platform codex ships a binary for, and where that binary sits in its npm package. */
export interface RuntimePlatform {
  /** `${process.platform}-${process.arch}` */
  readonly id: string;
  /** `process.platform` of this platform. */
  readonly os: NodeJS.Platform;
  /** `process.arch` of this platform. */
  readonly cpu: NodeJS.Architecture;
  /** Rust target triple: the folder under the official package's `vendor/`. */
  readonly triple: string;
  /** File name of the executable inside `vendor/<triple>/bin/`. */
  readonly executable: string;
}

/** Every supported platform: the one table the resolver, the staging script and the tests share. */
export const PLATFORMS = [
  { id: "linux-x64", os: "linux", cpu: "x64", triple: "x86_64-unknown-linux-musl", executable: "codex" },
  { id: "linux-arm64", os: "linux", cpu: "arm64", triple: "aarch64-unknown-linux-musl", executable: "codex" },
  { id: "darwin-x64", os: "darwin", cpu: "x64", triple: "x86_64-apple-darwin", executable: "codex" },
  { id: "darwin-arm64", os: "darwin", cpu: "arm64", triple: "aarch64-apple-darwin", executable: "codex" },
  { id: "win32-x64", os: "win32", cpu: "x64", triple: "x86_64-pc-windows-msvc", executable: "codex.exe" },
  {
    id: "win32-arm64",
    os: "win32",
    cpu: "arm64",
    triple: "aarch64-pc-windows-msvc",
    executable: "codex.exe",
  },
] as const satisfies readonly RuntimePlatform[];

/** A platform id such as `linux-x64`. */
export type PlatformId = (typeof PLATFORMS)[number]["id"];

/** The executable inside an unpacked official platform package (`<dir>/vendor/<triple>/bin/codex`). */
export function officialBinaryPath(packageDir: string, platform: RuntimePlatform): string {
  return join(packageDir, "vendor", platform.triple, "bin", platform.executable);
}

/** Our per-platform package, e.g. `@codex/runtime-bin-linux-x64`. */
export function runtimeBinPackageName(platform: RuntimePlatform): string {
  return `@codex/runtime-bin-${platform.id}`;
}

/** The alias under which a runtime-bin package installs the official binary package. */
export function officialPackageAlias(platform: RuntimePlatform): string {
  return `@openai/codex-${platform.id}`;
}

/** The npm specifier of the official binary package, e.g. `npm:@openai/codex@0.169.0-linux-x64`. */
export function officialPackageSpec(platform: RuntimePlatform, version: string = CODEX_VERSION): string {
  return `npm:@openai/codex@${officialPackageVersion(platform, version)}`;
}

/** The official package version that carries codex `codexVersion` for `platform` (`0.171.0-linux-x64`). */
export function officialPackageVersion(platform: Pick<RuntimePlatform, "id">, codexVersion: string): string {
  return `${codexVersion}-${platform.id}`;
}

/** The platform entry for an OS and CPU (default: this machine), or undefined when codex ships none. */
export function findPlatform(
  os: string = process.platform,
  cpu: string = process.arch,
): RuntimePlatform | undefined {
  return PLATFORMS.find((p) => p.os === os && p.cpu === cpu);
}
