import { CodexAbortError, CodexTimeoutError } from "../errors.js";

/**
 * The deadline and cancellation of one call: fires once, with a CodexTimeoutError when `timeoutMs` passes
 * or a CodexAbortError (keeping `signal.reason`) when the caller's signal aborts. Both reject locally;
 * the server is not told (codex does not implement `$/cancelRequest`).
 */
export class CallScope {
  private error: Error | undefined;
  private readonly listeners = new Set<(error: Error) => void>();
  private timer: NodeJS.Timeout | undefined;
  private readonly removeAbortListener: (() => void) | undefined;

  constructor(
    readonly method: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ) {
    if (signal?.aborted) {
      this.error = new CodexAbortError(signal.reason, method);
      return;
    }
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => this.fail(new CodexTimeoutError(timeoutMs, method)), timeoutMs);
    }
    if (signal) {
      const onAbort = (): void => this.fail(new CodexAbortError(signal.reason, method));
      signal.addEventListener("abort", onAbort, { once: true });
      this.removeAbortListener = () => signal.removeEventListener("abort", onAbort);
    }
  }

  /** The error this scope ended with, if it has. */
  get failure(): Error | undefined {
    return this.error;
  }

  /** Calls `listener` when the scope fails (at once if it already has). Returns an unsubscribe. */
  onFail(listener: (error: Error) => void): () => void {
    if (this.error) {
      listener(this.error);
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits `ms`, or rejects early when the scope fails. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        resolve();
      }, ms);
      const unsubscribe = this.onFail((error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.removeAbortListener?.();
    this.listeners.clear();
  }

  private fail(error: Error): void {
    if (this.error) return;
    this.error = error;
    const listeners = [...this.listeners];
    this.dispose();
    for (const listener of listeners) listener(error);
  }
}
