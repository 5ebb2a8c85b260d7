// The changeset of an upgrade: every package of the fixed release group, minor, naming both versions.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function changesetPath(root: string, version: string): string {
  return join(root, ".changeset", `codex-${version}.md`);
}

/** The packages of the first `fixed` group in .changeset/config.json. */
export function fixedGroup(root: string): string[] {
  const config = JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8")) as {
    fixed?: string[][];
  };
  const group = config.fixed?.[0];
  if (!group || group.length === 0) throw new Error(".changeset/config.json has no fixed group");
  return group;
}

export function renderChangeset(
  packages: readonly string[],
  previous: string,
  version: string,
  missingPlatforms: readonly string[] = [],
): string {
  if (previous === version) throw new Error(`no changeset for an upgrade from ${version} to itself`);
  const missing =
    missingPlatforms.length === 0
      ? []
      : [
          "",
          `codex ${version} was published without binaries for ${missingPlatforms.join(", ")}: the runtime-bin packages of those platforms carry no binary, so set CODEX_PATH or pass codexPath there.`,
        ];
  return [
    "---",
    ...packages.map((name) => `"${name}": minor`),
    "---",
    "",
    `Upgrade the pinned codex CLI from ${previous} to ${version}; wire types regenerated from its schema.`,
    ...missing,
    "",
  ].join("\n");
}

export function writeChangeset(
  root: string,
  previous: string,
  version: string,
  missingPlatforms: readonly string[] = [],
): string {
  const path = changesetPath(root, version);
  writeFileSync(path, renderChangeset(fixedGroup(root), previous, version, missingPlatforms));
  return path;
}
