// The public verbs on the shared server, each loading its implementation on first call: the SDK's entry
// stays as light for apps that never use a shared server.
import type { SharedServerLocation, SharedServerStatus } from "./control.js";

export type { SharedServerLocation, SharedServerStatus } from "./control.js";

/**
 * Whether the shared server of a CODEX_HOME (default `$CODEX_HOME`, else ~/.codex) runs, with its pids,
 * codex version and client count. Reads its status file and checks the supervisor's socket accepts.
 */
export async function sharedServerStatus(where: SharedServerLocation = {}): Promise<SharedServerStatus> {
  return (await import("./control.js")).sharedServerStatus(where);
}

/**
 * Stops the shared server gracefully (its clients are dropped; turns still running stop with codex).
 * Resolves true once it exited, false when none was running; rejects with SharedServerError after
 * `timeoutMs` (default 15 s).
 */
export async function stopSharedServer(
  where: SharedServerLocation & { readonly timeoutMs?: number } = {},
): Promise<boolean> {
  return (await import("./control.js")).stopSharedServer(where);
}
