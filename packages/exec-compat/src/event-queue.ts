// A small push/pull queue between the notification listener (push, synchronous) and the turn's
// async generator (pull). It holds one turn's events; the turn ends it once.

export class EventQueue<T> {
  readonly #items: T[] = [];
  #waiter: (() => void) | undefined;
  #ended = false;

  push(...items: T[]): void {
    if (this.#ended || items.length === 0) return;
    this.#items.push(...items);
    this.#wake();
  }

  end(): void {
    this.#ended = true;
    this.#wake();
  }

  /** The next item, or undefined once the queue ended and is drained. */
  async next(): Promise<T | undefined> {
    while (this.#items.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
    return this.#items.shift();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}
