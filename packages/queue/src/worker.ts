import { hostname } from "node:os";
import { SERVER_REQUEST_METHODS } from "@codex/app-server-protocol";
import { Codex, type CodexOptions, type ServerRequestHandlers } from "@codex/app-server-sdk";
import { type Job, Queue, Worker } from "bullmq";
import { DEFAULT_MAX_BUFFERED_EVENTS } from "./event-writer.js";
import { bullPrefix, DEFAULT_QUEUE_NAME, queueKeys } from "./keys.js";
import { type QueueWarningListener, warningSink } from "./queue-warning.js";
import { BullConnections, closeRedis, openRedis, type QueueConnection } from "./redis-connection.js";
import { RedisHealth } from "./redis-health.js";
import { RedisRolloutStore } from "./redis-rollout-store.js";
import type { RolloutStore } from "./rollout-store.js";
import { ThreadCoordination } from "./thread-coordination.js";
import { TurnAdmission, type WorkerRateLimitOptions } from "./turn-admission.js";
import { TurnJobRunner } from "./turn-job-runner.js";
import { WorkerSignals } from "./worker-signals.js";

export interface CreateWorkerOptions {
  readonly connection: QueueConnection;
  /** BullMQ queue name; producers and workers must agree. Default "codex-turns". */
  readonly queueName?: string;
  /** Turns this worker runs at once (all on its one app-server). Default 4. */
  readonly concurrency?: number;
  /**
   * The worker's one Codex client. Give each worker process its own CODEX_HOME (`env.CODEX_HOME`):
   * threads are restored into it before each turn. Server-request handlers set here are replaced by
   * the forwarding to the producer.
   */
  readonly codex?: CodexOptions;
  /** Where rollouts are kept between turns. Default: gzipped in Redis. */
  readonly store?: RolloutStore;
  /** Identifies this worker in events and logs. Default `<hostname>:<pid>`. */
  readonly workerId?: string;
  /**
   * How long a job's lock (BullMQ's and the thread's) lives without renewal; a dead worker's turn is
   * taken over after about this plus `stalledIntervalMs`. A running turn outlives a Redis outage of any
   * length: locks that expired meanwhile are taken back when nobody else took them (see
   * docs/deploying-workers.md for what longer outages cost). Default 30 000.
   */
  readonly lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs. Default 30 000. */
  readonly stalledIntervalMs?: number;
  /** How long a turn whose thread is busy waits before it is tried again. Default 200 ms. */
  readonly requeueDelayMs?: number;
  /** A forwarded server request unanswered after this gets the fail-closed answer. Default 300 000. */
  readonly serverRequestTimeoutMs?: number;
  /** Job event streams expire this long after the job ends. Default 86 400 (a day). */
  readonly eventsTtlSeconds?: number;
  /**
   * Event records one job may hold unsent while Redis is unreachable; past it, streaming deltas are
   * dropped (every other record is kept, and `item/completed` carries the full text). Default 10 000.
   */
  readonly maxBufferedEvents?: number;
  /**
   * Fleet-wide admission control shared by all workers of the queue, per account and model: caps on
   * concurrent turns and tokens per minute, and a shared backoff when codex reports a rate limit, usage
   * limit or overload. A job over a limit waits in the queue (a `queue/rateLimited` event says why and
   * for how long) instead of failing. Default: no caps, the shared backoff on. `false` turns it off.
   */
  readonly rateLimit?: WorkerRateLimitOptions | false;
  /**
   * Redis connection lost and restored, locks taken back after an outage, a turn taken over by another
   * attempt, events dropped: see QueueWarning. Default: process warnings (type "CodexQueueWarning").
   */
  readonly onWarning?: QueueWarningListener;
}

export interface QueueWorker extends AsyncDisposable {
  readonly id: string;
  /** The worker's Codex client (one app-server). */
  readonly codex: Codex;
  /** Turns running right now. */
  readonly running: number;
  /** Resolves once the worker has stopped: after `close()`, or when its app-server died (restart it then). */
  readonly closed: Promise<void>;
  /** Stops taking new jobs (running turns go on); `resume()` takes them again. */
  pause(): Promise<void>;
  resume(): void;
  /**
   * Stops taking jobs. `"finish"` (default) lets running turns finish and commit; `"interrupt"` interrupts
   * them and puts their jobs back in the queue (nothing committed), so another worker reruns them. For a
   * deploy, `{ mode: "finish", timeoutMs }` drains: running turns get until the deadline to finish, and
   * those still running then are interrupted and put back.
   */
  close(options?: CloseWorkerOptions): Promise<void>;
}

/** Options of `QueueWorker.close()`. */
export interface CloseWorkerOptions {
  readonly mode?: "finish" | "interrupt";
  /** With "finish": how long running turns may take before they are interrupted and put back. */
  readonly timeoutMs?: number;
}

/** How long Redis may leave a PING unanswered before the worker reports it lost. */
const PROBE_LATE_MS = 3_000;

