import { liveServer } from "./launcher.js";
import { lockHolder } from "./lock.js";
import { sharedServerPaths } from "./paths.js";
import { SharedServerError } from "./shared-server-error.js";
import { fileTail, isAlive, readStatusFile } from "./state-files.js";

/** Which shared server: that of a CODEX_HOME (default `$CODEX_HOME`, else ~/.codex), or a state directory. */
export interface SharedServerLocation {
  readonly codexHome?: string;
  readonly stateDir?: string;
}

/** What `sharedServerStatus` reports. */
export interface SharedServerStatus {
  /** A supervisor is ready and its socket accepts connections. */
  readonly running: boolean;
  readonly stateDir: string;
  readonly socketPath: string;
  readonly supervisorPid?: number;
  readonly codexPid?: number;
  readonly codexVersion?: string;
  readonly startedAt?: string;
  readonly idleTimeoutMs?: number;
  /** Client connections open now (as of the supervisor's last change to server.json). */
  readonly clients?: number;
}

/** Reads `<stateDir>/server.json` and checks the supervisor is alive and its socket accepts. */
export async function sharedServerStatus(where: SharedServerLocation = {}): Promise<SharedServerStatus> {
  const paths = sharedServerPaths(where);
  const base = { stateDir: paths.stateDir, socketPath: paths.socket };
  const live = await liveServer(paths);
  if (!live) return { running: false, ...base };
  const { status } = live;
  return {
    running: true,
    ...base,
    supervisorPid: status.supervisorPid,
    codexPid: status.codexPid,
    ...(status.codexVersion !== undefined && { codexVersion: status.codexVersion }),
    startedAt: status.startedAt,
    idleTimeoutMs: status.idleTimeoutMs,
    clients: status.clients,
  };
}

/**
 * Stops the shared server gracefully: SIGTERM to the supervisor, which drops its clients, stops codex and
 * removes its files. Resolves once the supervisor exited (false when none was running); rejects with
 * SharedServerError after `timeoutMs` (default 15 s).
 */
export async function stopSharedServer(
  where: SharedServerLocation & { readonly timeoutMs?: number } = {},
): Promise<boolean> {
  const paths = sharedServerPaths(where);
  // The lock names the supervisor even while it is starting or already stopping (server.json is gone then).
  const pid = (await lockHolder(paths.lock)) ?? (await readStatusFile(paths))?.supervisorPid;
  if (pid === undefined || !isAlive(pid)) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + (where.timeoutMs ?? 15_000);
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new SharedServerError(`supervisor ${pid} still running after SIGTERM`, await fileTail(paths.log));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
