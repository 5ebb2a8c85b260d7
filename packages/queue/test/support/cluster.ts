import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  functionCallOutputs,
  inputTexts,
  type MockReply,
  MockResponsesServer,
  type RecordedRequest,
  reply,
} from "@codex/app-server-testing";
import { resolveCodexBinary } from "@codex/runtime";
import {
  type CreateProducerOptions,
  createProducer,
  DirectoryRolloutStore,
  type QueueConnection,
  type QueueWarning,
  type RolloutStore,
  type TurnQueueProducer,
  type WorkerRateLimitOptions,
} from "../../src/index.js";
import { type RedisCluster, startRedisCluster } from "./redis-cluster.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";

const WORKER_MAIN = join(dirname(fileURLToPath(import.meta.url)), "worker-main.ts");
const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface WorkerProcess {
  readonly id: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Output of the worker process (for failure messages). */
  output(): string;
  /** Everything the worker process wrote to stderr (up to 1 MB). */
  stderr(): string;
  /** The worker's `onWarning` calls, in order (worker-main prints them; `error` does not travel). */
  readonly warnings: readonly Omit<QueueWarning, "error">[];
}

export interface ClusterOptions {
  readonly lockMs?: number;
  readonly stalledMs?: number;
  readonly concurrency?: number;
  readonly requestTimeoutMs?: number;
  /** Keep rollouts in a shared directory (DirectoryRolloutStore) instead of Redis. */
  readonly directoryStore?: boolean;
  /** Redis fsyncs every write to an append-only file, so `redis.outage("restart", ms)` loses nothing. */
  readonly persistentRedis?: boolean;
  /** Run on a real Redis Cluster (3 primaries, a replica each) instead of one redis-server. */
  readonly redisCluster?: boolean;
  /** The workers' fleet rate limit (data only: it travels as JSON). */
  readonly rateLimit?: WorkerRateLimitOptions;
}

/** Brain of the mock model: a reply for this request, or undefined for the default echo. */
export type Brain = (request: RecordedRequest) => MockReply | undefined;

export interface Cluster {
  /** The single redis-server (throws on use when the cluster runs on a Redis Cluster). */
  readonly redis: RedisServer;
  /** The Redis Cluster, when `redisCluster` was asked for. */
  readonly redisCluster: RedisCluster | undefined;
  /** What producers and workers connect with. */
  readonly connection: QueueConnection;
  readonly mock: MockResponsesServer;
  readonly queueName: string;
  readonly workspace: string;
  /** The store the workers use, for restoreThread (undefined: Redis, the default). */
  readonly store: RolloutStore | undefined;
  brain: Brain | undefined;
  /** Worker processes spawned so far (killed ones included). */
  readonly workers: readonly WorkerProcess[];
  spawnWorker(id?: string): Promise<WorkerProcess>;
  producer(options?: Omit<CreateProducerOptions, "connection" | "queueName">): Promise<TurnQueueProducer>;
  close(): Promise<void>;
}

/** The user prompts a request carries, oldest first (codex's environment context left out). */
export function userPrompts(request: RecordedRequest): string[] {
  return inputTexts(request).filter((text) => !text.startsWith("<"));
}

/** Default reply: the whole conversation so far, so a result proves which history the turn saw. */
export function echoHistory(request: RecordedRequest): MockReply {
  return reply.message(`echo:${userPrompts(request).join(" > ")}`, { deltas: "auto", eventDelayMs: 2 });
}

