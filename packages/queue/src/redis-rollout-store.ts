import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { CodexError } from "@codex/runtime";
import type { RedisClient } from "./redis-connection.js";
import type { RolloutStore } from "./rollout-store.js";

const pack = promisify(gzip);
const unpack = promisify(gunzip);

/** Rollouts gzipped in Redis itself (the default): nothing else to deploy. */
export class RedisRolloutStore implements RolloutStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = "codexq:rollout",
  ) {}

  async put(threadId: string, version: number, rollout: Buffer): Promise<void> {
    await this.redis.set(this.#key(threadId, version), await pack(rollout));
  }

  async get(threadId: string, version: number): Promise<Buffer> {
    const packed = await this.redis.getBuffer(this.#key(threadId, version));
    if (!packed) throw new CodexError(`No stored rollout for thread ${threadId} version ${version}.`);
    return unpack(packed);
  }

  async delete(threadId: string, version: number): Promise<void> {
    await this.redis.del(this.#key(threadId, version));
  }

  #key(threadId: string, version: number): string {
    return `${this.prefix}:${threadId}:${version}`;
  }
}
