import { randomUUID } from "node:crypto";
import type { Input, ServerRequestHandlers } from "@codex/app-server-sdk";
import { Queue, QueueEvents } from "bullmq";
import { InvalidTurnJobError, QueueClosedError } from "./errors.js";
import { bullPrefix, DEFAULT_QUEUE_NAME, type QueueKeys, queueKeys } from "./keys.js";
import { type QueueStats, readQueueStats } from "./queue-stats.js";
import { type QueueWarningListener, warningSink } from "./queue-warning.js";
import {
  BullConnections,
  closeRedis,
  openRedis,
  type QueueConnection,
  type RedisClient,
} from "./redis-connection.js";
import { RedisHealth } from "./redis-health.js";
import { StreamReader } from "./stream-reader.js";
import { rateLimitedCount } from "./turn-admission.js";
import {
  assertThreadId,
  MAX_JOB_BYTES,
  type QueueThreadOptions,
  type QueueTurnOptions,
  type TurnJobData,
  validateThreadOptions,
  validateTurnJobData,
} from "./turn-job.js";
import { TurnJobHandle } from "./turn-job-handle.js";
import type { RemoteAnswer } from "./worker-signals.js";

export interface CreateProducerOptions {
  readonly connection: QueueConnection;
  /** BullMQ queue name; producers and workers must agree. Default "codex-turns". */
  readonly queueName?: string;
  /**
   * Handlers for server requests (approvals, user input, ...) of this producer's turns, forwarded by the
   * workers. Unanswered requests (no handler, or none in time) get the worker's fail-closed answer.
   */
  readonly serverRequests?: ServerRequestHandlers | readonly ServerRequestHandlers[];
  /** Forwarded-request answers are kept this long in Redis. Default 600 s. */
  readonly answerTtlSeconds?: number;
  /** Finished jobs are removed from BullMQ after this many seconds. Default 3 600 (failed: a day). */
  readonly keepJobsSeconds?: number;
  /**
   * Redis connection lost and restored (calls wait meanwhile, nothing fails), other Redis errors: see
   * QueueWarning. Default: process warnings (type "CodexQueueWarning").
   */
  readonly onWarning?: QueueWarningListener;
}

/** One turn to enqueue: on a thread the queue knows (`threadId`), or on a new one (`newThread`). */
export type EnqueueTurnRequest = (
  | { readonly threadId: string; readonly newThread?: undefined }
  | {
      /** Options of the new thread (data only); kept in Redis and used by every worker that resumes it. */
      readonly newThread: QueueThreadOptions;
      /** Name the new thread yourself (default: a random UUID). */
      readonly threadId?: string;
    }
) & {
  readonly input: Input;
  readonly turnOptions?: QueueTurnOptions;
  /** Handlers for this turn's server requests, tried before the producer's. */
  readonly serverRequests?: ServerRequestHandlers | readonly ServerRequestHandlers[];
};

export interface TurnQueueProducer extends AsyncDisposable {
  readonly queueName: string;
  /** The BullMQ queue (counts, pause, clean, ...). */
  readonly queue: Queue;
  /**
   * Validates and enqueues one turn. Rejects with InvalidTurnJobError for a bad payload or an unknown
   * thread, before anything is queued. Turns of one thread run one at a time, in enqueue order.
   */
  enqueueTurn(request: EnqueueTurnRequest): Promise<TurnJobHandle>;
  /**
   * Follows a job enqueued elsewhere (another process, or before a restart): its events from the first,
   * its result, `cancel()`. Rejects with InvalidTurnJobError when BullMQ does not know the job.
   */
  attach(
    jobId: string,
    options?: { readonly serverRequests?: ServerRequestHandlers | readonly ServerRequestHandlers[] },
  ): Promise<TurnJobHandle>;
  /**
   * How many of the queue's jobs wait, run, wait on the fleet rate limit, failed or completed: the ops
   * view of the queue (and what `observeQueues` of @codex/opentelemetry reports as metrics).
   */
  stats(): Promise<QueueStats>;
  /** Stops reading events; handles still pending reject with QueueClosedError. Jobs stay queued. */
  close(): Promise<void>;
}

