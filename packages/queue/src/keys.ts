/**
 * Redis key names of one queue. Its state lives under `codexq:{<queue>}:`, and BullMQ keeps its own keys
 * under `bull:{<queue>}:<queue>:` (see `bullPrefix`): the `{<queue>}` hash tag puts them in one Redis
 * Cluster slot, as the queue's multi-key scripts (ours and BullMQ's) require. Stored rollouts, the bulk of
 * the data and only ever read or written one key at a time, are `codexq:rollout:<queue>:<thread>:<version>`
 * with no hash tag, so a cluster spreads them over its primaries.
 */
export interface QueueKeys {
  /** Hash: version, codexThreadId, rolloutPath, lastJobId, lastResult, options. */
  thread(threadId: string): string;
  /** List of job ids of the thread's turns not yet finished, in enqueue order (the head runs next). */
  pending(threadId: string): string;
  /** The thread's lock: `<jobId>|<workerId>|<nonce>` of the attempt allowed to run its turn and commit. */
  lock(threadId: string): string;
  /** Stream of the job's events (worker -> producer). */
  events(jobId: string): string;
  /** The outcome a committed job stored, for a later attempt of it to replay. */
  outcome(jobId: string): string;
  /** Set when the producer cancelled the job. */
  cancel(jobId: string): string;
  /** The producer's answer to one forwarded server request. */
  answer(requestKey: string): string;
  /** Key prefix of the default RedisRolloutStore's rollouts (not hash-tagged: spread over a cluster). */
  readonly rolloutPrefix: string;
  /** Key prefix of the fleet rate limiter's keys (see FleetLimiter): in the queue's slot. */
  readonly limiterPrefix: string;
  /** Sorted set: jobs waiting on the fleet rate limit, scored by when they try again. */
  readonly rateLimited: string;
  /** Pub/sub channel: job ids to cancel. */
  readonly cancelChannel: string;
  /** Pub/sub channel: request keys that have an answer. */
  readonly answerChannel: string;
}

export function queueKeys(queueName: string): QueueKeys {
  const base = `codexq:{${queueName}}`;
  return {
    thread: (threadId) => `${base}:thread:${threadId}`,
    pending: (threadId) => `${base}:thread:${threadId}:pending`,
    lock: (threadId) => `${base}:thread:${threadId}:lock`,
    events: (jobId) => `${base}:job:${jobId}:events`,
    cancel: (jobId) => `${base}:job:${jobId}:cancel`,
    outcome: (jobId) => `${base}:job:${jobId}:outcome`,
    answer: (requestKey) => `${base}:answer:${requestKey}`,
    rolloutPrefix: `codexq:rollout:${queueName}`,
    limiterPrefix: `${base}:limit`,
    rateLimited: `${base}:rate-limited`,
    cancelChannel: `${base}:cancel`,
    answerChannel: `${base}:answers`,
  };
}

/** Default BullMQ queue name. */
export const DEFAULT_QUEUE_NAME = "codex-turns";

/** The BullMQ `prefix` of a queue: hash-tagged with the queue name, so BullMQ's keys share its slot. */
export function bullPrefix(queueName: string): string {
  return `bull:{${queueName}}`;
}
