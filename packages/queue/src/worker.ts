import { hostname } from "node:os";
import { SERVER_REQUEST_METHODS } from "@codex/app-server-protocol";
import { Codex, type CodexOptions, type ServerRequestHandlers } from "@codex/app-server-sdk";
import { type Job, Queue, Worker } from "bullmq";
import { DEFAULT_QUEUE_NAME, queueKeys } from "./keys.js";
import { bullConnection, closeRedis, openRedis, type QueueConnection } from "./redis-connection.js";
import { RedisRolloutStore } from "./redis-rollout-store.js";
import type { RolloutStore } from "./rollout-store.js";
import { ThreadCoordination } from "./thread-coordination.js";
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
   * taken over after about this plus `stalledIntervalMs`. Default 30 000.
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
   * them and puts their jobs back in the queue (nothing committed), so another worker reruns them.
   */
  close(options?: { readonly mode?: "finish" | "interrupt" }): Promise<void>;
}

/** Runs Codex turns from the queue: one Codex client (one app-server) per worker, `concurrency` turns at once. */
export async function createWorker(options: CreateWorkerOptions): Promise<QueueWorker> {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(queueName);
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const lockDurationMs = options.lockDurationMs ?? 30_000;
  const redis = openRedis(options.connection);
  const subscriber = openRedis(options.connection);
  const queue = new Queue(queueName, { connection: bullConnection(options.connection) });
  queue.on("error", () => {});
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
      store: options.store ?? new RedisRolloutStore(redis),
      signals,
      workerId,
      lockDurationMs,
      requeueDelayMs: options.requeueDelayMs ?? 200,
      eventsTtlSeconds: options.eventsTtlSeconds ?? 86_400,
      onCodexLost: () => void close({ mode: "interrupt" }),
    });
  } catch (error) {
    await Promise.allSettled([codex.close(), queue.close(), closeRedis(redis), closeRedis(subscriber)]);
    throw error;
  }
  const jobs = runner;
  const worker = new Worker(queueName, (job: Job, token?: string) => jobs.process(job, token ?? ""), {
    connection: bullConnection(options.connection),
    concurrency: options.concurrency ?? 4,
    lockDuration: lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 3,
    name: workerId,
  });
  // BullMQ reports processor failures as events; without a listener they would be unhandled 'error's.
  worker.on("error", () => {});
  let closing: Promise<void> | undefined;
  let markClosed = (): void => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const close = (closeOptions: { readonly mode?: "finish" | "interrupt" } = {}): Promise<void> => {
    closing ??= (async () => {
      if (closeOptions.mode === "interrupt") jobs.interruptAll();
      await worker.close();
      await codex.close();
      await Promise.allSettled([queue.close(), closeRedis(redis), closeRedis(subscriber)]);
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
