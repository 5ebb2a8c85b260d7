// Which session of this process holds (has loaded) which thread. codex lets one app-server write a
// thread at a time; with `codex exec` every turn was a new process, so any `Codex` could resume any idle
// thread. Here a thread stays loaded in the app-server that ran it, so another `Codex` in the same
// program asks that server to let go of an idle thread before resuming it.

/** What a holder must offer: whether a turn runs on the thread, and a way to unload it. */
export interface ThreadHolder {
  readonly dead: boolean;
  isRunning(threadId: string): boolean;
  unload(threadId: string): Promise<void>;
}

const holders = new Map<string, ThreadHolder>();

export function recordHolder(threadId: string, holder: ThreadHolder): void {
  holders.set(threadId, holder);
}

export function forgetHolder(threadId: string, holder: ThreadHolder): void {
  if (holders.get(threadId) === holder) holders.delete(threadId);
}

/**
 * Before `session` resumes `threadId`: another live session holding it idle unloads it first.
 * True when it did (codex completes the unload in the background; the resume may have to wait).
 */
export async function takeOver(threadId: string, session: ThreadHolder): Promise<boolean> {
  const holder = holders.get(threadId);
  if (!holder || holder === session) return false;
  holders.delete(threadId);
  if (holder.dead || holder.isRunning(threadId)) return false;
  try {
    await holder.unload(threadId);
    return true;
  } catch {
    // It may have exited meanwhile; the resume reports whatever is still wrong.
    return false;
  }
}
