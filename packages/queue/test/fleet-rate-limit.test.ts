// The fleet rate limit through real workers: 3 worker processes (real codex each) share one cap and one
// backoff in Redis; jobs over the limit wait in the queue and say why.
import { reply } from "@codex/app-server-testing";
import { afterEach, describe, expect, it } from "vitest";
import type { QueueTurnEvent, RateLimitWait, TurnJobHandle } from "../src/index.js";
import { type Cluster, echoHistory, startCluster, userPrompts } from "./support/cluster.js";

const T = 180_000;
let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
}, 60_000);

interface Finished {
  readonly job: TurnJobHandle;
  readonly events: QueueTurnEvent[];
  readonly status: string;
}

async function runAll(jobs: TurnJobHandle[]): Promise<Finished[]> {
  return Promise.all(
    jobs.map(async (job) => {
      const events: QueueTurnEvent[] = [];
      for await (const event of job) events.push(event);
      return { job, events, status: (await job.result()).status };
    }),
  );
}

const waitsOf = (finished: Finished[]): RateLimitWait[] =>
  finished.flatMap(({ events }) =>
    events.flatMap((e) => (e.method === "queue/rateLimited" ? [e.params] : [])),
  );

/** The largest number of turns running at one moment, from each turn's started/completed times. */
function maxOverlap(finished: Finished[]): number {
  const edges: [number, number][] = [];
  for (const { events } of finished) {
    // The last attempt's turn: earlier attempts' events are void.
    const started = events.findLast((e) => e.method === "turn/started")?.emittedAtMs;
    const completed = events.findLast((e) => e.method === "turn/completed")?.emittedAtMs;
    if (started === undefined || completed === undefined) throw new Error("a turn without its times");
    edges.push([started, 1], [completed, -1]);
  }
  // Ends before starts at the same millisecond: a slot freed and taken at once is not an overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let max = 0;
  for (const [, delta] of edges) {
    running += delta;
    max = Math.max(max, running);
  }
  return max;
}

describe("fleet rate limit across 3 worker processes (real redis, real codex)", () => {
  it(
    "holds maxConcurrency 2 across the fleet: never more than 2 turns at once, and 2 reached",
    async () => {
      cluster = await startCluster({ concurrency: 4, rateLimit: { maxConcurrency: 2, jitterMs: 50 } });
      const started = cluster;
      // Each turn streams for about half a second, so turns of different workers would overlap.
      started.brain = (request) =>
        reply.message(`done:${userPrompts(request).at(-1)}`, { deltas: "auto", eventDelayMs: 60 });
      await Promise.all([started.spawnWorker("w1"), started.spawnWorker("w2"), started.spawnWorker("w3")]);
      const producer = await started.producer();
      const jobs = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          producer.enqueueTurn({ newThread: { cwd: started.workspace }, input: `job-${n}` }),
        ),
      );
      // The ops view while it runs: jobs waiting on the rate limit show up as such.
      let sampling = true;
      let maxWaitingOnRateLimit = 0;
      const sampler = (async () => {
        while (sampling) {
          const stats = await producer.stats();
          maxWaitingOnRateLimit = Math.max(maxWaitingOnRateLimit, stats.waitingOnRateLimit);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const finished = await runAll(jobs);
      sampling = false;
      await sampler;
      expect(finished.map((f) => f.status)).toEqual(Array(12).fill("completed"));
      expect(maxWaitingOnRateLimit).toBeGreaterThan(0);
      const after = await producer.stats();
      expect(after).toMatchObject({ queueName: started.queueName, running: 0, waiting: 0, failed: 0 });
      expect(after.completed).toBe(12);
      const overlap = maxOverlap(finished);
      const waits = waitsOf(finished);
      const workers = new Set(
        finished.flatMap(({ events }) =>
          events.flatMap((e) => (e.method === "queue/attempt" ? [e.params.workerId] : [])),
        ),
      );
      console.log(
        `max concurrent turns ${overlap} (cap 2), ${waits.length} waits, workers ${[...workers]}, ` +
          `at most ${maxWaitingOnRateLimit} jobs waiting on the rate limit at once`,
      );
      expect(overlap).toBeLessThanOrEqual(2);
      expect(overlap).toBe(2);
      // Jobs over the cap waited in the queue, and said why.
      expect(waits.length).toBeGreaterThan(0);
      expect(waits.every((wait) => wait.reason === "concurrency" && wait.cap === 2)).toBe(true);
      expect(workers.size).toBeGreaterThan(1);
      // Each turn ran once: one model request per job.
      expect(started.mock.requests.length).toBe(12);
    },
    T,
  );

  it(
    "a usage-limit error from codex backs off every worker; the jobs wait and then all complete",
    async () => {
      cluster = await startCluster({
        concurrency: 2,
        rateLimit: { backoff: { initialMs: 2_000, maxMs: 2_000 }, jitterMs: 50 },
      });
      const started = cluster;
      // The account is over its usage limit until the first refusal plus 1.5 s; then the model answers.
      let limitedUntil: number | undefined;
      const refusedAt: number[] = [];
      const answeredAt: number[] = [];
      started.brain = (request) => {
        const now = Date.now();
        limitedUntil ??= now + 1_500;
        if (now < limitedUntil) {
          refusedAt.push(now);
          return reply.httpError(429, { error: { type: "usage_limit_reached", plan_type: "pro" } });
        }
        answeredAt.push(now);
        return echoHistory(request);
      };
      await Promise.all([started.spawnWorker("w1"), started.spawnWorker("w2"), started.spawnWorker("w3")]);
      const producer = await started.producer();
      const jobs = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          producer.enqueueTurn({ newThread: { cwd: started.workspace }, input: `job-${n}` }),
        ),
      );
      const finished = await runAll(jobs);
      expect(finished.map((f) => f.status)).toEqual(Array(12).fill("completed"));
      const waits = waitsOf(finished).filter((wait) => wait.reason === "backoff");
      const backedOff = new Set(waits.map((wait) => wait.workerId));
      console.log(
        `${refusedAt.length} refused calls, ${waits.length} backoff waits on ${[...backedOff]}, ` +
          `first answer ${Math.min(...answeredAt) - Math.min(...refusedAt)} ms after the first refusal`,
      );
      // Every worker held its jobs back, for the reason codex gave.
      expect(backedOff).toEqual(new Set(["w1", "w2", "w3"]));
      expect(waits.every((wait) => /usageLimit/.test(wait.backoffReason ?? ""))).toBe(true);
      // Nobody hammered the account: the calls refused are those already running when the limit hit (at
      // most the fleet's 6 slots), and the backoff (2 s) kept every call away until after the limit.
      expect(refusedAt.length).toBeGreaterThan(0);
      expect(refusedAt.length).toBeLessThanOrEqual(6);
      expect(Math.min(...answeredAt)).toBeGreaterThanOrEqual(Math.min(...refusedAt) + 1_500);
      // Each job completed once, with its own prompt only (a refused turn was not committed).
      for (const { job } of finished) {
        const result = await job.result();
        expect(result.finalResponse).toMatch(/^echo:job-\d+$/);
      }
    },
    T,
  );
});
