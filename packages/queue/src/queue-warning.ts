/**
 * Something the queue handled without failing a job: Redis went away and came back, a lock that expired
 * meanwhile was taken back, an attempt found its turn taken over, events were dropped past the buffer.
 * Delivered to `onWarning` of the producer or worker, or as a process warning (type "CodexQueueWarning")
 * when that is not set.
 */
export interface QueueWarning {
  readonly kind: /** A Redis connection dropped; commands wait (nothing fails) and are sent once it is back. */
    | "redisConnectionLost"
    /** Every connection is back; `downMs` says for how long Redis was unreachable. */
    | "redisConnectionRestored"
    /** A thread lock that expired while Redis was unreachable was taken back; nobody else had it. */
    | "threadLockReclaimed"
    /** BullMQ's job lock expired while Redis was unreachable and was taken back before a stalled check. */
    | "jobLockReclaimed"
    /** BullMQ moved the running job as stalled; its next attempt waits for this one's commit and replays it. */
    | "jobLockLost"
    /** Another attempt owns the thread now (`owner`): this attempt stopped its turn and commits nothing. */
    | "attemptSuperseded"
    /** Past `maxBufferedEvents` unsent records, streaming deltas were dropped (`item/completed` has the text). */
    | "eventsDropped"
    /** A turn's fleet rate-limit slot expired while it ran (Redis was away longer than `leaseTtlMs`). */
    | "rateLimitLeaseLost"
    /** Any other error from Redis or BullMQ that did not fail a job. */
    | "redisError";
  readonly message: string;
  readonly jobId?: string;
  readonly threadId?: string;
  /** `attemptSuperseded`: who owns the thread, e.g. `job 1f… on worker w2`. */
  readonly owner?: string;
  /** `redisConnectionRestored`: how long the connection was down. */
  readonly downMs?: number;
  readonly error?: Error;
}

export type QueueWarningListener = (warning: QueueWarning) => void;

/** A warning delivery that never throws: to `onWarning`, or `process.emitWarning` without one. */
export function warningSink(onWarning: QueueWarningListener | undefined): QueueWarningListener {
  return (warning) => {
    try {
      if (onWarning) onWarning(warning);
      else process.emitWarning(warning.message, { type: "CodexQueueWarning", code: warning.kind });
    } catch {
      // A listener that throws must not break the connection handling that called it.
    }
  };
}
