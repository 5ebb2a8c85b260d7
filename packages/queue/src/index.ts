// @codex/queue: Codex turns as jobs on BullMQ and Redis — producers enqueue, workers on any machine run them.

export { DirectoryRolloutStore } from "./directory-rollout-store.js";
export {
  InvalidTurnJobError,
  QueueClosedError,
  TurnJobCancelledError,
  TurnJobFailedError,
} from "./errors.js";
export type { AttemptEvent, ForwardedServerRequestEvent, QueueTurnEvent } from "./event-record.js";
export type { FailedJobUsage, TurnJobResult, TurnJobReturnValue } from "./job-outcome.js";
export { DEFAULT_QUEUE_NAME } from "./keys.js";
export {
  type CreateProducerOptions,
  createProducer,
  type EnqueueTurnRequest,
  type TurnQueueProducer,
} from "./producer.js";
export type { QueueConnection } from "./redis-connection.js";
export { RedisRolloutStore } from "./redis-rollout-store.js";
export type { RolloutStore } from "./rollout-store.js";
export { type RestoredThread, type RestoreThreadOptions, restoreThread } from "./stored-thread.js";
export type { JsonSchemaObject, QueueThreadOptions, QueueTurnOptions } from "./turn-job.js";
export { TurnJobHandle, type TurnJobStatus } from "./turn-job-handle.js";
export { type CreateWorkerOptions, createWorker, type QueueWorker } from "./worker.js";
