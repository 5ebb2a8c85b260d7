/**
 * Redis key names of one queue. Everything of a queue lives under `codexq:<queue>:`; BullMQ keeps its own
 * keys under `bull:<queue>:`.
 */
export interface QueueKeys {
  /** Hash: version, codexThreadId, rolloutPath, lastJobId, lastResult, options. */
  thread(threadId: string): string;
  /** List of job ids of the thread's turns not yet finished, in enqueue order (the head runs next). */
  pending(threadId: string): string;
  /** The thread's lock: `<jobId>:<nonce>` of the attempt allowed to run its turn and commit. */
  lock(threadId: string): string;
  /** Stream of the job's events (worker -> producer). */
  events(jobId: string): string;
  /** Set when the producer cancelled the job. */
  cancel(jobId: string): string;
  /** The producer's answer to one forwarded server request. */
  answer(requestKey: string): string;
  /** Pub/sub channel: job ids to cancel. */
  readonly cancelChannel: string;
  /** Pub/sub channel: request keys that have an answer. */
  readonly answerChannel: string;
}

export function queueKeys(queueName: string): QueueKeys {
  const base = `codexq:${queueName}`;
  return {
    thread: (threadId) => `${base}:thread:${threadId}`,
    pending: (threadId) => `${base}:thread:${threadId}:pending`,
    lock: (threadId) => `${base}:thread:${threadId}:lock`,
    events: (jobId) => `${base}:job:${jobId}:events`,
    cancel: (jobId) => `${base}:job:${jobId}:cancel`,
    answer: (requestKey) => `${base}:answer:${requestKey}`,
    cancelChannel: `${base}:cancel`,
    answerChannel: `${base}:answers`,
  };
}

/** Default BullMQ queue name. */
export const DEFAULT_QUEUE_NAME = "codex-turns";
