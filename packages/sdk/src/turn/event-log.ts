/**
 * An append-only log that any number of async iterators read from their own cursor. A turn's events are
 * few enough to keep, so late readers (a second `for await`, `textStream` after the fact) miss nothing.
 */
export class EventLog<T> {
  readonly #entries: T[] = [];
  #ended = false;
  #failure: { error: unknown } | undefined;
  #wakeUps: Array<() => void> = [];

  get ended(): boolean {
    return this.#ended;
  }

  get entries(): readonly T[] {
    return this.#entries;
  }

  push(entry: T): void {
    if (this.#ended) return;
    this.#entries.push(entry);
    this.#wake();
  }

  /** Ends the log; readers drain what is left, then finish (or throw `error` when given). */
  end(error?: { error: unknown }): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#failure = error;
    this.#wake();
  }

  /**
   * A reader that maps entries (skipping `undefined`). `onEarlyExit` runs when the consumer stops
   * before the log ended (`break`, `return`, a throw in the loop body).
   */
  reader<U>(map: (entry: T) => U | undefined, onEarlyExit?: () => void): AsyncIterableIterator<U> {
    let cursor = 0;
    const next = async (): Promise<IteratorResult<U>> => {
      for (;;) {
        while (cursor < this.#entries.length) {
          const mapped = map(this.#entries[cursor++] as T);
          if (mapped !== undefined) return { value: mapped, done: false };
        }
        if (this.#ended) {
          if (this.#failure) throw this.#failure.error;
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => this.#wakeUps.push(resolve));
      }
    };
    const iterator: AsyncIterableIterator<U> = {
      next,
      return: async () => {
        cursor = Number.POSITIVE_INFINITY;
        if (!this.#ended) onEarlyExit?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  #wake(): void {
    for (const wake of this.#wakeUps.splice(0)) wake();
  }
}
