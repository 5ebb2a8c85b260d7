import { RECORD_FIELD, type StreamRecord } from "./event-record.js";
import { closeRedis, type RedisClient } from "./redis-connection.js";

type Consumer = (records: readonly StreamRecord[]) => void;

/** How long one read blocks on a Redis Cluster (no CLIENT UNBLOCK there): a new stream's wait at most. */
const CLUSTER_BLOCK_MS = 100;

interface Subscription {
  lastId: string;
  readonly consume: Consumer;
}

/**
 * Reads many job streams over one blocking connection (`XREAD BLOCK` on all of them). A stream added
 * while a read is blocked wakes it with `CLIENT UNBLOCK` from the command connection. On a Redis Cluster
 * the command connection may reach another node than the read, so reads block for at most
 * CLUSTER_BLOCK_MS instead and a new stream joins the next one. Every stream is read from its start, so a
 * handle created late still sees every event, in order.
 */
export class StreamReader {
  readonly #subscriptions = new Map<string, Subscription>();
  #clientId: number | undefined;
  #blocked = false;
  /** Counts XREAD calls, so an unblock meant for one read never hits the next. */
  #reads = 0;
  #closed = false;
  #wake: (() => void) | undefined;
  readonly #loop: Promise<void>;

  constructor(
    private readonly reader: RedisClient,
    private readonly commands: RedisClient,
  ) {
    // A reconnected connection has a new client id: look it up again before the next read.
    reader.on("close", () => {
      this.#clientId = undefined;
    });
    this.#loop = this.#run();
  }

  add(key: string, consume: Consumer): void {
    this.#subscriptions.set(key, { lastId: "0", consume });
    this.#interrupt();
  }

  remove(key: string): void {
    this.#subscriptions.delete(key);
  }

  /** Reads what is in the stream now, past what was delivered (used when a job failed without a last record). */
  async drain(key: string): Promise<void> {
    const subscription = this.#subscriptions.get(key);
    if (!subscription) return;
    const entries = await this.commands.xrange(key, `(${subscription.lastId}`, "+");
    this.#deliver(subscription, entries);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#interrupt();
    await this.#loop;
    await closeRedis(this.reader);
  }

  async #run(): Promise<void> {
    const cluster = this.reader.isCluster;
    while (!this.#closed) {
      if (!cluster && this.#clientId === undefined) {
        try {
          this.#clientId = Number(await this.reader.client("ID"));
        } catch {
          if (this.#closed) return;
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
      }
      const keys = [...this.#subscriptions.keys()];
      if (keys.length === 0) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
        continue;
      }
      const ids = keys.map((key) => this.#subscriptions.get(key)?.lastId ?? "0");
      let reply: [string, [string, string[]][]][] | null;
      this.#blocked = true;
      this.#reads += 1;
      try {
        reply = (await this.reader.xread(
          "COUNT",
          1000,
          "BLOCK",
          cluster ? CLUSTER_BLOCK_MS : 5000,
          "STREAMS",
          ...keys,
          ...ids,
        )) as typeof reply;
      } catch (error) {
        if (this.#closed) return;
        if (/UNBLOCKED/.test(String(error))) continue;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      } finally {
        this.#blocked = false;
      }
      for (const [key, entries] of reply ?? []) {
        const subscription = this.#subscriptions.get(key);
        if (subscription) this.#deliver(subscription, entries);
      }
    }
  }

  #deliver(subscription: Subscription, entries: [string, string[]][]): void {
    const records: StreamRecord[] = [];
    for (const [id, fields] of entries) {
      if (!isAfter(id, subscription.lastId)) continue;
      subscription.lastId = id;
      const index = fields.indexOf(RECORD_FIELD);
      const raw = index >= 0 ? fields[index + 1] : undefined;
      if (raw !== undefined) records.push(JSON.parse(raw) as StreamRecord);
    }
    if (records.length > 0) subscription.consume(records);
  }

  #interrupt(): void {
    this.#wake?.();
    const read = this.#reads;
    const tryUnblock = (triesLeft: number): void => {
      if (!this.#blocked || this.#reads !== read || this.#clientId === undefined) return;
      this.commands.client("UNBLOCK", this.#clientId, "ERROR").then(
        // 0: the XREAD was sent but Redis had not blocked on it yet; try again in a moment.
        (unblocked) => {
          if (unblocked === 0 && triesLeft > 0) setTimeout(() => tryUnblock(triesLeft - 1), 5);
        },
        () => {},
      );
    };
    tryUnblock(100);
  }
}

/** Stream ids are `<ms>-<seq>`; compare numerically so a drain and a read never deliver twice. */
function isAfter(id: string, last: string): boolean {
  const [ms, seq] = id.split("-").map(Number) as [number, number];
  const [lastMs, lastSeq] = last.split("-").map(Number) as [number, number | undefined];
  return ms > lastMs || (ms === lastMs && seq > (lastSeq ?? -1));
}
