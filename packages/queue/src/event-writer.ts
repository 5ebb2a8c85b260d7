import type { Redis } from "ioredis";
import { RECORD_FIELD, type StreamRecord } from "./event-record.js";

/**
 * Appends a job's records to its Redis stream in call order. Commands on one ioredis connection run in
 * the order sent, so records are not awaited one by one; `flush()` waits for all and surfaces an error.
 */
export class EventWriter {
  #last: Promise<unknown> = Promise.resolve();
  #error: unknown;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  write(record: StreamRecord): void {
    this.#last = this.redis
      .xadd(this.key, "*", RECORD_FIELD, JSON.stringify(record))
      .catch((error: unknown) => {
        this.#error ??= error;
      });
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
