import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueTurnEvent, TurnJobHandle } from "../src/index.js";
import { queueKeys } from "../src/keys.js";
import { type Cluster, startCluster } from "./support/cluster.js";

const THREADS = 30;
const TURNS = 3;

describe.each([
  { redis: "one redis-server", redisCluster: false },
  { redis: "a Redis Cluster (3 primaries), its queue's primary failed over mid-run", redisCluster: true },
])("3 workers, 30 threads x 3 turns enqueued at once, on $redis", ({ redisCluster }) => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ concurrency: 4, redisCluster });
    await Promise.all([cluster.spawnWorker("w1"), cluster.spawnWorker("w2"), cluster.spawnWorker("w3")]);
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it("runs all 90 turns with the right history, each thread's turns in order and never overlapping", async () => {
    const producer = await cluster.producer();
    const handles: { thread: number; turn: number; handle: Promise<TurnJobHandle> }[] = [];
    for (let thread = 0; thread < THREADS; thread++) {
      for (let turn = 1; turn <= TURNS; turn++) {
        const input = `t${thread}-turn${turn}`;
        const request =
          turn === 1
            ? { newThread: { cwd: cluster.workspace }, threadId: `thread-${thread}`, input }
            : { threadId: `thread-${thread}`, input };
        handles.push({ thread, turn, handle: producer.enqueueTurn(request) });
      }
    }
    let finished = 0;
    let failedOver: Promise<string> | undefined;
    const outcomes = await Promise.all(
      handles.map(async ({ thread, turn, handle }) => {
        const job = await handle;
        const events: QueueTurnEvent[] = [];
        for await (const event of job) events.push(event);
        const result = await job.result();
        // A third of the way through, the primary serving the queue's slot hands over to its replica.
        finished += 1;
        if (cluster.redisCluster && finished === (THREADS * TURNS) / 3) {
          failedOver = cluster.redisCluster
            .failover(queueKeys(cluster.queueName).thread("any"))
            .then(({ from, to }) => `${from.port} -> ${to.port} after ${finished} turns`);
        }
        return { thread, turn, job, events, result };
      }),
    );
    if (failedOver) console.log(`failover of the queue's primary: ${await failedOver}`);
    expect(failedOver !== undefined).toBe(redisCluster);

    expect(outcomes).toHaveLength(THREADS * TURNS);
    const workersUsed = new Set<string>();
    let moves = 0;
    for (let thread = 0; thread < THREADS; thread++) {
      const turns = outcomes.filter((outcome) => outcome.thread === thread).sort((a, b) => a.turn - b.turn);
      const codexThreadIds = new Set(turns.map((outcome) => outcome.result.threadId));
      expect(codexThreadIds.size).toBe(1);
      let previousEnd = 0;
      let previousWorker: string | undefined;
      for (const { turn, result, events, job } of turns) {
        expect(job.threadId).toBe(`thread-${thread}`);
        expect(result.status).toBe("completed");
        // The model saw the thread's whole history, in order, whichever worker ran the earlier turns.
        const history = Array.from({ length: turn }, (_, index) => `t${thread}-turn${index + 1}`);
        expect(result.finalResponse).toBe(`echo:${history.join(" > ")}`);
        const attempt = events.find((event) => event.method === "queue/attempt");
        if (attempt?.method === "queue/attempt") {
          workersUsed.add(attempt.params.workerId);
          if (previousWorker !== undefined && previousWorker !== attempt.params.workerId) moves += 1;
          previousWorker = attempt.params.workerId;
        }
        const started = events.find((event) => event.method === "turn/started");
        const completed = events.find((event) => event.method === "turn/completed");
        expect(started?.emittedAtMs).toBeTypeOf("number");
        expect(completed?.emittedAtMs).toBeTypeOf("number");
        // No overlap: this turn started after the thread's previous turn completed.
        expect(started?.emittedAtMs ?? 0).toBeGreaterThanOrEqual(previousEnd);
        previousEnd = completed?.emittedAtMs ?? Number.POSITIVE_INFINITY;
        // The stream carried the turn's own events, text deltas included, in order.
        const text = events
          .filter((event) => event.method === "item/agentMessage/delta")
          .map((event) => (event.method === "item/agentMessage/delta" ? event.params.delta : ""))
          .join("");
        expect(text).toBe(result.finalResponse);
      }
    }
    // Every worker ran turns, and threads moved between workers (restored from the store, full history).
    expect(workersUsed.size).toBe(3);
    expect(moves).toBeGreaterThan(0);
  }, 240_000);
});
