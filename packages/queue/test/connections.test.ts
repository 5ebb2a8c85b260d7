// Producers and workers close every connection they opened, also the ones they made for BullMQ (which
// never closes a client it is handed): on a Redis Cluster and with a caller's ioredis client.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProducer } from "../src/index.js";
import { type RedisCluster, startRedisCluster } from "./support/redis-cluster.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";

let cluster: RedisCluster;
let single: RedisServer;
beforeAll(async () => {
  [cluster, single] = await Promise.all([startRedisCluster(3), startRedisServer()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([cluster?.stop(), single?.stop()]);
}, 60_000);

/** Client connections on a node, not counting the one asking. */
async function connectedClients(node: { host: string; port: number }): Promise<number> {
  const redis = new Redis({ ...node, lazyConnect: true });
  try {
    await redis.connect();
    const info = await redis.info("clients");
    return Number(/connected_clients:(\d+)/.exec(info)?.[1]) - 1;
  } finally {
    redis.disconnect();
  }
}

async function settle(read: () => Promise<number>, expected: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe("a closed producer leaves no connection open", () => {
  it("on a Redis Cluster ({ cluster: nodes })", async () => {
    const total = async () => {
      let sum = 0;
      for (const node of cluster.nodes) sum += await connectedClients(node);
      return sum;
    };
    const before = await total();
    const producer = await createProducer({ connection: { cluster: cluster.nodes }, queueName: "conn" });
    await producer.stats();
    expect(await total()).toBeGreaterThan(before);
    await producer.close();
    expect(await settle(total, before)).toBe(before);
  }, 60_000);

  it("with a caller's ioredis client (copied, and the copies closed; the caller's stays open)", async () => {
    const mine = new Redis(single.connection);
    try {
      await mine.ping();
      const before = await connectedClients(single.connection);
      const producer = await createProducer({ connection: mine, queueName: "conn" });
      await producer.stats();
      await producer.close();
      expect(await settle(() => connectedClients(single.connection), before)).toBe(before);
      expect(await mine.ping()).toBe("PONG");
    } finally {
      mine.disconnect();
    }
  }, 60_000);
});
