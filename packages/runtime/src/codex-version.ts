// Codex versions in semver order: one comparison for the handshake's supported range, the resolver, the
// doctor and the upgrade tooling.

/** A codex version: `1.2.3` or `1.2.3-alpha.4`. */
export interface CodexVersion {
  readonly core: readonly [number, number, number];
  /** "" for a release. */
  readonly prerelease: string;
}

/** `1.2.3` or `1.2.3-alpha.4` (a leading `v` allowed); undefined when the text is not a version. */
export function parseCodexVersion(version: string): CodexVersion | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version.trim());
  if (!match) return undefined;
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4] ?? "" };
}

/**
 * Negative when `a` is older than `b`, positive when newer, 0 when equal: semver order of the core, and a
 * prerelease before its release (prerelease tags compared as text). Text that is not a version sorts
 * before every version (and equal to other such text), so a sort never throws.
 */
export function compareCodexVersions(a: string, b: string): number {
  const pa = parseCodexVersion(a);
  const pb = parseCodexVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return (pa.core[i] ?? 0) - (pb.core[i] ?? 0);
  if (pa.prerelease === pb.prerelease) return 0;
  if (pa.prerelease === "") return 1;
  if (pb.prerelease === "") return -1;
  return pa.prerelease < pb.prerelease ? -1 : 1;
}
