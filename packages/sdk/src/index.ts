// @codex/app-server-sdk: embed the Codex agent — threads, streamed turns, approvals, structured output.

export type {
  ClientInfo,
  CodexConnection,
  ConnectionWarning,
  RequestOptions,
  RetryOptions,
  ValidationMode,
} from "@codex/app-server-protocol";
export {
  BinaryNotFoundError,
  BinaryVersionMismatchError,
  CodexAbortError,
  CodexError,
  CodexTimeoutError,
  ConnectionClosedError,
  ExperimentalApiError,
  InternalServerError,
  InvalidParamsError,
  InvalidRequestError,
  MethodNotFoundError,
  NotFoundError,
  ProcessExitError,
  ProtocolError,
  ServerOverloadedError,
  ServerShuttingDownError,
  type SpawnOptions,
  spawnTransport,
  type Transport,
  type UnixSocketTransportOptions,
  unixSocketTransport,
  ValidationError,
  VersionMismatchError,
  type WebSocketTransportOptions,
  webSocketTransport,
} from "@codex/app-server-protocol/light";
// The pinned codex binary (the same lookup a default `new Codex()` spawns), for servers you start yourself.
export {
  type BinarySource,
  CODEX_VERSION,
  type ResolveBinaryOptions,
  type ResolvedBinary,
} from "@codex/runtime";
export type {
  AccountRateLimitsUpdatedNotification,
  CreditsSnapshot,
  RateLimitSnapshot,
  RateLimitUpdatesOptions,
  RateLimitWindow,
} from "./account/rate-limits.js";
export type { ApprovalMode } from "./approvals/approval-mode.js";
export type { DecisionEvent, DecisionSource } from "./approvals/decision-event.js";
export { InvalidOptionError } from "./approvals/invalid-option-error.js";
export {
  type JudgedRequestMethod,
  type LlmJudgeCommonOptions,
  type LlmJudgeOptions,
  llmJudgePolicy,
} from "./approvals/llm-judge.js";
export {
  type ApprovalRule,
  dangerouslyApproveAll,
  declineAll,
  type RuleDecision,
  type RuleKind,
  type RulePolicyOptions,
  rulePolicy,
} from "./approvals/policies.js";
export type {
  CommandDecision,
  FileChangeDecision,
  ServerRequestContext,
  ServerRequestHandler,
  ServerRequestHandlerList,
  ServerRequestHandlers,
  ServerRequestParams,
  ServerRequestResult,
} from "./approvals/types.js";
export type { ApiMethodName, ApiMethods } from "./client/api-layer.js";
export type {
  AccountOptions,
  ChatGptLoginOptions,
  ModelListOptions,
  ThreadListOptions,
} from "./client/codex.js";
export type {
  CloseOptions,
  CodexOptions,
  SharedServerTransportOptions,
  SpawnCommandOptions,
  TransportOptions,
} from "./client/codex-options.js";
export { NoDefaultAnswerError } from "./client/fail-closed.js";
export type { Subscription } from "./client/listener-set.js";
export type { LoginHandle } from "./client/login.js";
export type { Page } from "./client/page.js";
export type { SharedServerSettings } from "./client/shared-server/options.js";
// The managed shared app-server of a CODEX_HOME (`codex-sdk server status|stop`).
export {
  type SharedServerLocation,
  type SharedServerStatus,
  sharedServerStatus,
  stopSharedServer,
} from "./client/shared-server/shared-server-api.js";
export { SharedServerError } from "./client/shared-server/shared-server-error.js";
export type { CodexWarning } from "./client/warnings.js";
export type {
  CommandOptions,
  CommandOutputEvent,
  CommandResult,
  CommandStatus,
  CommandTerminalSize,
} from "./commands/command-handle.js";
export { CommandInputError } from "./commands/command-input-error.js";
// The preflight doctor (`npx codex-sdk doctor`); its checks load on first call.
export { doctor } from "./doctor/doctor.js";
export type {
  DoctorCheck,
  DoctorCheckId,
  DoctorOptions,
  DoctorReport,
  DoctorStatus,
  DoctorValue,
} from "./doctor/types.js";
// The facades: `Codex` and what it hands out synchronously, and the classes only the engine makes.
// Everything behind them loads with the first `new Codex()` (entry/engine-loader.ts).
export { FileWatch, GoalHandle, ReviewHandle, Thread, TurnHandle } from "./entry/classes.js";
export { Codex } from "./entry/codex.js";
export { CommandHandle } from "./entry/command-handle.js";
export { FileSystem } from "./entry/file-system.js";
export { renderTurn } from "./entry/render-turn.js";
export { resolveCodexBinary } from "./entry/resolve-binary.js";
export {
  LoginFailedError,
  MalformedTurnEventError,
  NotLoggedInError,
  OutputSchemaError,
  StructuredOutputError,
  type StructuredOutputTurn,
  TurnFailedError,
  TurnStalledError,
  TurnStateError,
  UnsupportedInputError,
} from "./errors.js";
export type {
  CopyOptions,
  CreateDirectoryOptions,
  DirectoryEntry,
  FileMetadata,
  RemoveOptions,
} from "./fs/file-system.js";
export type { FileChangeEvent } from "./fs/file-watch.js";
export { FileNotFoundError, FileSystemError, type FsErrorCode } from "./fs/fs-errors.js";
export { FsPathError } from "./fs/fs-path-error.js";
export type { GoalOptions } from "./goals/goal-handle.js";
export type { GoalResult, GoalUpdate, ThreadGoal, ThreadGoalStatus } from "./goals/goal-types.js";
export { type Input, type InputPart, inputPart } from "./input.js";
export type * from "./protocol-types.js";
export type { RenderOptions, TextSink } from "./render-turn.js";
export type { ReviewOptions, ReviewResult, ReviewTarget } from "./review/review-handle.js";
export type {
  ReviewFinding,
  ReviewFindingLocation,
  ReviewOutput,
} from "./review/review-output.js";
export { ReviewTargetError } from "./review/review-target-error.js";
export { sandboxPresets, type WorkspaceWriteSandboxOptions } from "./sandbox-presets.js";
export type { JsonSchema, OutputOf, OutputSchema } from "./structured-output/schema-types.js";
export type { InferStandardOutput, StandardSchema } from "./structured-output/standard-schema.js";
export { toStrictJsonSchema } from "./structured-output/strict-json-schema.js";
export type {
  ForkThreadOptions,
  ReadThreadOptions,
  TurnOutput,
  TurnStartMessage,
} from "./thread.js";
export type { ConfigObject, ThreadOptions, TurnOptions } from "./thread-options.js";
export { type ToolOptions, tool } from "./tools/tool.js";
export { ToolDefinitionError } from "./tools/tool-errors.js";
export type { JsonLike, ToolContentItem, ToolContentOutput, ToolOutput } from "./tools/tool-output.js";
export type { Tool, ToolCallContext, ToolInput, ToolInputSchema } from "./tools/tool-types.js";
export {
  type HasItems,
  itemsOfType,
  type ResultItems,
  resultItems,
} from "./turn/result-items.js";
export type { RunResult } from "./turn/run-result.js";
export type { ServerTurnOptions } from "./turn/server-started-turn.js";
export type {
  BudgetWarningEvent,
  ItemOf,
  ItemType,
  NotificationEvent,
  ServerRequestDecisionEvent,
  TurnEvent,
  TurnEventMethod,
  TurnEventOf,
} from "./turn/turn-event.js";
export type { TurnHandleStatus } from "./turn/turn-handle.js";
export { TURN_START_CHANNEL } from "./turn/turn-start-channel-name.js";
export type { TurnSnapshot } from "./turn/turn-state.js";
export type {
  AgentMessageChunk,
  CommandOutputChunk,
  FileChangeItem,
  PlanUpdate,
  ReasoningChunk,
} from "./turn/turn-streams.js";
export { BudgetExceededError, BudgetPriceMissingError } from "./usage/budget-errors.js";
export type {
  Budget,
  BudgetLimit,
  BudgetScope,
  BudgetStatus,
  BudgetWarning,
  TurnBudget,
} from "./usage/budget-types.js";
export { estimateCost } from "./usage/cost.js";
export { BUILTIN_PRICES, BUILTIN_PRICES_SOURCE } from "./usage/prices.js";
export type {
  ModelPrice,
  PriceTable,
  SubagentUsage,
  TokenUsage,
  UsageCost,
} from "./usage/usage-types.js";
