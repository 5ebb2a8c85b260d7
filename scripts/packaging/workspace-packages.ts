// The workspace package folders, from the globs in pnpm-workspace.yaml (`dir/*` or a plain folder).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Folders (relative to `root`, `/`-separated) that hold a package.json, in glob order. */
export function workspacePackageDirs(root: string): string[] {
  const lines = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").split("\n");
  const start = lines.findIndex((line) => /^packages:\s*$/.test(line));
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key
    const glob = /^\s*-\s*["']?([^"'#\s]+)["']?\s*$/.exec(line)?.[1];
    if (glob) globs.push(glob);
  }
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith("/*")) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
      .sort();
  });
  return dirs.filter((dir) => existsSync(join(root, dir, "package.json")));
}
