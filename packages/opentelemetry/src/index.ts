// @codex/opentelemetry: opt-in OpenTelemetry tracing for @codex/app-server-sdk, and queue metrics.

export { ATTR, DECISION_EVENT } from "./attributes.js";
export {
  CodexInstrumentation,
  type CodexInstrumentationOptions,
  instrumentCodex,
} from "./codex-instrumentation.js";
export {
  observeQueues,
  QUEUE_METRIC,
  type QueueMetricsOptions,
  type QueueStatsLike,
} from "./queue-metrics.js";
export { REQUEST_CHANNEL } from "./request-spans.js";
export { TURN_CHANNEL } from "./turn-spans.js";
