import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The files of one shared server, all under its state directory (mode 0700). */
export interface SharedServerPaths {
  readonly codexHome: string;
  readonly stateDir: string;
  /** The public socket clients connect to (0600); the supervisor proxies it to codex. */
  readonly socket: string;
  /** The bearer token clients must send (0600, 32 random bytes in hex). */
  readonly token: string;
  /** The supervisor's status (0600): pids, version, clients. Written when ready, removed on exit. */
  readonly status: string;
  /** Held by the live supervisor: its pid, created with O_EXCL. */
  readonly lock: string;
  /** The supervisor's log (appended). */
  readonly log: string;
  /** A 0700 directory for codex's own socket, which only the supervisor connects to. */
  readonly internalDir: string;
  readonly internalSocket: string;
}

/** The default CODEX_HOME codex itself uses: `$CODEX_HOME`, else ~/.codex. */
export function defaultCodexHome(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.CODEX_HOME ?? join(homedir(), ".codex");
}

/** Paths for a codex home (or an explicit state directory). */
export function sharedServerPaths(where: { codexHome?: string; stateDir?: string }): SharedServerPaths {
  const codexHome = resolve(where.codexHome ?? defaultCodexHome());
  const stateDir = resolve(where.stateDir ?? join(codexHome, "sdk-shared-server"));
  const internalDir = join(stateDir, "internal");
  return {
    codexHome,
    stateDir,
    socket: join(stateDir, "app-server.sock"),
    token: join(stateDir, "token"),
    status: join(stateDir, "server.json"),
    lock: join(stateDir, "supervisor.lock"),
    log: join(stateDir, "supervisor.log"),
    internalDir,
    internalSocket: join(internalDir, "codex.sock"),
  };
}
