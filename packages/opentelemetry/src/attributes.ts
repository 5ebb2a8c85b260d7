/**
 * Attribute names. GenAI ones follow the OpenTelemetry GenAI semantic conventions (gen_ai.*), JSON-RPC
 * ones the RPC conventions (rpc.*); codex-specific details live under codex.*.
 */
export const ATTR = {
  genAiOperationName: "gen_ai.operation.name",
  genAiProviderName: "gen_ai.provider.name",
  genAiSystem: "gen_ai.system",
  genAiAgentName: "gen_ai.agent.name",
  genAiConversationId: "gen_ai.conversation.id",
  genAiRequestModel: "gen_ai.request.model",
  genAiResponseModel: "gen_ai.response.model",
  genAiResponseId: "gen_ai.response.id",
  genAiResponseFinishReasons: "gen_ai.response.finish_reasons",
  genAiUsageInputTokens: "gen_ai.usage.input_tokens",
  genAiUsageOutputTokens: "gen_ai.usage.output_tokens",
  genAiUsageCacheReadInputTokens: "gen_ai.usage.cache_read.input_tokens",
  genAiUsageCacheCreationInputTokens: "gen_ai.usage.cache_creation.input_tokens",
  genAiToolName: "gen_ai.tool.name",
  genAiToolCallId: "gen_ai.tool.call.id",
  genAiToolType: "gen_ai.tool.type",
  errorType: "error.type",
  processCommandLine: "process.command_line",
  processExitCode: "process.exit.code",
  rpcSystem: "rpc.system",
  rpcMethod: "rpc.method",
  rpcJsonrpcVersion: "rpc.jsonrpc.version",
  rpcJsonrpcRequestId: "rpc.jsonrpc.request_id",
  rpcJsonrpcErrorCode: "rpc.jsonrpc.error_code",
  rpcJsonrpcErrorMessage: "rpc.jsonrpc.error_message",
  codexThreadId: "codex.thread.id",
  codexTurnId: "codex.turn.id",
  codexTurnStatus: "codex.turn.status",
  codexReasoningOutputTokens: "codex.usage.reasoning_output_tokens",
  // The GenAI conventions have no total-tokens attribute (nor a cost one): these are codex's own.
  codexUsageTotalTokens: "codex.usage.total_tokens",
  codexUsageCostUsd: "codex.usage.cost_usd",
  codexUsageCostSource: "codex.usage.cost_source",
  codexUsageCostModel: "codex.usage.cost_model",
  codexUsageCostUnavailableReason: "codex.usage.cost_unavailable_reason",
  /** Subagent threads the turn spawned (`result.subagents`): how many, their tokens and priced cost. */
  codexSubagentCount: "codex.subagents.count",
  codexSubagentTotalTokens: "codex.subagents.total_tokens",
  codexSubagentCostUsd: "codex.subagents.cost_usd",
  codexItemId: "codex.item.id",
  codexItemType: "codex.item.type",
  codexItemStatus: "codex.item.status",
  codexCommandCwd: "codex.command.cwd",
  codexFileChangePaths: "codex.file_change.paths",
  codexMcpServer: "codex.mcp.server",
  codexDecisionMethod: "codex.decision.method",
  codexDecision: "codex.decision",
  codexDecisionSource: "codex.decision.source",
  codexDecisionRequestId: "codex.decision.request_id",
  codexDecisionElapsedMs: "codex.decision.elapsed_ms",
} as const;

/** The span event recorded for every answered server request (approvals and the like). */
export const DECISION_EVENT = "codex.server_request.decision";