/** Runs Codex turns from the queue: one Codex client (one app-server) per worker, `concurrency` turns at once. */
export async function createWorker(options: CreateWorkerOptions): Promise<QueueWorker> {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(queueName);
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const lockDurationMs = options.lockDurationMs ?? 30_000;
  const warn = warningSink(options.onWarning);
  const health = new RedisHealth(warn);
  const redis = health.watch("commands", openRedis(options.connection));
  const subscriber = health.watch("pub/sub", openRedis(options.connection));
  const bull = new BullConnections(options.connection);
  const queue = new Queue(queueName, { connection: bull.next(), prefix: bullPrefix(queueName) });
  health.watchBull("queue", queue);
  health.probe("commands (ping)", redis, Math.min(PROBE_LATE_MS, lockDurationMs / 2));
  let runner: TurnJobRunner | undefined;
  const forwarding = forwardingHandlers((method, params, context) => {
    if (!runner) return Promise.resolve(undefined);
    return runner.forwardServerRequest(method, params, context);
  });
  const codex = new Codex({
    ...options.codex,
    serverRequests: forwarding,
    serverRequestTimeoutMs: options.serverRequestTimeoutMs ?? 300_000,
  });
  try {
    const started = await codex.start();
    const signals = await WorkerSignals.start(subscriber, redis, keys);
    runner = new TurnJobRunner({
      codex,
      codexHome: started.codexHome,
      redis,
      queue,
      keys,
      coordination: new ThreadCoordination(redis, keys),
      store: options.store ?? new RedisRolloutStore(redis, keys.rolloutPrefix),
      signals,
      workerId,
      lockDurationMs,
      requeueDelayMs: options.requeueDelayMs ?? 200,
      eventsTtlSeconds: options.eventsTtlSeconds ?? 86_400,
      maxBufferedEvents: options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS,
      admission:
        options.rateLimit === false
          ? undefined
          : new TurnAdmission(
              redis,
              keys,
              workerId,
              options.rateLimit ?? {},
              options.codex?.apiKey,
              (lease) =>
                warn({
                  kind: "rateLimitLeaseLost",
                  message: `The fleet rate-limit slot of a turn (${lease.scope.account}, ${lease.scope.model}) expired while it ran; the turn goes on uncounted.`,
                }),
            ),
      warn,
      onCodexLost: () => void close({ mode: "interrupt" }),
    });
  } catch (error) {
    health.close();
    await Promise.allSettled([codex.close(), queue.close(), closeRedis(redis), closeRedis(subscriber)]);
    await bull.close();
    throw error;
  }
  const jobs = runner;
  const worker = new Worker(queueName, (job: Job, token?: string) => jobs.process(job, token ?? ""), {
    connection: bull.next(),
    prefix: bullPrefix(queueName),
    concurrency: options.concurrency ?? 4,
    lockDuration: lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 3,
    name: workerId,
  });
  // Lock renewal and completion refusals after an outage are the runner's to report (jobLockReclaimed,
  // jobLockLost); connection errors are the outage the connections report; anything else is a warning.
  health.watchBull(
    "worker",
    worker,
    /could not renew lock for job|Lock mismatch for job|Missing lock for job/,
  );
  let closing: Promise<void> | undefined;
  let markClosed = (): void => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const close = (closeOptions: CloseWorkerOptions = {}): Promise<void> => {
    closing ??= (async () => {
      if (closeOptions.mode === "interrupt") jobs.interruptAll();
      // A deploy's drain: turns still running at the deadline go back to the queue for another worker.
      const deadline =
        closeOptions.mode !== "interrupt" && closeOptions.timeoutMs !== undefined
          ? setTimeout(() => jobs.interruptAll(), closeOptions.timeoutMs)
          : undefined;
      await worker.close().finally(() => clearTimeout(deadline));
      await codex.close();
      health.close();
      await Promise.allSettled([queue.close(), closeRedis(redis), closeRedis(subscriber)]);
      await bull.close();
      markClosed();
    })();
    return closing;
  };
  return {
    id: workerId,
    codex,
    get running() {
      return jobs.running;
    },
    closed,
    pause: () => worker.pause(),
    resume: () => worker.resume(),
    close,
    [Symbol.asyncDispose]: () => close(),
  };
}

/** The runner's forwarding, as the handlers call it (the runner is created after the Codex client). */
type Forward = TurnJobRunner["forwardServerRequest"];

/** One handler per server-request method, each forwarding to the producer of the turn that asked. */
function forwardingHandlers(forward: Forward): ServerRequestHandlers {
  const handlers: Record<string, (params: unknown, context: Parameters<Forward>[2]) => Promise<unknown>> = {};
  for (const method of SERVER_REQUEST_METHODS) {
    handlers[method] = (params, context) => forward(method, params, context);
  }
  return handlers as unknown as ServerRequestHandlers;
}
