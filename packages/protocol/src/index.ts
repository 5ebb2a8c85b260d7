// @codex/app-server-protocol: a typed, fault-proof JSON-RPC connection to `codex app-server`.

export {
  type AnyConnectionRequestHandler,
  CodexConnection,
  type ConnectionRequestContext,
  type ConnectionRequestHandler,
  type ConnectionSettings,
  type NotificationHandler,
  type RequestOptions,
  type ValidationMode,
} from "./connection/codex-connection.js";
export {
  type ClientInfo,
  type ConnectOptions,
  connect,
  DEFAULT_CLIENT_INFO,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from "./connection/connect.js";
export type {
  ConnectionEventListener,
  ConnectionEventMap,
  ConnectionEventName,
  ConnectionWarning,
} from "./connection/connection-events.js";
export {
  REQUEST_TRACING_CHANNEL,
  type RequestTraceContext,
} from "./connection/request-tracing.js";
export { backoffDelayMs, DEFAULT_RETRY, type RetryOptions } from "./connection/retry-policy.js";
export { parseServerVersion } from "./connection/server-version.js";
export { JsonlMessageReader } from "./framing/jsonl-message-reader.js";
export { JsonlMessageWriter } from "./framing/jsonl-message-writer.js";
export { LineSplitter } from "./framing/line-splitter.js";
export type { MalformedMessage } from "./framing/malformed-message.js";
export {
  classifyMessage,
  type JsonRpcMessage,
  type MessageKind,
  parseMessage,
} from "./framing/parse-message.js";
// Generated wire types, method maps and case adapters (src/generated is written by codegen). The
// validators are the `./validation` subpath: they carry the schema data, which a default import skips.
export * from "./generated/index.js";
// Errors, method names, subscriptions and transports: also the light entry (./light), which the SDK
// imports before it connects.
export * from "./light.js";
export type {
  AnyClientRequestMap,
  CamelServerNotificationEnvelope,
  NotificationEnvelope,
  ServerNotificationEnvelope,
  WireServerRequestParams,
  WireServerRequestResult,
} from "./protocol-types.js";
export { LazyTransport } from "./transports/lazy-transport.js";
export { SpawnTransport } from "./transports/spawn-transport.js";
export { configToArgs } from "./transports/toml-overrides.js";
export { tomlKey, tomlString } from "./transports/toml-string.js";
export { WebSocketTransport } from "./transports/websocket-transport.js";
export type { SchemaValidationIssue, SchemaValidationResult } from "./validation/schema-validator.js";
