import type { Disposable, Event } from "vscode-jsonrpc/node";

/**
 * A minimal event emitter shaped like vscode-jsonrpc's `Emitter`: the readers and writers need only this, and
 * loading vscode-jsonrpc's runtime for it would cost every import of the SDK ~25 ms.
 */
export class Emitter<T> {
  private listeners: Array<(event: T) => unknown> = [];
  private eventFunction: Event<T> | undefined;

  /** Subscribes a listener; the returned handle (also pushed to `disposables`) removes it. */
  get event(): Event<T> {
    this.eventFunction ??= (listener, thisArgs?: unknown, disposables?: Disposable[]) => {
      const bound = thisArgs === undefined ? listener : (event: T) => listener.call(thisArgs, event);
      this.listeners = [...this.listeners, bound];
      const handle: Disposable = {
        dispose: () => {
          this.listeners = this.listeners.filter((candidate) => candidate !== bound);
        },
      };
      disposables?.push(handle);
      return handle;
    };
    return this.eventFunction;
  }

  /** Calls every listener in subscription order; like vscode-jsonrpc, one that throws is logged, not fatal. */
  fire(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(error);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