/** A real redis-server, the mock model, and worker processes (each its own CODEX_HOME and app-server). */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const redisCluster = options.redisCluster ? await startRedisCluster(3) : undefined;
  const redis = redisCluster
    ? onlySingleRedis()
    : await startRedisServer({ persistent: options.persistentRedis ?? false });
  const connection: QueueConnection = redisCluster ? { cluster: redisCluster.nodes } : redis.connection;
  const mock = await MockResponsesServer.start();
  const workspace = await realpath(await mkdtemp(join(tmpdir(), "codex-queue-ws-")));
  const codexPath = resolveCodexBinary().path;
  const storeDir = options.directoryStore ? await mkdtemp(join(tmpdir(), "codex-queue-store-")) : undefined;
  const queueName = `test-${randomUUID().slice(0, 8)}`;
  const workers: WorkerProcess[] = [];
  const producers: TurnQueueProducer[] = [];
  const cluster: Cluster = {
    redis,
    redisCluster,
    connection,
    mock,
    queueName,
    workspace,
    store: storeDir === undefined ? undefined : new DirectoryRolloutStore(storeDir),
    brain: undefined,
    workers,
    spawnWorker: async (id = `worker-${workers.length + 1}`) => {
      const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", WORKER_MAIN], {
        cwd: PACKAGE_DIR,
        env: {
          ...process.env,
          QUEUE_TEST_MOCK_URL: mock.url,
          ...(redisCluster
            ? { QUEUE_TEST_REDIS_CLUSTER: JSON.stringify(redisCluster.nodes) }
            : { QUEUE_TEST_REDIS_PORT: String(redis.port) }),
          QUEUE_TEST_QUEUE: queueName,
          QUEUE_TEST_WORKER_ID: id,
          QUEUE_TEST_CODEX_PATH: codexPath,
          QUEUE_TEST_WORKSPACE: workspace,
          QUEUE_TEST_CONCURRENCY: String(options.concurrency ?? 4),
          QUEUE_TEST_LOCK_MS: String(options.lockMs ?? 30_000),
          QUEUE_TEST_STALLED_MS: String(options.stalledMs ?? 30_000),
          QUEUE_TEST_REQUEST_TIMEOUT_MS: String(options.requestTimeoutMs ?? 10_000),
          ...(storeDir !== undefined && { QUEUE_TEST_STORE_DIR: storeDir }),
          ...(options.rateLimit && { QUEUE_TEST_RATE_LIMIT: JSON.stringify(options.rateLimit) }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      let stderr = "";
      const warnings: Omit<QueueWarning, "error">[] = [];
      child.stderr?.on("data", (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-20_000);
        stderr = (stderr + chunk.toString()).slice(-1_000_000);
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const ready = new Promise<void>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
        lines.on("line", (line) => {
          output = (output + line + "\n").slice(-20_000);
          if (line.startsWith("warning ")) warnings.push(JSON.parse(line.slice("warning ".length)));
          if (line.startsWith("ready ")) resolve();
        });
        void exited.then((code) => reject(new Error(`worker ${id} exited with ${code}:\n${output}`)));
      });
      await ready;
      const worker = { id, child, exited, output: () => output, stderr: () => stderr, warnings };
      workers.push(worker);
      return worker;
    },
    producer: async (producerOptions = {}) => {
      const producer = await createProducer({ connection, queueName, ...producerOptions });
      producers.push(producer);
      return producer;
    },
    close: async () => {
      await Promise.allSettled(producers.map((producer) => producer.close()));
      await Promise.allSettled(
        workers.map(async (worker) => {
          if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
          worker.child.kill("SIGTERM");
          const timer = setTimeout(() => worker.child.kill("SIGKILL"), 10_000);
          await worker.exited;
          clearTimeout(timer);
        }),
      );
      await mock.close();
      await (redisCluster ?? redis).stop();
      await rm(workspace, { recursive: true, force: true });
      if (storeDir !== undefined) await rm(storeDir, { recursive: true, force: true });
    },
  };
  // One routed queue that never runs dry: every request goes to the brain, then the echo.
  const answer = (request: RecordedRequest): MockReply => cluster.brain?.(request) ?? echoHistory(request);
  mock.enqueueFor(() => true, ...Array.from({ length: 5_000 }, () => answer));
  return cluster;
}

/** Stands in for the single redis-server of a test cluster that runs on a Redis Cluster. */
function onlySingleRedis(): RedisServer {
  return new Proxy({} as RedisServer, {
    get: () => {
      throw new Error(
        "this test cluster runs on a Redis Cluster: use cluster.connection or cluster.redisCluster",
      );
    },
  });
}

export { functionCallOutputs };
