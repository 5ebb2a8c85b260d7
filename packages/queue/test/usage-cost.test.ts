import type { CodexOptions } from "@codex/app-server-sdk";
import {
  createCodexHome,
  isolatedEnv,
  MockResponsesServer,
  reply,
  withUserText,
} from "@codex/app-server-testing";
import { resolveCodexBinary } from "@codex/runtime";
import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createProducer,
  createWorker,
  type QueueWorker,
  TurnJobFailedError,
  type TurnJobHandle,
  type TurnQueueProducer,
} from "../src/index.js";
import { bullPrefix } from "../src/keys.js";
import { echoHistory } from "./support/cluster.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";

const QUEUE = "usage";
// Prices exact in binary, so the expected USD is an exact double.
const PRICES: CodexOptions["prices"] = { "mock-model": { input: 2, cachedInput: 0.5, output: 8 } };

let redis: RedisServer;
let mock: MockResponsesServer;
let producer: TurnQueueProducer;
let completions: QueueEvents;
const cleanups: (() => Promise<void>)[] = [];
const workers = new Map<string, QueueWorker>();
beforeAll(async () => {
  redis = await startRedisServer();
  mock = await MockResponsesServer.start();
  mock.enqueueFor(
    withUserText("usage one"),
    reply.withUsage(reply.message("one"), { input: 100, cached: 40, output: 20, reasoning: 7 }),
  );
  mock.enqueueFor(
    withUserText("usage two"),
    reply.withUsage(reply.message("two"), { input: 200, cached: 100, output: 10 }),
  );
  mock.enqueueFor(
    withUserText("usage fails"),
    reply.withUsage(reply.execCommand("echo once"), { input: 60, cached: 10, output: 6, reasoning: 2 }),
    reply.responseFailed("mock failure"),
  );
  mock.enqueueFor(
    withUserText("usage unpriced"),
    reply.withUsage(reply.message("x"), { input: 12, output: 3 }),
  );
  mock.enqueueFor(() => true, ...Array.from({ length: 10 }, () => echoHistory));
  producer = await createProducer({ connection: redis.connection, queueName: QUEUE });
  completions = new QueueEvents(QUEUE, { connection: redis.connection, prefix: bullPrefix(QUEUE) });
  await completions.waitUntilReady();
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await completions?.close();
  await producer?.close();
  await mock?.close();
  await redis?.stop();
}, 60_000);

async function worker(id: string, prices?: CodexOptions["prices"]): Promise<QueueWorker> {
  const home = await createCodexHome({ mockUrl: mock.url, config: { features: { shell_snapshot: false } } });
  const started = await createWorker({
    connection: redis.connection,
    queueName: QUEUE,
    workerId: id,
    codex: {
      codexPath: resolveCodexBinary().path,
      env: isolatedEnv(home.env),
      clientInfo: { name: "queue_tests", version: "0" },
      ...(prices && { prices }),
    },
  });
  cleanups.push(async () => {
    await started.close();
    await home.cleanup();
  });
  workers.set(id, started);
  return started;
}

/** BullMQ's `completed` event of a job: its return value as any BullMQ consumer sees it. */
function completedValue(job: TurnJobHandle): Promise<unknown> {
  return new Promise((resolve) => {
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      if (jobId !== job.jobId) return;
      completions.off("completed", onCompleted);
      resolve(typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue);
    };
    completions.on("completed", onCompleted);
  });
}

it("each job carries its turn's usage and cost, and the thread's total after it, across workers", async () => {
  const a = await worker("A", PRICES);
  const first = await producer.enqueueTurn({ newThread: {}, input: "usage one" });
  const firstCompleted = completedValue(first);
  const one = await first.result();
  expect(one.usage).toEqual({
    inputTokens: 100,
    cachedInputTokens: 40,
    outputTokens: 20,
    reasoningOutputTokens: 7,
    totalTokens: 120,
    cacheWriteInputTokens: 0,
  });
  // 60 uncached × 2 + 40 cached × 0.5 + 20 output × 8, per million.
  expect(one.cost).toMatchObject({ usd: 300 / 1e6, model: "mock-model", source: "user" });
  expect(one.threadUsage?.total.totalTokens).toBe(120);
  expect(await firstCompleted).toMatchObject({
    status: "completed",
    turnId: one.turn.id,
    usage: { totalTokens: 120 },
    cost: { usd: 300 / 1e6 },
    threadUsage: { total: { totalTokens: 120 } },
  });

  // The next turn runs on another worker, on the thread restored from the store.
  await a.pause();
  await worker("B", PRICES);
  const second = await producer.enqueueTurn({ threadId: first.threadId, input: "usage two" });
  const secondCompleted = completedValue(second);
  const ran: string[] = [];
  for await (const event of second) if (event.method === "queue/attempt") ran.push(event.params.workerId);
  expect(ran).toEqual(["B"]);
  const two = await second.result();
  expect(two.usage).toMatchObject({
    inputTokens: 200,
    cachedInputTokens: 100,
    outputTokens: 10,
    totalTokens: 210,
  });
  expect(two.cost.usd).toBe(330 / 1e6);
  // Codex's running total spans both workers' turns.
  expect(two.threadUsage?.total).toEqual({
    inputTokens: 300,
    cachedInputTokens: 140,
    outputTokens: 30,
    reasoningOutputTokens: 7,
    totalTokens: 330,
    cacheWriteInputTokens: 0,
  });
  expect(two.threadUsage?.last.totalTokens).toBe(210);
  expect(await secondCompleted).toEqual({
    status: "completed",
    turnId: two.turn.id,
    threadId: two.threadId,
    usage: two.usage,
    cost: { usd: 330 / 1e6, model: "mock-model", price: PRICES?.["mock-model"], source: "user" },
    threadUsage: two.threadUsage,
  });
}, 90_000);

it("a failed job's error carries what its turn used before failing, and the thread's total", async () => {
  const job = await producer.enqueueTurn({ newThread: { approvalPolicy: "never" }, input: "usage fails" });
  const error = await job.result().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TurnJobFailedError);
  const failed = error as TurnJobFailedError;
  expect(failed.remoteName).toBe("TurnFailedError");
  expect(failed.usage).toMatchObject({
    inputTokens: 60,
    cachedInputTokens: 10,
    outputTokens: 6,
    reasoningOutputTokens: 2,
    totalTokens: 66,
  });
  expect(failed.threadUsage?.total.totalTokens).toBe(66);
}, 60_000);

it("no price on the worker: the cost says why, with no usd (never a silent 0)", async () => {
  // Only the unpriced worker takes jobs now.
  await workers.get("B")?.pause();
  const c = await worker("C");
  const job = await producer.enqueueTurn({ newThread: {}, input: "usage unpriced" });
  const completed = completedValue(job);
  const result = await job.result();
  expect(result.usage).toMatchObject({ inputTokens: 12, outputTokens: 3, totalTokens: 15 });
  expect(result.cost).toEqual({
    model: "mock-model",
    reason: 'no price for model "mock-model": pass it in the `prices` option',
  });
  expect(result.cost).not.toHaveProperty("usd");
  expect(await completed).toMatchObject({ cost: { reason: expect.stringContaining("no price") } });
  await c.pause();
}, 60_000);
