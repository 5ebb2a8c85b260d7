import type { Queue } from "bullmq";
import type { RedisClient } from "./redis-connection.js";

/**
 * Takes back BullMQ's lock on a job this worker still runs, when it expired while Redis was unreachable
 * and no stalled check has moved the job yet (it is still in the active list): the lock is set again with
 * the worker's own token, so BullMQ's renewals and its completion succeed, and the job leaves the
 * stalled-candidates set so the next check does not retry it. Relies on BullMQ's key layout
 * (`<prefix>:<queue>:<jobId>:lock`, `active`, `stalled`), which is why bullmq is pinned exactly.
 */
const RECLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return 'held' end
if holder then return 'lost' end
if not redis.call('LPOS', KEYS[2], ARGV[3]) then return 'lost' end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SREM', KEYS[3], ARGV[3])
return 'reclaimed'`;

export type JobLockState = "held" | "reclaimed" | "lost";

export async function reclaimJobLock(
  redis: RedisClient,
  queue: Queue,
  jobId: string,
  bullToken: string,
  ttlMs: number,
): Promise<JobLockState> {
  return (await redis.eval(
    RECLAIM,
    3,
    `${queue.toKey(jobId)}:lock`,
    queue.toKey("active"),
    queue.toKey("stalled"),
    bullToken,
    String(ttlMs),
    jobId,
  )) as JobLockState;
}
