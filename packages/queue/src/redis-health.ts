import type { QueueWarning, QueueWarningListener } from "./queue-warning.js";
import type { RedisClient } from "./redis-connection.js";

/** What BullMQ's Queue, Worker and QueueEvents offer: their connections' errors, re-emitted. */
interface ErrorEmitter {
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** Errors that mean "Redis is unreachable", which the connection state already reports. */
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection is closed|Stream isn't writeable|connect ETIMEDOUT/i;

export function isConnectionError(error: unknown): boolean {
  return CONNECTION_ERROR.test(
    error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code)}` : String(error),
  );
}

/**
 * Follows every Redis connection of a producer or worker and turns their ups and downs into two
 * warnings per outage (lost, restored) instead of an ioredis 'error' per reconnect attempt, which
 * without a listener ioredis prints to stderr as "Unhandled error event".
 */
export class RedisHealth {
  readonly #down = new Set<string>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #since: number | undefined;
  #closed = false;

  constructor(private readonly warn: QueueWarningListener) {}

  /** One of our own ioredis connections. */
  watch(name: string, redis: RedisClient): RedisClient {
    redis.on("error", (error: Error) => {
      if (isConnectionError(error)) this.#lost(name, error);
      else this.#report({ kind: "redisError", message: `Redis (${name}): ${error.message}`, error });
    });
    redis.on("close", () => this.#lost(name, undefined));
    redis.on("ready", () => this.#restored(name));
    return redis;
  }

  /** A BullMQ object: its connection errors are the same outage our own connections report. */
  watchBull(name: string, emitter: ErrorEmitter, ignore?: RegExp): void {
    emitter.on("error", (error: Error) => {
      if (isConnectionError(error) || ignore?.test(error.message)) return;
      this.#report({ kind: "redisError", message: `BullMQ ${name}: ${error.message}`, error });
    });
  }

  /**
   * A Redis that stops answering without closing (stopped process, network partition) drops no
   * connection: a PING unanswered for `lateMs` counts as lost, its answer as restored.
   */
  probe(name: string, redis: RedisClient, lateMs: number): void {
    let sentAt: number | undefined;
    const timer = setInterval(
      () => {
        if (sentAt !== undefined) {
          const waited = Date.now() - sentAt;
          if (waited >= lateMs) this.#lost(name, new Error(`Redis has not answered for ${waited} ms`));
          return;
        }
        if (redis.status !== "ready") return;
        sentAt = Date.now();
        redis.ping().then(
          () => {
            sentAt = undefined;
            this.#restored(name);
          },
          () => {
            sentAt = undefined;
          },
        );
      },
      Math.max(50, Math.min(1_000, Math.floor(lateMs / 3))),
    );
    timer.unref();
    this.#timers.push(timer);
  }

  /** Closing: connections going away now are no outage. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
  }

  #lost(name: string, error: Error | undefined): void {
    if (this.#closed || this.#down.has(name)) return;
    this.#down.add(name);
    if (this.#since !== undefined) return;
    this.#since = Date.now();
    this.#report({
      kind: "redisConnectionLost",
      message: `Redis connection lost (${name}${error ? `: ${error.message}` : ""}); commands wait until it is back.`,
      ...(error && { error }),
    });
  }

  #restored(name: string): void {
    this.#down.delete(name);
    if (this.#closed || this.#since === undefined || this.#down.size > 0) return;
    const downMs = Date.now() - this.#since;
    this.#since = undefined;
    this.#report({
      kind: "redisConnectionRestored",
      message: `Redis connection restored after ${downMs} ms.`,
      downMs,
    });
  }

  #report(warning: QueueWarning): void {
    if (!this.#closed) this.warn(warning);
  }
}
