import { realpathSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { CodexError } from "@codex/runtime";

/** The rollout's path inside CODEX_HOME (`sessions/YYYY/MM/DD/rollout-…jsonl`), as stored in Redis. */
export function rolloutPathInHome(codexHome: string, absolutePath: string): string {
  let inside = relative(codexHome, absolutePath);
  // One of the two may be spelled through a symlink (macOS /tmp is /private/tmp): compare real paths.
  if (isOutside(inside)) inside = relative(realpathOrSelf(codexHome), realpathOrSelf(absolutePath));
  if (isOutside(inside)) {
    throw new CodexError(`The rollout ${absolutePath} is not inside CODEX_HOME ${codexHome}.`);
  }
  return inside.split(sep).join("/");
}

function isOutside(relativePath: string): boolean {
  return relativePath === "" || relativePath.startsWith("..") || isAbsolute(relativePath);
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Writes a stored rollout back where codex looks for it, so `thread/resume` by id finds it. */
export async function writeRolloutIntoHome(
  codexHome: string,
  pathInHome: string,
  rollout: Buffer,
): Promise<string> {
  const parts = pathInHome.split("/");
  if (parts.some((part) => part === ".." || part === "") || isAbsolute(pathInHome)) {
    throw new CodexError(
      `Refusing to restore a rollout to ${pathInHome}: not a plain path inside CODEX_HOME.`,
    );
  }
  const target = join(codexHome, ...parts);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, rollout);
  return target;
}

/**
 * Reads the rollout once codex has written the turn's last record (`task_complete` / `turn_aborted`
 * naming the turn). Codex flushes it before `turn/completed` in 0.169.0; the short wait is a safety net.
 */
export async function readFinishedRollout(path: string, turnId: string, waitMs = 2_000): Promise<Buffer> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const content = await readFile(path);
    const tail = content.subarray(Math.max(0, content.length - 4096)).toString("utf8");
    const lastLine = tail.trimEnd().split("\n").at(-1) ?? "";
    if (lastLine.includes(turnId) || Date.now() >= deadline) return content;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
