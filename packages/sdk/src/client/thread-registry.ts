import type { ThreadRequestScope } from "./request-scope.js";

/**
 * The thread objects a client handed out, by id, each with the request scope it stands for. Held weakly:
 * a client that starts many threads must not keep them all alive. The latest object of an id wins.
 */
export class ThreadRegistry {
  readonly #threads = new Map<string, WeakRef<object>>();
  /** Keyed by the object, so a scope (which may close over it) goes when the object does. */
  readonly #scopes = new WeakMap<object, () => ThreadRequestScope>();

  adopt<T extends object>(threadId: string, thread: T, scope: () => ThreadRequestScope): T {
    for (const [id, ref] of this.#threads) if (!ref.deref()) this.#threads.delete(id);
    this.#threads.set(threadId, new WeakRef(thread));
    this.#scopes.set(thread, scope);
    return thread;
  }

  /** The object adopted for `threadId`, while it is alive. */
  get(threadId: string | undefined): object | undefined {
    return threadId === undefined ? undefined : this.#threads.get(threadId)?.deref();
  }

  requestScope(threadId: string | undefined): ThreadRequestScope | undefined {
    const thread = this.get(threadId);
    return thread ? this.#scopes.get(thread)?.() : undefined;
  }
}
