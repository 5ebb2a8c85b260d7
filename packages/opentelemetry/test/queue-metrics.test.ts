import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import { observeQueues, QUEUE_METRIC, type QueueStatsLike } from "../src/index.js";

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

/** Collects once and returns `codex.queue.jobs` as { "<queue>/<state>": value }. */
async function collect(
  sources: { stats(): Promise<QueueStatsLike> }[],
): Promise<{ points: Record<string, number> }> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  provider = new MeterProvider({ readers: [reader] });
  observeQueues(sources, { meterProvider: provider });
  const { resourceMetrics } = await reader.collect();
  const points: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== QUEUE_METRIC.jobs) continue;
      for (const point of metric.dataPoints) {
        const key = `${point.attributes[QUEUE_METRIC.queue]}/${point.attributes[QUEUE_METRIC.state]}`;
        points[key] = point.value as number;
      }
    }
  }
  return { points };
}

const stats = (queueName: string, n: number): QueueStatsLike => ({
  queueName,
  waiting: n,
  running: n + 1,
  delayed: n + 2,
  waitingOnRateLimit: n + 3,
  failed: n + 4,
  completed: n + 5,
});

describe("observeQueues", () => {
  it("reports every state of every queue when the reader collects, reading stats only then", async () => {
    let reads = 0;
    const a = {
      stats: async () => {
        reads++;
        return stats("turns-a", 10);
      },
    };
    const b = { stats: async () => stats("turns-b", 20) };
    const { points } = await collect([a, b]);
    expect(reads).toBe(1);
    expect(points).toEqual({
      "turns-a/waiting": 10,
      "turns-a/running": 11,
      "turns-a/delayed": 12,
      "turns-a/waitingOnRateLimit": 13,
      "turns-a/failed": 14,
      "turns-a/completed": 15,
      "turns-b/waiting": 20,
      "turns-b/running": 21,
      "turns-b/delayed": 22,
      "turns-b/waitingOnRateLimit": 23,
      "turns-b/failed": 24,
      "turns-b/completed": 25,
    });
  });

  it("skips a queue whose stats fail (Redis down) and still reports the others", async () => {
    const down = { stats: () => Promise.reject(new Error("ECONNREFUSED")) };
    const up = { stats: async () => stats("turns-up", 1) };
    const { points } = await collect([down, up]);
    expect(Object.keys(points).every((key) => key.startsWith("turns-up/"))).toBe(true);
    expect(points["turns-up/running"]).toBe(2);
  });
});