/** The producer side: enqueues turns and follows their events and results. */
export async function createProducer(options: CreateProducerOptions): Promise<TurnQueueProducer> {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(queueName);
  const health = new RedisHealth(warningSink(options.onWarning));
  const redis = health.watch("commands", openRedis(options.connection));
  const reader = new StreamReader(health.watch("stream reader", openRedis(options.connection)), redis);
  const prefix = bullPrefix(queueName);
  const bull = new BullConnections(options.connection);
  const queue = new Queue(queueName, { connection: bull.next(), prefix });
  const queueEvents = new QueueEvents(queueName, { connection: bull.next(), prefix });
  const handles = new Map<string, TurnJobHandle>();
  queueEvents.on("failed", ({ jobId, failedReason }) => {
    const handle = handles.get(jobId);
    if (!handle) return;
    // The worker writes its last record before failing the job: read it first, if there is one.
    reader.drain(keys.events(jobId)).finally(() => handle.jobFailed(failedReason));
  });
  health.watchBull("queue events", queueEvents);
  health.watchBull("queue", queue);
  // A Redis that stops answering closes no connection: a PING unanswered for 3 s reports it.
  health.probe("commands (ping)", redis, 3_000);
  await Promise.all([queue.waitUntilReady(), queueEvents.waitUntilReady()]);
  const ttl = options.answerTtlSeconds ?? 600;
  const keepSeconds = options.keepJobsSeconds ?? 3_600;
  const producerHandlers = asList(options.serverRequests);
  const host = {
    answer: async (requestKey: string, answer: RemoteAnswer) => {
      await redis.set(keys.answer(requestKey), JSON.stringify(answer), "EX", ttl);
      await redis.publish(keys.answerChannel, requestKey);
    },
    cancel: async (jobId: string) => {
      await redis.set(keys.cancel(jobId), "1", "EX", 86_400);
      await redis.publish(keys.cancelChannel, jobId);
    },
    settled: (handle: TurnJobHandle) => {
      handles.delete(handle.jobId);
      reader.remove(keys.events(handle.jobId));
    },
  };
  /** Enqueues of one thread are chained so their order in Redis is the order of the calls. */
  const tails = new Map<string, Promise<unknown>>();
  let closed = false;

  const enqueue = async (request: EnqueueTurnRequest): Promise<TurnJobHandle> => {
    if (closed) throw new QueueClosedError("This producer is closed.");
    const { threadId, data } = prepare(request);
    if (request.newThread !== undefined) await createThread(redis, keys, threadId, request.newThread);
    else if ((await redis.exists(keys.thread(threadId))) === 0) {
      throw new InvalidTurnJobError("threadId", `the queue knows no thread ${threadId}`);
    }
    const jobId = randomUUID();
    const handle = new TurnJobHandle(host, jobId, threadId, [
      ...asList(request.serverRequests),
      ...producerHandlers,
    ]);
    handles.set(jobId, handle);
    reader.add(keys.events(jobId), (records) => handle.consume(records));
    // Listed first, queued second: a worker that sees the job always finds it in the thread's order.
    await redis.rpush(keys.pending(threadId), jobId);
    try {
      await queue.add("turn", data, {
        jobId,
        attempts: 1,
        removeOnComplete: { age: keepSeconds },
        removeOnFail: { age: keepSeconds * 24 },
      });
    } catch (error) {
      await redis.lrem(keys.pending(threadId), 1, jobId).catch(() => undefined);
      handle.abandon(error);
      throw error;
    }
    return handle;
  };

  const attach = async (
    jobId: string,
    attachOptions: {
      readonly serverRequests?: ServerRequestHandlers | readonly ServerRequestHandlers[];
    } = {},
  ): Promise<TurnJobHandle> => {
    if (closed) throw new QueueClosedError("This producer is closed.");
    const job = await queue.getJob(jobId);
    const data = job?.data as Partial<TurnJobData> | undefined;
    if (!job || typeof data?.threadId !== "string") {
      throw new InvalidTurnJobError("jobId", `the queue knows no turn job ${jobId}`);
    }
    const handle = new TurnJobHandle(host, jobId, data.threadId, [
      ...asList(attachOptions.serverRequests),
      ...producerHandlers,
    ]);
    handles.set(jobId, handle);
    reader.add(keys.events(jobId), (records) => handle.consume(records));
    // Failed before we listened, with no last record in its stream (stalled out, poison data).
    if ((await job.getState()) === "failed") {
      await reader.drain(keys.events(jobId));
      handle.jobFailed(job.failedReason);
    }
    return handle;
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const handle of handles.values()) handle.abandon(new QueueClosedError("The producer was closed."));
    health.close();
    await reader.close();
    await Promise.allSettled([queueEvents.close(), queue.close()]);
    await Promise.allSettled([closeRedis(redis), bull.close()]);
  };

  return {
    queueName,
    queue,
    attach,
    stats: () => readQueueStats(queue, () => rateLimitedCount(redis, keys)),
    enqueueTurn: (request) => {
      let prepared: { threadId: string };
      try {
        prepared = prepare(request);
      } catch (error) {
        return Promise.reject(error);
      }
      const previous = tails.get(prepared.threadId) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(() => enqueue(request));
      tails.set(prepared.threadId, next);
      next
        .finally(() => {
          if (tails.get(prepared.threadId) === next) tails.delete(prepared.threadId);
        })
        .catch(() => {});
      return next;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

const preparedIds = new WeakMap<EnqueueTurnRequest, string>();

/** Validates the request (throws InvalidTurnJobError) and builds the job payload. */
function prepare(request: EnqueueTurnRequest): { threadId: string; data: TurnJobData } {
  if (typeof request !== "object" || request === null)
    throw new InvalidTurnJobError("request", "expected an object");
  const hasThread = request.threadId !== undefined;
  if (request.newThread === undefined && !hasThread) {
    throw new InvalidTurnJobError("threadId", "give threadId (an existing thread) or newThread (options)");
  }
  if (request.newThread !== undefined) validateThreadOptions(request.newThread);
  if (hasThread) assertThreadId(request.threadId, "threadId");
  let threadId = preparedIds.get(request);
  if (threadId === undefined) {
    threadId = request.threadId ?? randomUUID();
    preparedIds.set(request, threadId);
  }
  const data: TurnJobData = {
    v: 1,
    threadId,
    input: request.input,
    ...(request.turnOptions !== undefined && { turnOptions: request.turnOptions }),
  };
  validateTurnJobData(data);
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_JOB_BYTES) {
    throw new InvalidTurnJobError("input", `the job is larger than ${MAX_JOB_BYTES} bytes`);
  }
  return { threadId, data };
}

async function createThread(
  redis: RedisClient,
  keys: QueueKeys,
  threadId: string,
  options: QueueThreadOptions,
): Promise<void> {
  const created = await redis.hsetnx(keys.thread(threadId), "options", JSON.stringify(options));
  if (created === 0) throw new InvalidTurnJobError("threadId", `thread ${threadId} already exists`);
  await redis.hset(keys.thread(threadId), "version", "0", "createdAt", String(Date.now()));
}

function asList(
  handlers: ServerRequestHandlers | readonly ServerRequestHandlers[] | undefined,
): readonly ServerRequestHandlers[] {
  if (handlers === undefined) return [];
  return Array.isArray(handlers) ? handlers : [handlers as ServerRequestHandlers];
}
