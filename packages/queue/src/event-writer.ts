import { RECORD_FIELD, type StreamRecord } from "./event-record.js";
import type { RedisClient } from "./redis-connection.js";

/** Unsent records a job may hold while Redis is unreachable before its streaming deltas are dropped. */
export const DEFAULT_MAX_BUFFERED_EVENTS = 10_000;

/**
 * Appends a job's records to its Redis stream in call order. Commands on one ioredis connection run in
 * the order sent, so records are not awaited one by one; `flush()` waits for all and surfaces an error.
 * While Redis is unreachable the records wait in ioredis's queue and go out when it is back. Past
 * `maxBuffered` unsent records, streaming deltas are dropped (counted, reported once): the `item/completed`
 * that follows carries the whole text, so the turn's items and result stay complete; every other
 * record is kept.
 */
export class EventWriter {
  #last: Promise<unknown> = Promise.resolve();
  #error: unknown;
  #unsent = 0;
  #dropped = 0;
  #closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly maxBuffered = DEFAULT_MAX_BUFFERED_EVENTS,
    private readonly onDropping: (unsent: number) => void = () => {},
  ) {}

  /** Deltas dropped so far past the bound. */
  get dropped(): number {
    return this.#dropped;
  }

  write(record: StreamRecord): void {
    if (this.#closed) return;
    if (this.#unsent >= this.maxBuffered && isDelta(record.method)) {
      if (this.#dropped++ === 0) this.onDropping(this.#unsent);
      return;
    }
    this.#unsent += 1;
    this.#last = this.redis
      .xadd(this.key, "*", RECORD_FIELD, JSON.stringify(record))
      .catch((error: unknown) => {
        this.#error ??= error;
      })
      .finally(() => {
        this.#unsent -= 1;
      });
  }

  /** Writes nothing more: another attempt owns the job's stream now. */
  close(): void {
    this.#closed = true;
  }

  async flush(): Promise<void> {
    await this.#last;
    if (this.#error !== undefined) throw this.#error;
  }

  /** Writes the terminal record, waits for everything, and lets the stream expire. */
  async end(record: StreamRecord, ttlSeconds: number): Promise<void> {
    this.write(record);
    await this.flush();
    await this.redis.expire(this.key, ttlSeconds);
    await this.redis.expire(`${this.key}:attempts`, ttlSeconds);
  }
}

/** `item/agentMessage/delta`, `item/commandExecution/outputDelta`, `item/reasoning/textDelta`, … */
function isDelta(method: string): boolean {
  return /(\/delta|Delta)$/.test(method);
}
