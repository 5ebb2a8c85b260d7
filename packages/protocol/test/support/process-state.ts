import { eventually } from "./fake-connection.js";

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the process is gone (for a server the connection stops in the background). */
export function processGone(pid: number): Promise<true> {
  return eventually(() => (isAlive(pid) ? undefined : true));
}
