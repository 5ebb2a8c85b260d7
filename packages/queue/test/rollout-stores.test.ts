import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodexError } from "@codex/runtime";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectoryRolloutStore, RedisRolloutStore, type RolloutStore } from "../src/index.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";

let redisServer: RedisServer;
let redis: Redis;
let dir: string;
beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.connection);
  dir = await mkdtemp(join(tmpdir(), "codex-queue-store-test-"));
});
afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => RolloutStore][] = [
  ["RedisRolloutStore", () => new RedisRolloutStore(redis)],
  ["DirectoryRolloutStore", () => new DirectoryRolloutStore(dir)],
];

describe.each(stores)("%s", (_name, makeStore) => {
  it("keeps each version's bytes apart, and deletes one without touching the others", async () => {
    const store = makeStore();
    const v1 = Buffer.from('{"type":"session_meta"}\n');
    const v2 = Buffer.concat([v1, Buffer.from('{"type":"event_msg","payload":{"text":"é ✓"}}\n')]);
    await store.put("thread-a", 1, v1);
    await store.put("thread-a", 2, v2);
    expect((await store.get("thread-a", 1)).equals(v1)).toBe(true);
    expect((await store.get("thread-a", 2)).equals(v2)).toBe(true);
    await store.delete("thread-a", 1);
    await expect(store.get("thread-a", 1)).rejects.toBeInstanceOf(CodexError);
    expect((await store.get("thread-a", 2)).equals(v2)).toBe(true);
  });

  it("overwrites an orphan blob of a failed attempt at the same version", async () => {
    const store = makeStore();
    await store.put("thread-b", 1, Buffer.from("orphan"));
    await store.put("thread-b", 1, Buffer.from("committed"));
    expect((await store.get("thread-b", 1)).toString()).toBe("committed");
  });
});

it("DirectoryRolloutStore leaves no temp files behind", async () => {
  const store = new DirectoryRolloutStore(dir);
  await store.put("thread-c", 3, Buffer.from("x"));
  expect(await readdir(join(dir, "thread-c"))).toEqual(["3.jsonl"]);
});
