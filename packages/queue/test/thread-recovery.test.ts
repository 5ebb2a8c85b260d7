import {
  createCodexHome,
  isolatedEnv,
  MockResponsesServer,
  reply,
  withUserText,
} from "@codex/app-server-testing";
import { resolveCodexBinary } from "@codex/runtime";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createProducer, createWorker, InvalidTurnJobError, type QueueWorker } from "../src/index.js";
import { bullPrefix, queueKeys } from "../src/keys.js";
import { echoHistory } from "./support/cluster.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";

let redis: RedisServer;
let mock: MockResponsesServer;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  mock = await MockResponsesServer.start();
  mock.enqueueFor(withUserText("json please"), reply.message('{"answer":42}'));
  mock.enqueueFor(() => true, ...Array.from({ length: 20 }, () => echoHistory));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await mock?.close();
  await redis?.stop();
});

async function worker(id: string): Promise<QueueWorker> {
  const home = await createCodexHome({ mockUrl: mock.url, config: { features: { shell_snapshot: false } } });
  const started = await createWorker({
    connection: redis.connection,
    queueName: "stale",
    workerId: id,
    codex: {
      codexPath: resolveCodexBinary().path,
      env: isolatedEnv(home.env),
      clientInfo: { name: "queue_tests", version: "0" },
    },
  });
  cleanups.push(async () => {
    await started.close();
    await home.cleanup();
  });
  return started;
}

it("a worker that still has a thread loaded from an older turn reloads it from the store (A, B, then A again)", async () => {
  const producer = await createProducer({ connection: redis.connection, queueName: "stale" });
  cleanups.push(() => producer.close());
  const ran: string[] = [];
  const turn = async (input: string, threadId?: string) => {
    const job = await producer.enqueueTurn(threadId ? { threadId, input } : { newThread: {}, input });
    for await (const event of job) if (event.method === "queue/attempt") ran.push(event.params.workerId);
    return { threadId: job.threadId, result: await job.result() };
  };

  const a = await worker("A");
  const first = await turn("one");
  await a.pause();
  const b = await worker("B");
  await turn("two", first.threadId);
  await b.pause();
  a.resume();
  const third = await turn("three", first.threadId);

  expect(ran).toEqual(["A", "B", "A"]);
  // A had the thread loaded as it was after turn one; it ran turn three on the stored history instead.
  expect(third.result.finalResponse).toBe("echo:one > two > three");
  const turns = await a.codex.request("thread/read", { threadId: third.result.threadId, includeTurns: true });
  expect(turns.thread.turns?.length).toBe(3);
}, 60_000);

it("a job that was committed before its worker died is not run again: the rerun replays the stored result", async () => {
  const producer = await createProducer({ connection: redis.connection, queueName: "stale" });
  cleanups.push(() => producer.close());
  const c = await worker("C");
  const first = await producer.enqueueTurn({ newThread: {}, input: "committed once" });
  const result = await first.result();
  const requestsBefore = mock.requests.length;

  // As if the worker died right after its commit: the thread says the job is applied, BullMQ runs it again.
  const client = new Redis(redis.connection);
  const events = new QueueEvents("stale", { connection: redis.connection, prefix: bullPrefix("stale") });
  try {
    await client.hset(queueKeys("stale").thread(first.threadId), "lastJobId", "rerun-1");
    await events.waitUntilReady();
    const rerun = await producer.queue.add(
      "turn",
      { v: 1, threadId: first.threadId, input: "committed once" },
      { jobId: "rerun-1" },
    );
    const value = await rerun.waitUntilFinished(events);
    // The replay hands back the stored figures too: the turn's usage and cost, the thread's total.
    expect(value).toEqual({
      status: "completed",
      turnId: result.turn.id,
      threadId: result.threadId,
      usage: result.usage,
      cost: result.cost,
      threadUsage: result.threadUsage,
    });
    expect(result.usage?.totalTokens).toBe(15);
    expect(mock.requests.length).toBe(requestsBefore);
    expect(await client.hget(queueKeys("stale").thread(first.threadId), "version")).toBe("1");
  } finally {
    await events.close();
    client.disconnect();
    await c.pause();
  }
}, 60_000);

it("a retry of a committed job replays its own result even after the thread's next turn committed", async () => {
  const producer = await createProducer({ connection: redis.connection, queueName: "stale" });
  cleanups.push(() => producer.close());
  const d = await worker("D");
  const first = await producer.enqueueTurn({ newThread: {}, input: "first turn" });
  const firstResult = await first.result();
  const second = await producer.enqueueTurn({ threadId: first.threadId, input: "second turn" });
  await second.result();
  const requestsBefore = mock.requests.length;

  // BullMQ runs the first job again (a stalled retry that lost the race): the thread's last job is the
  // second one now, so only the first job's own stored outcome can tell it was applied.
  const events = new QueueEvents("stale", { connection: redis.connection, prefix: bullPrefix("stale") });
  try {
    await events.waitUntilReady();
    const job = await producer.queue.getJob(first.jobId);
    await job?.remove();
    const rerun = await producer.queue.add(
      "turn",
      { v: 1, threadId: first.threadId, input: "first turn" },
      { jobId: first.jobId },
    );
    const value = (await rerun.waitUntilFinished(events)) as { turnId: string; status: string };
    expect(value).toMatchObject({ status: "completed", turnId: firstResult.turn.id });
    expect(mock.requests.length).toBe(requestsBefore);
  } finally {
    await events.close();
    await d.pause();
  }
}, 60_000);

it("structured output crosses the queue: a JSON Schema in turnOptions, the parsed output in the result", async () => {
  const producer = await createProducer({ connection: redis.connection, queueName: "stale" });
  cleanups.push(() => producer.close());
  const d = await worker("D");
  try {
    const schema = {
      type: "object",
      properties: { answer: { type: "number" } },
      required: ["answer"],
      additionalProperties: false,
    };
    const job = await producer.enqueueTurn({
      newThread: {},
      input: "json please",
      turnOptions: { outputSchema: schema },
    });
    const result = await job.result();
    expect(result.output).toEqual({ answer: 42 });
    const request = mock.requests.find((candidate) => candidate.rawBody.includes("json please"));
    expect(JSON.stringify(request?.body?.text)).toContain('"answer"');
  } finally {
    await d.pause();
  }
}, 60_000);

it("another producer (or the same one after a restart) attaches to a job by id: its events from the first, and its result", async () => {
  const first = await createProducer({ connection: redis.connection, queueName: "stale" });
  const second = await createProducer({ connection: redis.connection, queueName: "stale" });
  cleanups.push(
    () => first.close(),
    () => second.close(),
  );
  const e = await worker("E");
  try {
    const job = await first.enqueueTurn({ newThread: {}, input: "followed elsewhere" });
    const result = await job.result();
    await first.close();
    const attached = await second.attach(job.jobId);
    expect(attached.threadId).toBe(job.threadId);
    const events = [];
    for await (const event of attached) events.push(event.method);
    expect(events[0]).toBe("queue/attempt");
    expect(events).toContain("turn/completed");
    expect((await attached.result()).finalResponse).toBe(result.finalResponse);
    await expect(second.attach("no-such-job")).rejects.toBeInstanceOf(InvalidTurnJobError);
  } finally {
    await e.pause();
  }
}, 60_000);
