// Which codex versions a handshake accepts silently: the pinned one, the previous release (both run by
// the compat suite in CI) and anything between them. Outside that range `versionCheck` warns or throws.
import {
  CODEX_PREVIOUS_VERSION,
  CODEX_VERSION,
  compareCodexVersions,
  parseCodexVersion,
} from "@codex/runtime";

/** The oldest and newest codex versions this SDK is tested against. */
export const SUPPORTED_CODEX_RANGE = { oldest: CODEX_PREVIOUS_VERSION, pinned: CODEX_VERSION } as const;

/** True for a version from SUPPORTED_CODEX_RANGE.oldest to .pinned inclusive. */
export function isSupportedCodexVersion(version: string | undefined): boolean {
  if (version === undefined) return false;
  if (version === SUPPORTED_CODEX_RANGE.pinned) return true;
  if (!parseCodexVersion(version)) return false;
  return (
    compareCodexVersions(version, SUPPORTED_CODEX_RANGE.oldest) >= 0 &&
    compareCodexVersions(version, SUPPORTED_CODEX_RANGE.pinned) <= 0
  );
}
