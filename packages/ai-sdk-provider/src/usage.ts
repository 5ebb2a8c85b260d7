import type { LanguageModelV4FinishReason, LanguageModelV4Usage } from "@ai-sdk/provider";
import type { TokenUsageBreakdown, TurnStatus } from "@codex/app-server-sdk";

/** Codex's per-turn token usage in the AI SDK's shape (all undefined when codex reported none). */
export function toUsage(usage: TokenUsageBreakdown | null): LanguageModelV4Usage {
  if (!usage) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  return {
    inputTokens: {
      total: usage.inputTokens,
      noCache: usage.inputTokens - usage.cachedInputTokens,
      cacheRead: usage.cachedInputTokens,
      cacheWrite: usage.cacheWriteInputTokens,
    },
    outputTokens: {
      total: usage.outputTokens,
      text: usage.outputTokens - usage.reasoningOutputTokens,
      reasoning: usage.reasoningOutputTokens,
    },
    raw: { ...usage },
  };
}

/** A finished turn's status as a finish reason; codex's own status stays in `raw`. */
export function toFinishReason(status: TurnStatus): LanguageModelV4FinishReason {
  switch (status) {
    case "completed":
      return { unified: "stop", raw: status };
    case "failed":
      return { unified: "error", raw: status };
    default:
      return { unified: "other", raw: status };
  }
}
