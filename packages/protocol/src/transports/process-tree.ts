import { readdirSync, readFileSync } from "node:fs";
import { childProcess } from "./child-process.js";

/** One process as the OS lists it. `sid` (session) is known on Linux only. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly sid?: number;
}

/** Every process of this user the OS lets us see (Linux: /proc; other POSIX: `ps`; Windows: none). */
export function listProcesses(platform: NodeJS.Platform = process.platform): ProcessEntry[] {
  try {
    if (platform === "linux") return listFromProc();
    if (platform === "win32") return [];
    return parsePs(childProcess().execFileSync("ps", ["-A", "-o", "pid=,ppid=,pgid="], { encoding: "utf8" }));
  } catch {
    return [];
  }
}

function listFromProc(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const entry = parseProcStat(stat);
    // A zombie has exited already; it only waits for its parent to reap it.
    if (entry && stat[stat.lastIndexOf(")") + 2] !== "Z") entries.push(entry);
  }
  return entries;
}

/** `/proc/<pid>/stat`: `pid (comm) state ppid pgrp session ...`; comm may hold spaces and parentheses. */
export function parseProcStat(stat: string): ProcessEntry | undefined {
  const close = stat.lastIndexOf(")");
  if (close === -1) return undefined;
  const pid = Number.parseInt(stat, 10);
  const [, ppid, pgid, sid] = stat.slice(close + 2).split(" ");
  if (!Number.isInteger(pid) || ppid === undefined || pgid === undefined || sid === undefined)
    return undefined;
  return { pid, ppid: Number(ppid), pgid: Number(pgid), sid: Number(sid) };
}

/** `ps -o pid=,ppid=,pgid=` output. */
export function parsePs(output: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of output.split("\n")) {
    const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined && pgid !== undefined && !Number.isNaN(ppid) && !Number.isNaN(pgid))
      entries.push({ pid, ppid, pgid });
  }
  return entries;
}

/** `root` and every process below it, found by parent links. */
export function descendantsOf(root: number, processes: readonly ProcessEntry[]): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of processes) {
    const list = children.get(entry.ppid);
    if (list) list.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  const found: ProcessEntry[] = [];
  const queue = [root];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * The process groups and sessions of a child's tree, recorded while the tree is intact. codex runs each
 * agent command in a session of its own, and a command's background jobs outlive codex (reparented to
 * init), so they cannot be found by parent links once codex is gone; by group and session they can.
 */
export class ProcessTreeRecord {
  readonly #groups = new Set<number>();
  readonly #sessions = new Set<number>();
  /** This process's own group and session, never to be signalled; looked up on first use. */
  #own: { group: number; session: number | undefined } | undefined;

  /** Nothing is read until `record()`: starting a server stays cheap. */
  constructor(
    readonly rootPid: number,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.#groups.add(rootPid);
  }

  /** Adds the groups and sessions of everything now below the root. */
  record(): void {
    const processes = listProcesses(this.platform);
    const own = this.#ownIds(processes);
    for (const entry of descendantsOf(this.rootPid, processes)) {
      if (entry.pgid !== own.group) this.#groups.add(entry.pgid);
      if (entry.sid !== undefined && entry.sid !== own.session) this.#sessions.add(entry.sid);
    }
  }

  /** The processes still alive in a recorded group or session (never this process or its group). */
  survivors(): ProcessEntry[] {
    const processes = listProcesses(this.platform);
    const own = this.#ownIds(processes);
    return processes.filter(
      (entry) =>
        entry.pid !== process.pid &&
        entry.pgid !== own.group &&
        (this.#groups.has(entry.pgid) || (entry.sid !== undefined && this.#sessions.has(entry.sid))),
    );
  }

  #ownIds(processes: readonly ProcessEntry[]): { group: number; session: number | undefined } {
    if (!this.#own) {
      const self = processes.find((entry) => entry.pid === process.pid);
      this.#own = { group: self?.pgid ?? -1, session: self?.sid };
    }
    return this.#own;
  }

  /**
   * Ends every survivor: SIGTERM first, so their exit traps can run (release lock files and the like),
   * then SIGKILL for whatever is still there after `graceMs`. Resolves with how many were signalled.
   */
  async endSurvivors(graceMs: number): Promise<number> {
    const survivors = this.survivors();
    if (survivors.length === 0) return 0;
    for (const entry of survivors) signal(entry.pid, "SIGTERM");
    const deadline = Date.now() + graceMs;
    let remaining = survivors;
    while (remaining.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20).unref());
      const alive = new Set(this.survivors().map((entry) => entry.pid));
      remaining = remaining.filter((entry) => alive.has(entry.pid));
    }
    for (const entry of remaining) signal(entry.pid, "SIGKILL");
    return survivors.length;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already, or not ours to signal.
  }
}

/** Windows: ends a process and every process it started (`taskkill /T /F`). Resolves when taskkill exits. */
export function taskkillTree(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const child = childProcess().spawn("taskkill", ["/pid", String(pid), "/T", "/F"], {
      stdio: "ignore",
      windowsHide: true,
    });
    child.on("error", () => resolve());
    child.on("exit", () => resolve());
  });
}
