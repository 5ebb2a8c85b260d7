import type { SubagentUsage, TokenUsageBreakdown, UsageCost } from "@codex/app-server-sdk";
import type { Attributes } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";

/**
 * A turn's own usage and its cost estimate as span attributes. Without an estimate the span says why
 * (`codex.usage.cost_unavailable_reason`) rather than carrying a cost of 0.
 */
export function usageAttributes(usage: TokenUsageBreakdown | null, cost: UsageCost): Attributes {
  const attributes: Attributes = {};
  if (usage) {
    attributes[ATTR.genAiUsageInputTokens] = usage.inputTokens;
    attributes[ATTR.genAiUsageOutputTokens] = usage.outputTokens;
    attributes[ATTR.genAiUsageCacheReadInputTokens] = usage.cachedInputTokens;
    if (usage.cacheWriteInputTokens !== undefined)
      attributes[ATTR.genAiUsageCacheCreationInputTokens] = usage.cacheWriteInputTokens;
    attributes[ATTR.codexReasoningOutputTokens] = usage.reasoningOutputTokens;
    attributes[ATTR.codexUsageTotalTokens] = usage.totalTokens;
  }
  if (cost.model !== undefined) attributes[ATTR.codexUsageCostModel] = cost.model;
  if (cost.usd === undefined) {
    attributes[ATTR.codexUsageCostUnavailableReason] = cost.reason;
  } else {
    attributes[ATTR.codexUsageCostUsd] = cost.usd;
    attributes[ATTR.codexUsageCostSource] = cost.source;
  }
  return attributes;
}

/**
 * What the turn's subagent threads spent, apart from the turn's own usage: their count and tokens, and
 * their cost when every one of them was priced (otherwise no cost attribute, rather than a partial sum).
 */
export function subagentAttributes(subagents: readonly SubagentUsage[]): Attributes {
  if (subagents.length === 0) return {};
  const attributes: Attributes = {
    [ATTR.codexSubagentCount]: subagents.length,
    [ATTR.codexSubagentTotalTokens]: subagents.reduce((sum, s) => sum + s.usage.totalTokens, 0),
  };
  if (subagents.every((s) => s.cost.usd !== undefined)) {
    attributes[ATTR.codexSubagentCostUsd] = subagents.reduce((sum, s) => sum + (s.cost.usd ?? 0), 0);
  }
  return attributes;
}
