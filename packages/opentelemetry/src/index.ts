// @codex/opentelemetry: opt-in OpenTelemetry tracing for @codex/app-server-sdk.

export { ATTR, DECISION_EVENT } from "./attributes.js";
export {
  CodexInstrumentation,
  type CodexInstrumentationOptions,
  instrumentCodex,
} from "./codex-instrumentation.js";
export { REQUEST_CHANNEL } from "./request-spans.js";
export { TURN_CHANNEL } from "./turn-spans.js";
