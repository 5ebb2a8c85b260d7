import type { Codex, Thread, ThreadOptions } from "@codex/app-server-sdk";

/**
 * Which codex thread a conversation lives in. Threads this provider loaded are reused as they are;
 * others (a thread id from an earlier process) are resumed. Conversation keys (history fingerprints and
 * caller conversation ids) are remembered up to a bound, oldest forgotten first.
 */
export class ThreadRegistry {
  readonly #threads = new Map<string, Promise<Thread>>();
  readonly #keys = new Map<string, string>();

  constructor(
    private readonly codex: () => Codex<boolean>,
    private readonly maxKeys: number,
  ) {}

  /** The thread remembered under `key`, if any. */
  threadIdFor(key: string): string | undefined {
    const threadId = this.#keys.get(key);
    if (threadId !== undefined) {
      // Refresh: a conversation in use is not the oldest.
      this.#keys.delete(key);
      this.#keys.set(key, threadId);
    }
    return threadId;
  }

  remember(key: string, threadId: string): void {
    this.#keys.delete(key);
    this.#keys.set(key, threadId);
    while (this.#keys.size > this.maxKeys) {
      const oldest = this.#keys.keys().next().value;
      if (oldest === undefined) break;
      this.#keys.delete(oldest);
    }
  }

  /** The loaded thread with this id, or the thread resumed from codex's storage. */
  open(threadId: string, options: ThreadOptions): Promise<Thread> {
    const known = this.#threads.get(threadId);
    if (known) return known;
    const resumed = this.codex().resumeThread(threadId, options);
    this.#track(threadId, resumed);
    return resumed;
  }

  async start(options: ThreadOptions): Promise<Thread> {
    const thread = await this.codex().startThread(options);
    this.#threads.set(thread.id, Promise.resolve(thread));
    return thread;
  }

  #track(threadId: string, thread: Promise<Thread>): void {
    this.#threads.set(threadId, thread);
    // A failed resume is not cached: the next call tries again.
    thread.catch(() => this.#threads.delete(threadId));
  }
}
