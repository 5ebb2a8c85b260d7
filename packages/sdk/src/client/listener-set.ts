/** A function that stops listening; also `dispose()` and `using`. */
export interface Subscription {
  (): void;
  dispose(): void;
  [Symbol.dispose](): void;
}

export function subscription(stop: () => void): Subscription {
  const fn = (() => stop()) as Subscription;
  fn.dispose = stop;
  fn[Symbol.dispose] = stop;
  return fn;
}

/** Listeners of one kind of event. A throwing listener is reported as a process warning, never rethrown. */
export class ListenerSet<E> {
  readonly #listeners = new Set<(event: E) => void>();

  constructor(private readonly label: string) {}

  add(listener: (event: E) => void): Subscription {
    this.#listeners.add(listener);
    return subscription(() => this.#listeners.delete(listener));
  }

  emit(event: E): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`A ${this.label} listener threw: ${String(error)}`, "CodexWarning");
      }
    }
  }
}
