import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { chmod, mkdir, open, readFile, rename, stat } from "node:fs/promises";
import type { SharedServerPaths } from "./paths.js";

/** What `<stateDir>/server.json` holds while a supervisor is ready. */
export interface SharedServerStatusFile {
  readonly supervisorPid: number;
  readonly codexPid: number;
  /** What `codex --version` of the running binary printed (undefined when it printed no version). */
  readonly codexVersion: string | undefined;
  readonly socketPath: string;
  readonly codexHome: string;
  readonly startedAt: string;
  readonly idleTimeoutMs: number;
  /** Client connections open right now (the supervisor rewrites the file on each change). */
  readonly clients: number;
  readonly updatedAt: string;
}

/** Creates a directory (and its parents) and makes it 0700 even when it existed. */
export async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
}

/** Writes a 0600 file atomically (temp file, then rename), so readers never see half of it. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

export async function readStatusFile(paths: SharedServerPaths): Promise<SharedServerStatusFile | undefined> {
  try {
    return JSON.parse(await readFile(paths.status, "utf8")) as SharedServerStatusFile;
  } catch {
    return undefined;
  }
}

export async function readToken(paths: SharedServerPaths): Promise<string | undefined> {
  try {
    const token = (await readFile(paths.token, "utf8")).trim();
    return token || undefined;
  } catch {
    return undefined;
  }
}

/**
 * True while `pid` is a live process (EPERM: alive, someone else's). A zombie is not: a supervisor that
 * exited stays one until the process that launched it reaps it, which a parent blocked in a sync call
 * (spawnSync of `codex-sdk server stop`) does not do.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** Linux: the state letter in /proc/<pid>/stat (after the command name in parentheses) is Z. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/** The last `bytes` of a file, or "" when there is none. */
export async function fileTail(path: string, bytes = 4096): Promise<string> {
  try {
    const size = (await stat(path)).size;
    const handle = await open(path, "r");
    try {
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString("utf8").trim();
    } finally {
      await handle.close();
    }
  } catch {
    return "";
  }
}
