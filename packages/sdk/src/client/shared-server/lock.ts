import { randomBytes } from "node:crypto";
import { link, open, readFile, rename, unlink } from "node:fs/promises";
import { isAlive } from "./state-files.js";

/**
 * The supervisor lock: a file holding the owner's pid, created with O_EXCL (atomic), so of two supervisors
 * starting at once exactly one gets it. A lock whose pid is dead (kill -9) is stale and taken over.
 */
export async function acquireLock(
  path: string,
): Promise<{ acquired: true } | { acquired: false; holder: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { acquired: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await lockHolder(path);
    // A holder that is writing its pid right now reads as NaN: give it a moment.
    if (holder === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    if (isAlive(holder)) return { acquired: false, holder };
    await removeStale(path, holder);
  }
  const holder = await lockHolder(path);
  return { acquired: false, holder: holder ?? 0 };
}

/** Removes the lock if this process holds it. */
export async function releaseLock(path: string): Promise<void> {
  if ((await lockHolder(path)) === process.pid) await unlink(path).catch(() => undefined);
}

export async function lockHolder(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path, "utf8"), 10);
    return Number.isNaN(pid) ? undefined : pid;
  } catch {
    return undefined;
  }
}

/**
 * Takes a stale lock away without removing a fresh one a racer created meanwhile: rename it aside
 * (atomic), and if what was moved is not the dead pid's lock, link it back (link fails if taken again).
 */
async function removeStale(path: string, deadPid: number): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    await rename(path, aside);
  } catch {
    return; // Gone already: someone else removed it.
  }
  if ((await lockHolder(aside)) !== deadPid) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}
