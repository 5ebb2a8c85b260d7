import { CodexError } from "@codex/runtime";
import { DEFAULT_QUEUE_NAME, queueKeys } from "./keys.js";
import { closeRedis, openRedis, type QueueConnection } from "./redis-connection.js";
import { RedisRolloutStore } from "./redis-rollout-store.js";
import { writeRolloutIntoHome } from "./rollout-files.js";
import type { RolloutStore } from "./rollout-store.js";
import { ThreadCoordination } from "./thread-coordination.js";

export interface RestoreThreadOptions {
  readonly connection: QueueConnection;
  readonly queueName?: string;
  /** The store the workers use. Default: rollouts in Redis. */
  readonly store?: RolloutStore;
  /** The queue's thread id. */
  readonly threadId: string;
  /** A CODEX_HOME to write the rollout into (then `codex.resumeThread` / `thread/read` it there). */
  readonly codexHome: string;
}

export interface RestoredThread {
  /** Codex's id of the thread (what `thread/read` and `resumeThread` take). */
  readonly codexThreadId: string;
  /** Turns committed so far. */
  readonly version: number;
  /** The rollout file written into `codexHome`. */
  readonly path: string;
}

/**
 * Copies a thread's last committed rollout into a CODEX_HOME, e.g. to read its history with a Codex
 * client outside the workers. Throws CodexError when the thread has no committed turn yet.
 */
export async function restoreThread(options: RestoreThreadOptions): Promise<RestoredThread> {
  const redis = openRedis(options.connection);
  // Commands wait out an outage; without a listener ioredis would print each reconnect error.
  redis.on("error", () => {});
  try {
    const keys = queueKeys(options.queueName ?? DEFAULT_QUEUE_NAME);
    const coordination = new ThreadCoordination(redis, keys);
    const stored = await coordination.read(options.threadId);
    if (!stored?.codexThreadId || !stored.rolloutPath || stored.version === 0) {
      throw new CodexError(`Thread ${options.threadId} has no committed turn.`);
    }
    const store = options.store ?? new RedisRolloutStore(redis, keys.rolloutPrefix);
    const rollout = await store.get(options.threadId, stored.version);
    const path = await writeRolloutIntoHome(options.codexHome, stored.rolloutPath, rollout);
    return { codexThreadId: stored.codexThreadId, version: stored.version, path };
  } finally {
    await closeRedis(redis);
  }
}
