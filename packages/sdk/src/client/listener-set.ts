import type { Subscription } from "@codex/app-server-protocol";
import { subscription } from "@codex/app-server-protocol/light";
import type { CodexWarning } from "./warnings.js";

/**
 * Stops listening when called; also `Disposable`, so `using sub = turn.on(...)` stops it at scope end.
 * Every `on…` method of the SDK returns one, made by the protocol's `subscription()`, so a connection's
 * handles and a turn's look and behave the same.
 */
export { type Subscription, subscription };

/** Adds `listener` to the set kept for `key` (made on first use); the Subscription removes it again. */
export function addKeyedListener<K, L>(listeners: Map<K, Set<L>>, key: K, listener: L): Subscription {
  let set = listeners.get(key);
  if (!set) {
    set = new Set();
    listeners.set(key, set);
  }
  set.add(listener);
  const owner = set;
  return subscription(() => owner.delete(listener));
}

/** Listeners of one kind of event. A throwing listener is reported as a warning, never rethrown. */
export class ListenerSet<E> {
  readonly #listeners = new Set<(event: E) => void>();
  readonly #label: string;
  readonly #warn: (warning: CodexWarning) => void;

  constructor(label: string, warn: (warning: CodexWarning) => void) {
    this.#label = label;
    this.#warn = warn;
  }

  add(listener: (event: E) => void): Subscription {
    this.#listeners.add(listener);
    return subscription(() => this.#listeners.delete(listener));
  }

  get size(): number {
    return this.#listeners.size;
  }

  emit(event: E): void {
    if (this.#listeners.size === 0) return;
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#warn(listenerWarning(this.#label, error));
      }
    }
  }
}

/** The warning for a listener that threw. */
export function listenerWarning(label: string, error: unknown, method?: string): CodexWarning {
  return {
    kind: "listenerError",
    message: `A ${label} listener threw: ${error instanceof Error ? error.message : String(error)}`,
    ...(method !== undefined && { method }),
    error: error instanceof Error ? error : new Error(String(error)),
  };
}
