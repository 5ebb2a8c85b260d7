import type { Queue } from "bullmq";

/** How many turn jobs of one queue are in each state (a snapshot; BullMQ's counts plus the queue's own). */
export interface QueueStats {
  readonly queueName: string;
  /** Waiting to be picked up (waiting and prioritized jobs; in a paused queue they wait too). */
  readonly waiting: number;
  /** Running on a worker now. */
  readonly running: number;
  /** Delayed by a retry backoff or by the fleet rate limiter; `waitingOnRateLimit` of them for the latter. */
  readonly delayed: number;
  /** Delayed because the fleet's rate limit (concurrency, tokens per minute, shared backoff) was reached. */
  readonly waitingOnRateLimit: number;
  /** Failed for good and still kept (see `keepJobsSeconds`). */
  readonly failed: number;
  /** Completed and still kept. */
  readonly completed: number;
  /** When the counts were read (ms since the epoch). */
  readonly at: number;
}

/**
 * Reads the counts of a queue. `rateLimited` counts the jobs the fleet limiter put back to wait (it keeps
 * their ids in a sorted set); absent, `waitingOnRateLimit` is 0.
 */
export async function readQueueStats(
  queue: Pick<Queue, "name" | "getJobCounts">,
  rateLimited?: () => Promise<number>,
): Promise<QueueStats> {
  const [counts, waitingOnRateLimit] = await Promise.all([
    queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed", "completed"),
    rateLimited ? rateLimited() : Promise.resolve(0),
  ]);
  const count = (state: string): number => counts[state] ?? 0;
  return {
    queueName: queue.name,
    waiting: count("waiting") + count("prioritized"),
    running: count("active"),
    delayed: count("delayed"),
    waitingOnRateLimit,
    failed: count("failed"),
    completed: count("completed"),
    at: Date.now(),
  };
}
