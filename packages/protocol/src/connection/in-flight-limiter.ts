import type { CallScope } from "./call-scope.js";

/**
 * Caps requests in flight. Under overload codex drops replies (protocol.md section 11), so an
 * unbounded pipeline turns into requests that never answer; waiting here keeps us below its queue.
 */
export class InFlightLimiter {
  private active = 0;
  private readonly waiters: Array<{ grant: () => void; reject: (error: Error) => void }> = [];

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** Resolves when a slot is free; rejects if the scope fails first. */
  acquire(scope: CallScope): Promise<void> {
    if (scope.failure) return Promise.reject(scope.failure);
    if (this.max <= 0 || this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          unsubscribe();
          this.active++;
          resolve();
        },
        reject: (error: Error) => {
          unsubscribe();
          reject(error);
        },
      };
      const unsubscribe = scope.onFail((error) => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(error);
      });
      this.waiters.push(waiter);
    });
  }

  release(): void {
    this.active--;
    this.waiters.shift()?.grant();
  }

  /** Rejects everyone still waiting (the connection closed). */
  rejectAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}
