import type { QueueKeys } from "./keys.js";
import type { RedisClient } from "./redis-connection.js";

/** A producer's answer to a forwarded server request. No `result`: nobody answered (fail closed). */
export interface RemoteAnswer {
  readonly result?: unknown;
  /** The producer's handler threw (the worker answers fail-closed and records it). */
  readonly error?: string;
}

/**
 * The worker's one pub/sub connection: cancel requests for running jobs, and wake-ups for answers to
 * forwarded server requests. Messages only wake; the data is in keys, so a missed message costs a read.
 */
export class WorkerSignals {
  readonly #cancelHandlers = new Map<string, () => void>();
  readonly #answerWaiters = new Map<string, () => void>();

  private constructor(
    private readonly redis: RedisClient,
    private readonly keys: QueueKeys,
  ) {}

  static async start(subscriber: RedisClient, redis: RedisClient, keys: QueueKeys): Promise<WorkerSignals> {
    const signals = new WorkerSignals(redis, keys);
    subscriber.on("message", (channel: string, message: string) => {
      if (channel === keys.cancelChannel) signals.#cancelHandlers.get(message)?.();
      else if (channel === keys.answerChannel) signals.#answerWaiters.get(message)?.();
    });
    await subscriber.subscribe(keys.cancelChannel, keys.answerChannel);
    // Messages published while the connection was down are gone: once subscribed again, read the keys.
    subscriber.on("ready", () => {
      subscriber.subscribe(keys.cancelChannel, keys.answerChannel).then(
        () => signals.#recheck(),
        () => {},
      );
    });
    return signals;
  }

  async #recheck(): Promise<void> {
    for (const read of this.#answerWaiters.values()) read();
    for (const [jobId, onCancel] of this.#cancelHandlers) {
      if (await this.isCancelled(jobId).catch(() => false)) onCancel();
    }
  }

  /** Calls `onCancel` when the producer cancels `jobId` (also when it already had). */
  async watchCancel(jobId: string, onCancel: () => void): Promise<() => void> {
    this.#cancelHandlers.set(jobId, onCancel);
    if ((await this.redis.exists(this.keys.cancel(jobId))) === 1) onCancel();
    return () => this.#cancelHandlers.delete(jobId);
  }

  async isCancelled(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.cancel(jobId))) === 1;
  }

  /** Waits for the producer's answer; undefined when `signal` aborts first (timeout, turn over). */
  async waitForAnswer(requestKey: string, signal: AbortSignal): Promise<RemoteAnswer | undefined> {
    const key = this.keys.answer(requestKey);
    return new Promise<RemoteAnswer | undefined>((resolve, reject) => {
      let done = false;
      const finish = (answer: RemoteAnswer | undefined): void => {
        if (done) return;
        done = true;
        this.#answerWaiters.delete(requestKey);
        signal.removeEventListener("abort", onAbort);
        resolve(answer);
      };
      const read = (): void => {
        this.redis.get(key).then((raw) => {
          if (raw !== null) finish(JSON.parse(raw) as RemoteAnswer);
        }, reject);
      };
      const onAbort = (): void => finish(undefined);
      if (signal.aborted) return finish(undefined);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#answerWaiters.set(requestKey, read);
      read();
    });
  }
}
