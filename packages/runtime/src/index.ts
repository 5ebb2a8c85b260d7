export { type BinaryVersionMismatch, BinaryVersionMismatchError } from "./binary-version-mismatch.js";
export { CodexError, type CodexErrorOptions } from "./codex-error.js";
export { type CodexVersion, compareCodexVersions, parseCodexVersion } from "./codex-version.js";
export {
  CODEX_MISSING_PLATFORMS,
  CODEX_PREVIOUS_VERSION,
  CODEX_VERSION,
  findPlatform,
  officialBinaryPath,
  officialPackageAlias,
  officialPackageSpec,
  officialPackageVersion,
  PLATFORMS,
  type PlatformId,
  type RuntimePlatform,
  runtimeBinPackageName,
} from "./platforms.js";
export {
  BinaryNotFoundError,
  type BinarySource,
  type ResolveAttempt,
  type ResolveBinaryOptions,
  type ResolvedBinary,
  resolveCodexBinary,
} from "./resolve-binary.js";
export { renderRuntimeBinFiles } from "./runtime-bin-files.js";
