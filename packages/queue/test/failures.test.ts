import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { functionCallOutputs, reply } from "@codex/app-server-testing";
import { CodexError } from "@codex/runtime";
import { Job, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EnqueueTurnRequest,
  InvalidTurnJobError,
  type QueueTurnEvent,
  TurnJobCancelledError,
  TurnJobFailedError,
  type TurnJobHandle,
} from "../src/index.js";
import { bullPrefix, queueKeys } from "../src/keys.js";
import { type Cluster, startCluster, userPrompts, type WorkerProcess } from "./support/cluster.js";
import { collect } from "./support/job-events.js";
import { storedTurns } from "./support/stored-history.js";

/** Waits until the handle yields an event of this kind (the iterator keeps the rest for later readers). */
async function eventOf(handle: TurnJobHandle, method: QueueTurnEvent["method"]): Promise<QueueTurnEvent> {
  for await (const event of handle) if (event.method === method) return event;
  throw new Error(`the job ended without ${method}`);
}

/** Waits until the mock model got a request whose latest prompt is `prompt`. */
async function modelAsked(prompt: string): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (cluster.mock.requests.some((request) => userPrompts(request).at(-1) === prompt)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the model was never asked ${prompt}`);
}

/** The job's `queue/attempt` events, in order. */
async function attemptsOf(handle: TurnJobHandle): Promise<QueueTurnEvent[]> {
  return (await collect(handle)).filter((event) => event.method === "queue/attempt");
}

/** The worker process that took this `queue/attempt`. */
function workerOf(attempt: QueueTurnEvent): WorkerProcess | undefined {
  return cluster.workers.find(
    (worker) => attempt.method === "queue/attempt" && worker.id === attempt.params.workerId,
  );
}

let cluster: Cluster;

describe("queue failure handling (real redis, real codex, worker processes)", () => {
  const hungOnce = new Set<string>();
  beforeAll(async () => {
    // Rollouts in a shared directory here (the scale test keeps them in Redis): both stores see a kill -9.
    cluster = await startCluster({
      lockMs: 1_500,
      stalledMs: 500,
      concurrency: 2,
      requestTimeoutMs: 3_000,
      directoryStore: true,
    });
    cluster.brain = (request) => {
      const prompt = userPrompts(request).at(-1) ?? "";
      if (prompt.startsWith("hang")) return reply.hang();
      if (prompt === "fail-model") return reply.responseFailed("mock failure");
      if (prompt.startsWith("slow")) return reply.message(`echo:${prompt}`, { delayMs: 1_000 });
      if (prompt.startsWith("once-hang") && !hungOnce.has(prompt)) {
        hungOnce.add(prompt);
        return reply.hang();
      }
      if (prompt.startsWith("run-cmd")) {
        const outputs = functionCallOutputs(request);
        if (outputs.length === 0) return reply.execCommand("echo from-the-worker", { callId: "call_cmd_1" });
        return reply.message(`ran:${outputs.length}`);
      }
      return undefined;
    };
    await Promise.all([cluster.spawnWorker("w1"), cluster.spawnWorker("w2")]);
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it("rejects bad payloads at enqueue with InvalidTurnJobError, queueing nothing", async () => {
    const producer = await cluster.producer();
    const bad: [string, unknown][] = [
      ["threadId", { input: "hi" }],
      ["input", { newThread: {}, input: "" }],
      ["input", { newThread: {}, input: [] }],
      ["input[0]", { newThread: {}, input: [{ type: "audio" }] }],
      [
        "turnOptions.signal",
        { newThread: {}, input: "hi", turnOptions: { signal: new AbortController().signal } },
      ],
      ["newThread.serverRequests", { newThread: { serverRequests: {} }, input: "hi" }],
      [
        "turnOptions.outputSchema.check",
        { newThread: {}, input: "hi", turnOptions: { outputSchema: { check: () => true } } },
      ],
      ["threadId", { threadId: "../etc", input: "hi" }],
      ["newThread.ephemeral", { newThread: { ephemeral: true }, input: "hi" }],
      ["threadId", { threadId: "no-such-thread", input: "hi" }],
    ];
    for (const [path, request] of bad) {
      const error = await producer.enqueueTurn(request as EnqueueTurnRequest).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, path).toBeInstanceOf(InvalidTurnJobError);
      expect(error).toBeInstanceOf(CodexError);
      expect((error as InvalidTurnJobError).path).toBe(path);
    }
    const counts = await producer.queue.getJobCounts("wait", "active", "delayed", "completed", "failed");
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it("fails a poison job with its error recorded, and the worker carries on", async () => {
    const producer = await cluster.producer();
    const events = new QueueEvents(cluster.queueName, {
      connection: cluster.redis.connection,
      prefix: bullPrefix(cluster.queueName),
    });
    await events.waitUntilReady();
    try {
      const raw = await producer.queue.add("turn", { v: 1, input: 42 });
      await expect(raw.waitUntilFinished(events)).rejects.toThrow(/Invalid turn job at threadId/);
      const failed = await Job.fromId(producer.queue, raw.id ?? "");
      expect(failed?.failedReason).toMatch(/Invalid turn job/);

      // Codex itself refuses the turn: the job fails with codex's error, the thread is not blocked.
      const refused = await producer.enqueueTurn({
        newThread: { cwd: cluster.workspace },
        input: "first",
        turnOptions: { approvalPolicy: "sometimes" as never },
      });
      const error = await refused.result().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TurnJobFailedError);
      expect((error as TurnJobFailedError).failedReason).toMatch(/sometimes/);
      const next = await producer.enqueueTurn({ threadId: refused.threadId, input: "second" });
      expect((await next.result()).finalResponse).toBe("echo:second");
    } finally {
      await events.close();
    }
  });

  it("a turn that fails at the model fails its job, is kept in the thread's history, and the thread goes on", async () => {
    const producer = await cluster.producer();
    const failing = await producer.enqueueTurn({
      newThread: { cwd: cluster.workspace },
      input: "fail-model",
    });
    const error = await failing.result().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TurnJobFailedError);
    expect((error as TurnJobFailedError).remoteName).toBe("TurnFailedError");
    expect(failing.status).toBe("failed");
    const next = await producer.enqueueTurn({ threadId: failing.threadId, input: "after-fail" });
    expect((await next.result()).finalResponse).toBe("echo:fail-model > after-fail");
  });

  it("does not let a head job that failed without leaving its thread's queue block the thread", async () => {
    const producer = await cluster.producer();
    const first = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "h-turn1" });
    await first.result();
    // A job that sits first in the thread's queue but fails on its own (bad data, written by other code).
    const redis = new Redis(cluster.redis.connection);
    const events = new QueueEvents(cluster.queueName, {
      connection: cluster.redis.connection,
      prefix: bullPrefix(cluster.queueName),
    });
    try {
      await redis.rpush(queueKeys(cluster.queueName).pending(first.threadId), "dead-head-1");
      await events.waitUntilReady();
      const dead = await producer.queue.add(
        "turn",
        { v: 1, threadId: first.threadId, input: "" },
        { jobId: "dead-head-1" },
      );
      await expect(dead.waitUntilFinished(events)).rejects.toThrow(/Invalid turn job at input/);
    } finally {
      await events.close();
      redis.disconnect();
    }
    const next = await producer.enqueueTurn({ threadId: first.threadId, input: "h-turn2" });
    expect((await next.result()).finalResponse).toBe("echo:h-turn1 > h-turn2");
  });

  it("answers a worker's approval request with the producer's handler, and fails closed without one", async () => {
    const accepting = await cluster.producer({
      serverRequests: { "item/commandExecution/requestApproval": () => ({ decision: "accept" }) },
    });
    const silent = await cluster.producer();
    const thread = { cwd: cluster.workspace, approvalPolicy: "untrusted", sandbox: "read-only" } as const;
    const approved = await accepting.enqueueTurn({ newThread: thread, input: "run-cmd approved" });
    const declined = await silent.enqueueTurn({ newThread: thread, input: "run-cmd declined" });
    const [approvedEvents, declinedEvents] = await Promise.all([collect(approved), collect(declined)]);
    const approvedResult = await approved.result();
    const declinedResult = await declined.result();

    const command = (items: typeof approvedResult.items) =>
      items.find((item) => item.type === "commandExecution");
    expect(command(approvedResult.items)).toMatchObject({ status: "completed", exitCode: 0 });
    expect(command(declinedResult.items)).toMatchObject({ status: "declined" });
    for (const events of [approvedEvents, declinedEvents]) {
      expect(events.some((event) => event.method === "queue/serverRequest")).toBe(true);
    }
    // The decision audit travels with the events.
    const decision = (events: QueueTurnEvent[]) =>
      events.find((event) => event.method === "sdk/serverRequestDecision")?.params as
        | { source: string; result: unknown; method: string }
        | undefined;
    expect(decision(approvedEvents)).toMatchObject({
      method: "item/commandExecution/requestApproval",
      result: { decision: "accept" },
    });
    expect(decision(declinedEvents)).toMatchObject({ source: "default", result: { decision: "decline" } });
  });

  it("answers fail-closed when the producer's handler does not answer in time", async () => {
    const slow = await cluster.producer({
      serverRequests: { "item/commandExecution/requestApproval": () => new Promise(() => {}) },
    });
    const job = await slow.enqueueTurn({
      newThread: { cwd: cluster.workspace, approvalPolicy: "untrusted" },
      input: "run-cmd too slow",
    });
    const events = await collect(job);
    const result = await job.result();
    expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
      status: "declined",
    });
    const decision = events.find((event) => event.method === "sdk/serverRequestDecision");
    expect(decision?.params).toMatchObject({ source: "timeout", result: { decision: "decline" } });
  });

  it("a worker shut down with mode 'finish' (SIGTERM) lets its running turn finish and commit", async () => {
    const producer = await cluster.producer();
    const job = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "slow finish" });
    const attempt = await eventOf(job, "queue/attempt");
    await modelAsked("slow finish");
    const leaving = workerOf(attempt);
    await cluster.spawnWorker(`w-after-${leaving?.id}`);
    leaving?.child.kill("SIGTERM");
    const result = await job.result();
    expect(await leaving?.exited).toBe(0);
    expect(result.finalResponse).toBe("echo:slow finish");
    const attempts = await attemptsOf(job);
    expect(attempts).toHaveLength(1);
  });

  it("a worker shut down with mode 'interrupt' puts its running turn back; another worker runs it", async () => {
    const producer = await cluster.producer();
    const job = await producer.enqueueTurn({
      newThread: { cwd: cluster.workspace },
      input: "once-hang shutdown",
    });
    const attempt = await eventOf(job, "queue/attempt");
    await modelAsked("once-hang shutdown");
    const leaving = workerOf(attempt);
    await cluster.spawnWorker(`w-after-${leaving?.id}`);
    leaving?.child.kill("SIGINT");
    expect(await leaving?.exited).toBe(0);
    const result = await job.result();
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("echo:once-hang shutdown");
    const attempts = await attemptsOf(job);
    expect(attempts).toHaveLength(2);
  });

  it("a drain with a deadline (close({ mode: 'finish', timeoutMs })) puts a turn still running at the deadline back; another worker runs it", async () => {
    const producer = await cluster.producer();
    const stuck = await producer.enqueueTurn({
      newThread: { cwd: cluster.workspace },
      input: "once-hang drain",
    });
    const attempt = await eventOf(stuck, "queue/attempt");
    await modelAsked("once-hang drain");
    const leaving = workerOf(attempt);
    await cluster.spawnWorker(`w-after-drain-${leaving?.id}`);
    const started = Date.now();
    leaving?.child.kill("SIGUSR2");
    expect(await leaving?.exited).toBe(0);
    // It waited for its turn until the deadline (1 s), then gave the job back instead of failing it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const result = await stuck.result();
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("echo:once-hang drain");
    expect(await attemptsOf(stuck)).toHaveLength(2);
  });

  it("cancel() interrupts a running turn on its worker, and drops a queued one before it runs", async () => {
    const producer = await cluster.producer();
    const running = await producer.enqueueTurn({
      newThread: { cwd: cluster.workspace },
      input: "hang forever",
    });
    const queued = await producer.enqueueTurn({ threadId: running.threadId, input: "never runs" });
    await eventOf(running, "turn/started");
    // Cancel once the model was asked: codex has recorded the prompt by then (earlier, it may drop it).
    await modelAsked("hang forever");
    await queued.cancel();
    await running.cancel();
    const interrupted = await running.result();
    expect(interrupted.status).toBe("interrupted");
    await expect(queued.result()).rejects.toBeInstanceOf(TurnJobCancelledError);
    expect(queued.status).toBe("cancelled");
    // The thread goes on: its history has the interrupted turn, not the cancelled one.
    const after = await producer.enqueueTurn({ threadId: running.threadId, input: "after" });
    expect((await after.result()).finalResponse).toBe("echo:hang forever > after");
  });

  it("an app-server that dies under a worker: the turn is put back and rerun elsewhere, the worker stops", async () => {
    const producer = await cluster.producer();
    const job = await producer.enqueueTurn({
      newThread: { cwd: cluster.workspace },
      input: "once-hang codex dies",
    });
    const attempt = await eventOf(job, "queue/attempt");
    await modelAsked("once-hang codex dies");
    const host = workerOf(attempt);
    await cluster.spawnWorker(`w-after-codex-${host?.id}`);
    const { stdout } = await promisify(execFile)("ps", [
      "-o",
      "pid=,comm=",
      "--ppid",
      String(host?.child.pid),
    ]);
    const codexPid = stdout
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .find(([, command]) => command?.startsWith("codex"))?.[0];
    expect(codexPid).toBeDefined();
    process.kill(Number(codexPid), "SIGKILL");

    const result = await job.result();
    expect(result.finalResponse).toBe("echo:once-hang codex dies");
    const attempts = await attemptsOf(job);
    expect(attempts[1]?.method === "queue/attempt" && attempts[1].params.workerId).not.toBe(host?.id);
    expect(attempts).toHaveLength(2);
    expect(await host?.exited).toBe(0);
  }, 60_000);

  it("kill -9 of a worker mid-turn: another worker reruns the turn from the stored state, nothing lost or doubled", async () => {
    const producer = await cluster.producer();
    const first = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "k-turn1" });
    expect((await first.result()).finalResponse).toBe("echo:k-turn1");

    const doomed = await producer.enqueueTurn({ threadId: first.threadId, input: "once-hang k-turn2" });
    const attempt = await eventOf(doomed, "queue/attempt");
    await eventOf(doomed, "turn/started");
    await modelAsked("once-hang k-turn2");
    const victimId = attempt.method === "queue/attempt" ? attempt.params.workerId : "";
    const victim = victimId;
    await cluster.spawnWorker("w3");
    const child = cluster.workers.find((worker) => worker.id === victim);
    expect(child).toBeDefined();
    child?.child.kill("SIGKILL");

    const rerun = await doomed.result();
    expect(rerun.finalResponse).toBe("echo:k-turn1 > once-hang k-turn2");
    const attempts = await attemptsOf(doomed);
    expect(attempts.map((event) => (event.method === "queue/attempt" ? event.params.attempt : 0))).toEqual([
      1, 2,
    ]);
    expect(attempts[1]?.method === "queue/attempt" && attempts[1].params.workerId).not.toBe(victim);

    const third = await producer.enqueueTurn({ threadId: first.threadId, input: "k-turn3" });
    expect((await third.result()).finalResponse).toBe("echo:k-turn1 > once-hang k-turn2 > k-turn3");

    // The stored history, read by codex itself: three turns, each once, in order.
    const stored = await storedTurns(cluster, first.threadId);
    expect(stored.version).toBe(3);
    expect(stored.statuses).toEqual(["completed", "completed", "completed"]);
    expect(stored.prompts).toEqual(["k-turn1", "once-hang k-turn2", "k-turn3"]);
  }, 60_000);
});
