// @codex/exec-compat: the API of @openai/codex-sdk 0.163.0, with every turn of a `Codex` on one
// long-lived codex app-server. Install it as "@openai/codex-sdk": "npm:@codex/exec-compat@<version>".

export type { ApprovalHandler, ApprovalRequest } from "./approval-handler.js";
export { Codex, closeCodex } from "./codex.js";
export { ExecCompatAbortError, ExecCompatError, ExecCompatTurnError } from "./errors.js";
export type {
  ItemCompletedEvent,
  ItemStartedEvent,
  ItemUpdatedEvent,
  ThreadError,
  ThreadErrorEvent,
  ThreadEvent,
  ThreadStartedEvent,
  TurnCompletedEvent,
  TurnFailedEvent,
  TurnStartedEvent,
  Usage,
} from "./events.js";
export type { Input, UserInput } from "./input.js";
export type {
  AgentMessageItem,
  CommandExecutionItem,
  ErrorItem,
  FileChangeItem,
  McpToolCallItem,
  ReasoningItem,
  ThreadItem,
  TodoListItem,
  WebSearchItem,
} from "./items.js";
export type {
  ApprovalMode,
  CodexOptions,
  CyberAccessProgram,
  ModelReasoningEffort,
  SandboxMode,
  ThreadOptions,
  TurnOptions,
  WebSearchMode,
} from "./options.js";
export { type RunResult, type RunStreamedResult, Thread } from "./thread.js";
