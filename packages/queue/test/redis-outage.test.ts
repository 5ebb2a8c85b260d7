import { reply } from "@codex/app-server-testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { QueueTurnEvent, QueueWarning, TurnJobHandle, TurnJobResult } from "../src/index.js";
import { bullPrefix, queueKeys } from "../src/keys.js";
import { type Cluster, startCluster, userPrompts, type WorkerProcess } from "./support/cluster.js";
import { collect } from "./support/job-events.js";
import { storedTurns } from "./support/stored-history.js";

// Redis goes away for 3x the lock duration while turns run, and comes back with its data: a restart
// (shut down, ECONNREFUSED, started again from its fsynced append-only file) and a freeze (SIGSTOP: the
// connections stay open and nothing answers). Key TTLs run on through both, so every lock expires.
const LOCK_MS = 1_500;
const OUTAGE_MS = 3 * LOCK_MS;

/** The model's answer to an outage prompt: `words` words, streamed one delta each. */
function answerFor(prompt: string): string {
  const words = prompt.includes("long") ? 90 : 15;
  return [`answer:${prompt}`, ...Array.from({ length: words }, (_, i) => `w${i}`)].join(" ");
}

/** Waits until the handle yields an event matching `test` (the handle keeps every event for later readers). */
async function eventWhere(
  handle: TurnJobHandle,
  test: (event: QueueTurnEvent) => boolean,
): Promise<QueueTurnEvent> {
  for await (const event of handle) if (test(event)) return event;
  throw new Error(`job ${handle.jobId} ended without the event`);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 3_000; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function requestsFor(prompt: string): number {
  return cluster.mock.requests.filter((request) => userPrompts(request).at(-1) === prompt).length;
}

function kinds(warnings: readonly Pick<QueueWarning, "kind">[]): string[] {
  return warnings.map((warning) => warning.kind);
}

let cluster: Cluster;
let workers: WorkerProcess[];
const takenOver = new Set<string>();

describe("a Redis outage of 3x the lock duration while turns run (real redis, real codex)", () => {
  beforeAll(async () => {
    cluster = await startCluster({
      lockMs: LOCK_MS,
      stalledMs: 500,
      concurrency: 2,
      persistentRedis: true,
    });
    cluster.brain = (request) => {
      const prompt = userPrompts(request).at(-1) ?? "";
      if (prompt.startsWith("outage")) {
        const slow = prompt.includes("long") ? 70 : 40;
        return reply.message(answerFor(prompt), { deltas: "auto", eventDelayMs: slow, delayMs: 300 });
      }
      if (prompt.startsWith("hang")) return reply.hang();
      if (prompt.startsWith("replay")) return reply.message(`answer:${prompt}`, { delayMs: 4_000 });
      if (prompt.startsWith("takeover")) {
        // The first attempt hangs (its worker is frozen meanwhile); the one that took over answers slowly.
        if (!takenOver.has(prompt)) {
          takenOver.add(prompt);
          return reply.hang();
        }
        return reply.message(`answer:${prompt}`, { delayMs: 3_000 });
      }
      return undefined;
    };
    workers = await Promise.all([cluster.spawnWorker("w1"), cluster.spawnWorker("w2")]);
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  for (const kind of ["restart", "freeze"] as const) {
    it(`${kind}: every running turn completes once, nothing lost, nothing doubled, loss and recovery reported`, async () => {
      const stderr: string[] = [];
      const consoleError = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
        stderr.push(args.map(String).join(" "));
      });
      const writeStderr = vi.spyOn(process.stderr, "write");
      const producerWarnings: QueueWarning[] = [];
      const warningsBefore = workers.map((worker) => worker.warnings.length);
      try {
        const producer = await cluster.producer({ onWarning: (warning) => producerWarnings.push(warning) });
        // Two turns finish while Redis is away (their events and commit wait); two stream on past it.
        const prompts = ["short-1", "short-2", "long-1", "long-2"].map((name) => `outage ${kind} ${name}`);
        const jobs = await Promise.all(
          prompts.map((prompt) =>
            producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: prompt }),
          ),
        );
        const streams = jobs.map((job) => collect(job));
        await until(
          () => prompts.every((prompt) => requestsFor(prompt) > 0),
          "all four turns to reach the model",
        );

        await cluster.redis.outage(kind, OUTAGE_MS);

        const results: TurnJobResult[] = await Promise.all(jobs.map((job) => job.result()));
        const events = await Promise.all(streams);
        for (const [index, prompt] of prompts.entries()) {
          const result = results[index];
          expect(result?.status, prompt).toBe("completed");
          expect(result?.finalResponse, prompt).toBe(answerFor(prompt));
          // Every streamed delta arrived, once each, in order: they add up to the final text.
          const streamed = (events[index] ?? [])
            .map((event) => (event.method === "item/agentMessage/delta" ? event.params.delta : ""))
            .join("");
          expect(streamed, prompt).toBe(answerFor(prompt));
          const attempts = (events[index] ?? []).filter((event) => event.method === "queue/attempt");
          console.info(
            `${kind} ${prompt}: attempts ${attempts.length}, model requests ${requestsFor(prompt)}`,
          );
          // The turn ran once: no second attempt took it over, the model was asked once.
          expect(attempts.length, prompt).toBe(1);
          expect(requestsFor(prompt), prompt).toBe(1);
        }

        // The threads go on from exactly one copy of each turn.
        const next = await Promise.all(
          jobs.map((job, index) =>
            producer.enqueueTurn({ threadId: job.threadId, input: `after ${prompts[index]}` }),
          ),
        );
        for (const [index, job] of next.entries()) {
          expect((await job.result()).finalResponse).toBe(`echo:${prompts[index]} > after ${prompts[index]}`);
        }
        for (const [index, job] of jobs.entries()) {
          const stored = await storedTurns(cluster, job.threadId);
          expect(stored.version).toBe(2);
          expect(stored.prompts).toEqual([prompts[index], `after ${prompts[index]}`]);
          expect(stored.statuses).toEqual(["completed", "completed"]);
        }
        const counts = await producer.queue.getJobCounts("completed", "failed", "active", "wait", "delayed");
        // No job failed in BullMQ either (a stalled retry replays its attempt's commit), with the reasons.
        expect((await producer.queue.getFailed()).map((job) => job.failedReason)).toEqual([]);
        expect(counts).toMatchObject({ failed: 0, active: 0, wait: 0, delayed: 0 });

        // Loss and recovery reported as warnings, never as ioredis's unhandled 'error' on stderr.
        const printed = [
          ...stderr,
          ...writeStderr.mock.calls.map(([chunk]) => String(chunk)),
          ...workers.map((worker) => worker.stderr()),
        ].join("\n");
        expect(printed).not.toContain("Unhandled error event");
        const lostAt = kinds(producerWarnings).indexOf("redisConnectionLost");
        expect(lostAt, JSON.stringify(producerWarnings)).toBeGreaterThanOrEqual(0);
        expect(kinds(producerWarnings).indexOf("redisConnectionRestored")).toBeGreaterThan(lostAt);
        for (const [index, worker] of workers.entries()) {
          const seen = kinds(worker.warnings.slice(warningsBefore[index]));
          console.info(`${kind} ${worker.id} warnings: ${seen.join(", ")}`);
          expect(seen, worker.id).toContain("redisConnectionLost");
          expect(seen.indexOf("redisConnectionRestored"), worker.id).toBeGreaterThan(
            seen.indexOf("redisConnectionLost"),
          );
        }
        // Every lock expired during the outage: each turn's lock was taken back, none was taken over.
        const workerWarnings = workers.flatMap((worker, index) =>
          worker.warnings.slice(warningsBefore[index]),
        );
        expect(kinds(workerWarnings)).not.toContain("attemptSuperseded");
        for (const job of jobs) {
          expect(
            workerWarnings.some(
              (warning) => warning.kind === "threadLockReclaimed" && warning.jobId === job.jobId,
            ),
            job.jobId,
          ).toBe(true);
        }
      } finally {
        consoleError.mockRestore();
        writeStderr.mockRestore();
      }
    }, 180_000);
  }

  it("cancel() called while Redis is down reaches the running turn once Redis is back", async () => {
    const producer = await cluster.producer({ onWarning: () => {} });
    const job = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "hang cancel" });
    await eventWhere(job, (event) => event.method === "turn/started");
    await until(() => requestsFor("hang cancel") > 0, "the turn to reach the model");
    const outage = cluster.redis.outage("restart", OUTAGE_MS);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The cancel waits for Redis; its pub/sub message may reach the worker before it has subscribed again.
    const cancelled = job.cancel();
    await outage;
    await cancelled;
    const result = await job.result();
    expect(result.status).toBe("interrupted");
    const next = await producer.enqueueTurn({ threadId: job.threadId, input: "after cancel" });
    expect((await next.result()).finalResponse).toBe("echo:hang cancel > after cancel");
  }, 120_000);

  it("BullMQ retries the job as stalled while its attempt still holds the thread: the retry replays that attempt's commit", async () => {
    // The order a Redis restart can produce when another worker's stalled check gets in before this
    // worker is back, but this worker takes its thread lock back before the retry asks for it. The
    // test holds the thread lock for the frozen worker to force that order.
    const producer = await cluster.producer();
    const job = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "replay one" });
    const first = await eventWhere(job, (event) => event.method === "queue/attempt");
    await until(() => requestsFor("replay one") > 0, "the turn to reach the model");
    const frozen = workers.find(
      (worker) => first.method === "queue/attempt" && worker.id === first.params.workerId,
    );
    const warningsBefore = frozen?.warnings.length ?? 0;
    const redis = new Redis(cluster.redis.connection);
    const lockKey = queueKeys(cluster.queueName).lock(job.threadId);
    const hold = setInterval(() => void redis.pexpire(lockKey, 3_000), 200);
    frozen?.child.kill("SIGSTOP");
    try {
      // Stalled once: BullMQ moved the job and the other worker took it (it waits for the thread lock).
      for (let tries = 0; tries < 300; tries++) {
        if (
          Number(
            await redis.hget(`${bullPrefix(cluster.queueName)}:${cluster.queueName}:${job.jobId}`, "stc"),
          ) >= 1
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(
        Number(await redis.hget(`${bullPrefix(cluster.queueName)}:${cluster.queueName}:${job.jobId}`, "stc")),
      ).toBe(1);
    } finally {
      frozen?.child.kill("SIGCONT");
      clearInterval(hold);
    }
    try {
      const result = await job.result();
      expect(result.finalResponse).toBe("answer:replay one");
      for (
        let tries = 0;
        tries < 300 && (await producer.queue.getJobState(job.jobId)) !== "completed";
        tries++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await producer.queue.getJobState(job.jobId)).toBe("completed");
      // The turn ran once: one model request, one attempt; the retry only replayed the commit.
      expect(requestsFor("replay one")).toBe(1);
      const events = await collect(job);
      expect(events.filter((event) => event.method === "queue/attempt")).toHaveLength(1);
      const seen = kinds(frozen?.warnings.slice(warningsBefore) ?? []);
      expect(seen).toContain("jobLockLost");
      expect(seen).not.toContain("attemptSuperseded");
      const stored = await storedTurns(cluster, job.threadId);
      expect(stored.version).toBe(1);
      expect(stored.prompts).toEqual(["replay one"]);
    } finally {
      redis.disconnect();
    }
  }, 120_000);

  it("a real takeover still fails the old attempt, with a message naming the attempt that owns the thread", async () => {
    const producer = await cluster.producer();
    const job = await producer.enqueueTurn({ newThread: { cwd: cluster.workspace }, input: "takeover one" });
    const first = await eventWhere(job, (event) => event.method === "queue/attempt");
    await until(() => requestsFor("takeover one") > 0, "the first attempt to reach the model");
    const frozen = workers.find(
      (worker) => first.method === "queue/attempt" && worker.id === first.params.workerId,
    );
    const other = workers.find((worker) => worker !== frozen);
    expect(frozen).toBeDefined();
    const warningsBefore = frozen?.warnings.length ?? 0;

    // The first attempt's worker stops (as in a long GC pause or a partition from Redis) until the job
    // was retried as stalled and the other worker took the thread lock and runs the turn.
    frozen?.child.kill("SIGSTOP");
    let second: QueueTurnEvent;
    try {
      second = await eventWhere(
        job,
        (event) => event.method === "queue/attempt" && event.params.attempt === 2,
      );
    } finally {
      frozen?.child.kill("SIGCONT");
    }
    expect(second.method === "queue/attempt" && second.params.workerId).toBe(other?.id);

    const result = await job.result();
    expect(result.finalResponse).toBe("answer:takeover one");
    await until(
      () =>
        (frozen?.warnings.slice(warningsBefore) ?? []).some(
          (warning) => warning.kind === "attemptSuperseded",
        ),
      "the old attempt to learn of the takeover",
    );
    const superseded = frozen?.warnings
      .slice(warningsBefore)
      .find((warning) => warning.kind === "attemptSuperseded");
    expect(superseded?.jobId).toBe(job.jobId);
    expect(superseded?.owner).toMatch(new RegExp(`^${job.jobId}\\|${other?.id}\\|`));
    expect(superseded?.message).toContain(`job ${job.jobId} on worker ${other?.id}`);
    expect(superseded?.message).toMatch(/was not committed: .* owns thread/);

    // The old attempt wrote nothing after the new one began: one turn, completed, and one result.
    const events = await collect(job);
    const afterSecond = events.slice(events.indexOf(second) + 1);
    expect(
      afterSecond
        .filter((event) => event.method === "turn/completed")
        .map((event) => event.params.turn.status),
    ).toEqual(["completed"]);
    const next = await producer.enqueueTurn({ threadId: job.threadId, input: "after takeover" });
    expect((await next.result()).finalResponse).toBe("echo:takeover one > after takeover");
    const stored = await storedTurns(cluster, job.threadId);
    expect(stored.prompts).toEqual(["takeover one", "after takeover"]);
  }, 120_000);
});
