// Which codex versions a handshake accepts silently: the pinned one, the previous release (both run by
// the compat suite in CI) and anything between them. Outside that range `versionCheck` warns or throws.
import { CODEX_PREVIOUS_VERSION, CODEX_VERSION } from "@codex/runtime";

/** The oldest and newest codex versions this SDK is tested against. */
export const SUPPORTED_CODEX_RANGE = { oldest: CODEX_PREVIOUS_VERSION, pinned: CODEX_VERSION } as const;

/** `1.2.3` or `1.2.3-alpha.4` -> [1, 2, 3] and the prerelease tag; undefined when not a version. */
function parse(version: string): { core: [number, number, number]; prerelease: string } | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version);
  if (!match) return undefined;
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4] ?? "" };
}

/** Semver order of the core; a prerelease sorts before its release (tags compared as text). */
function compare(a: NonNullable<ReturnType<typeof parse>>, b: NonNullable<ReturnType<typeof parse>>): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! - b.core[i]!;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === "") return 1;
  if (b.prerelease === "") return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

/** True for a version from SUPPORTED_CODEX_RANGE.oldest to .pinned inclusive. */
export function isSupportedCodexVersion(version: string | undefined): boolean {
  if (version === undefined) return false;
  if (version === SUPPORTED_CODEX_RANGE.pinned) return true;
  const parsed = parse(version);
  const oldest = parse(SUPPORTED_CODEX_RANGE.oldest);
  const pinned = parse(SUPPORTED_CODEX_RANGE.pinned);
  if (!parsed || !oldest || !pinned) return false;
  return compare(parsed, oldest) >= 0 && compare(parsed, pinned) <= 0;
}
