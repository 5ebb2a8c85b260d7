import { type Meter, type MeterProvider, metrics } from "@opentelemetry/api";

/** What a queue reports (the shape of `@codex/queue`'s QueueStats; structural, so no dependency on it). */
export interface QueueStatsLike {
  readonly queueName: string;
  readonly waiting: number;
  readonly running: number;
  readonly delayed: number;
  readonly waitingOnRateLimit: number;
  readonly failed: number;
  readonly completed: number;
}

export interface QueueMetricsOptions {
  /** Where the gauges go. Default: the globally registered provider (a no-op until one is registered). */
  readonly meterProvider?: MeterProvider;
}

/** The gauge's name and the attribute that says which count it is. */
export const QUEUE_METRIC = {
  jobs: "codex.queue.jobs",
  state: "codex.queue.job.state",
  queue: "codex.queue.name",
} as const;

const STATES = ["waiting", "running", "delayed", "waitingOnRateLimit", "failed", "completed"] as const;

/**
 * Observable gauge `codex.queue.jobs` (one point per queue and state: waiting, running, delayed,
 * waitingOnRateLimit, failed, completed), read from each source's `stats()` when the exporter collects, so
 * nothing polls Redis between collections. A source that fails to answer reports nothing that round.
 * Returns a function that removes the callback.
 */
export function observeQueues(
  sources: readonly { stats(): Promise<QueueStatsLike> }[],
  options: QueueMetricsOptions = {},
): () => void {
  const meter: Meter = (options.meterProvider ?? metrics).getMeter("@codex/opentelemetry", "0.1.0");
  const gauge = meter.createObservableGauge(QUEUE_METRIC.jobs, {
    description: "Turn jobs of a Codex queue by state",
    unit: "{job}",
  });
  const callback = async (observer: Parameters<Parameters<Meter["addBatchObservableCallback"]>[0]>[0]) => {
    const all = await Promise.allSettled(sources.map((source) => source.stats()));
    for (const settled of all) {
      if (settled.status !== "fulfilled") continue;
      const stats = settled.value;
      for (const state of STATES) {
        observer.observe(gauge, stats[state], {
          [QUEUE_METRIC.queue]: stats.queueName,
          [QUEUE_METRIC.state]: state,
        });
      }
    }
  };
  meter.addBatchObservableCallback(callback, [gauge]);
  return () => meter.removeBatchObservableCallback(callback, [gauge]);
}
