// @codex/app-server-sdk: embed the Codex agent — threads, streamed turns, approvals, structured output.

export {
  AbortError,
  BinaryNotFoundError,
  type ClientInfo,
  CodexError,
  ConnectionClosedError,
  type ConnectionWarning,
  ExperimentalApiError,
  InternalServerError,
  InvalidParamsError,
  InvalidRequestError,
  NotFoundError,
  ProcessExitError,
  ProtocolError,
  type RetryOptions,
  ServerOverloadedError,
  ServerShuttingDownError,
  type SpawnOptions,
  spawnTransport,
  TimeoutError,
  type Transport,
  type UnixSocketTransportOptions,
  unixSocketTransport,
  ValidationError,
  VersionMismatchError,
  type WebSocketTransportOptions,
  webSocketTransport,
} from "@codex/app-server-protocol";
// The pinned codex binary (the same lookup a default `new Codex()` spawns), for servers you start yourself.
export {
  type BinarySource,
  CODEX_VERSION,
  type ResolveBinaryOptions,
  type ResolvedBinary,
  resolveCodexBinary,
} from "@codex/runtime";
export type { DecisionEvent, DecisionSource } from "./approvals/decision-event.js";
export { NoDefaultAnswerError } from "./approvals/fail-closed.js";
export {
  type ApprovalRule,
  dangerouslyApproveAll,
  declineAll,
  type RulePolicyOptions,
  rulePolicy,
} from "./approvals/policies.js";
export type {
  ApprovalHandlers,
  CommandDecision,
  FileChangeDecision,
  ServerRequestContext,
  ServerRequestHandler,
  ServerRequestHandlers,
  ServerRequestParams,
  ServerRequestResult,
} from "./approvals/types.js";
export {
  type ApiCallOptions,
  type ApiMethodName,
  type ApiMethods,
  apiMethodName,
} from "./client/api-layer.js";
export {
  Codex,
  type ForkOptions,
  type ThreadListFilters,
  type ThreadPage,
} from "./client/codex.js";
export type { CodexOptions, SpawnTransportOption, TransportOption } from "./client/codex-options.js";
export type { Subscription } from "./client/listener-set.js";
export type { LoginHandle } from "./client/login.js";
export {
  LoginFailedError,
  NotLoggedInError,
  StructuredOutputError,
  TurnFailedError,
  TurnStateError,
  UnsupportedInputError,
} from "./errors.js";
export { type Input, type InputPart, inputPart, toUserInput } from "./input.js";
export type * from "./protocol-types.js";
export { type RenderOptions, renderTurn, type TextSink } from "./render-turn.js";
export { type OutputOf, type OutputSchema, prepareOutputSchema } from "./structured-output/output-schema.js";
export type { InferStandardOutput, StandardSchema } from "./structured-output/standard-schema.js";
export { type JsonSchema, toStrictJsonSchema } from "./structured-output/strict-json-schema.js";
export { Thread, type TurnOutput } from "./thread.js";
export type { ConfigObject, ThreadOptions, TurnOptions } from "./thread-options.js";
export type { RunResult } from "./turn/run-result.js";
export type {
  ItemOf,
  ItemType,
  NotificationEvent,
  ServerRequestDecisionEvent,
  TurnEvent,
  TurnEventMethod,
  TurnEventOf,
} from "./turn/turn-event.js";
export { TurnHandle, type Unsubscribe } from "./turn/turn-handle.js";
export type { TurnSnapshot } from "./turn/turn-state.js";
export type {
  CommandOutputChunk,
  FileChangeItem,
  PlanUpdate,
  ReasoningChunk,
} from "./turn/turn-streams.js";
