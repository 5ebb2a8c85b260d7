// @codex/queue: Codex turns as jobs on BullMQ and Redis — producers enqueue, workers on any machine run them.

export { DirectoryRolloutStore } from "./directory-rollout-store.js";
export {
  InvalidTurnJobError,
  QueueClosedError,
  TurnJobCancelledError,
  TurnJobFailedError,
} from "./errors.js";
export type {
  AttemptEvent,
  ForwardedServerRequestEvent,
  QueueTurnEvent,
  RateLimitedEvent,
} from "./event-record.js";
export {
  type AccountIdentity,
  accountKeyOf,
  type BackoffPolicy,
  FleetLimiter,
  type FleetLimiterOptions,
  FleetLimiterOptionsError,
  type LimiterScope,
  limiterScope,
  type RateLimitKind,
  type RateLimitSignal,
  rateLimitSignal,
  type ScopeLimits,
} from "./fleet-limiter.js";
export type { FailedJobUsage, TurnJobResult, TurnJobReturnValue } from "./job-outcome.js";
export { bullPrefix, DEFAULT_QUEUE_NAME } from "./keys.js";
export {
  type CreateProducerOptions,
  createProducer,
  type EnqueueTurnRequest,
  type TurnQueueProducer,
} from "./producer.js";
export type { QueueStats } from "./queue-stats.js";
export type { QueueWarning, QueueWarningListener } from "./queue-warning.js";
export type { ClusterConnection, QueueConnection } from "./redis-connection.js";
export { RedisRolloutStore } from "./redis-rollout-store.js";
export type { RolloutStore } from "./rollout-store.js";
export { type RestoredThread, type RestoreThreadOptions, restoreThread } from "./stored-thread.js";
export type { RateLimitWait, WorkerRateLimitOptions } from "./turn-admission.js";
export type { JsonSchemaObject, QueueThreadOptions, QueueTurnOptions } from "./turn-job.js";
export { TurnJobHandle, type TurnJobStatus } from "./turn-job-handle.js";
export {
  type CloseWorkerOptions,
  type CreateWorkerOptions,
  createWorker,
  type QueueWorker,
} from "./worker.js";
