import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamRecord } from "../src/event-record.js";
import { EventWriter } from "../src/event-writer.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";

let server: RedisServer;

const delta = (text: string) =>
  ({ method: "item/agentMessage/delta", params: { delta: text, itemId: "m1" } }) as unknown as StreamRecord;
const other = (n: number) =>
  ({
    method: "item/started",
    params: { item: { id: `i${n}`, type: "reasoning" } },
  }) as unknown as StreamRecord;

describe("EventWriter while Redis does not answer (real redis-server, frozen)", () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("keeps every record up to its bound, then drops only streaming deltas, and sends the rest when Redis answers", async () => {
    const redis = new Redis({ ...server.connection, maxRetriesPerRequest: null });
    await redis.ping();
    const dropping: number[] = [];
    const writer = new EventWriter(redis, "events:bounded", 3, (unsent) => dropping.push(unsent));
    const frozen = server.outage("freeze", 500);
    writer.write(other(1));
    writer.write(delta("a"));
    writer.write(other(2));
    // Three records wait for Redis now: deltas from here on are dropped, other records still kept.
    for (const text of ["b", "c", "d"]) writer.write(delta(text));
    writer.write(other(3));
    await frozen;
    await writer.flush();
    const entries = await redis.xrange("events:bounded", "-", "+");
    const methods = entries.map(([, fields]) => (JSON.parse(fields[1] ?? "{}") as StreamRecord).method);
    expect(methods).toEqual(["item/started", "item/agentMessage/delta", "item/started", "item/started"]);
    expect(writer.dropped).toBe(3);
    expect(dropping).toEqual([3]);
    redis.disconnect();
  });
});
