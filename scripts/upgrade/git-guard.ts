// The upgrade is all or nothing: every path it writes must be clean in git before it starts, and on a
// failure those paths are restored from HEAD (tracked files checked out, untracked ones removed).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Git pathspecs of everything the upgrade writes. The docs-table step (`pnpm docs:tables`, when the root
 * package.json has it) rewrites generated regions in README.md, codegen/README.md and docs/*.md (its
 * `docsFiles()` in scripts/docs-tables.ts); those count only when it runs.
 */
export function upgradePaths(options: { docsTables: boolean }): string[] {
  return [
    "packages/runtime/src/platforms.ts",
    "packages/runtime-bin",
    "compat/package.json",
    "pnpm-lock.yaml",
    "schemas",
    "packages/protocol/src/generated",
    ".changeset/codex-*.md",
    ...(options.docsTables ? ["README.md", "codegen/README.md", "docs"] : []),
  ];
}

function git(root: string, args: readonly string[]): string {
  return execFileSync("git", ["-C", root, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Fails unless `root` is the top of a git work tree with a HEAD commit. */
export function assertGitRepo(root: string): void {
  try {
    git(root, ["rev-parse", "--verify", "HEAD"]);
  } catch {
    throw new Error(`${root} is not a git repository with a commit; the upgrade needs git to roll back`);
  }
}

/** Paths under `pathspecs` that differ from HEAD or are untracked (ignored files do not count). */
export function dirtyPaths(root: string, pathspecs: readonly string[]): string[] {
  const out = git(root, ["status", "--porcelain", "--untracked-files=all", "-z", "--", ...pathspecs]);
  const paths: string[] = [];
  const records = out.split("\0").filter(Boolean);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    paths.push(record.slice(3));
    // A rename record is followed by its source path.
    if (record[0] === "R" || record[0] === "C") i++;
  }
  return paths;
}

/** Restores `pathspecs` to HEAD: tracked files checked out, untracked (not ignored) files deleted. */
export function restoreFromHead(root: string, pathspecs: readonly string[]): void {
  const list = (args: readonly string[]) =>
    git(root, [...args, "--", ...pathspecs])
      .split("\0")
      .filter(Boolean);
  const changed = list(["diff", "--name-only", "--no-renames", "-z", "HEAD"]);
  const inHead = (path: string) => {
    try {
      git(root, ["cat-file", "-e", `HEAD:${path}`]);
      return true;
    } catch {
      return false;
    }
  };
  const restorable = changed.filter(inHead);
  if (restorable.length > 0) git(root, ["checkout", "HEAD", "--", ...restorable]);
  // Staged files HEAD does not have: unstage, then delete with the untracked ones.
  const added = changed.filter((path) => !restorable.includes(path));
  if (added.length > 0) git(root, ["rm", "-q", "--cached", "-f", "--", ...added]);
  for (const path of [...added, ...list(["ls-files", "--others", "--exclude-standard", "-z"])]) {
    rmSync(join(root, path), { force: true, recursive: true });
  }
}
