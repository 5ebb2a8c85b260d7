import type { TokenUsage } from "./usage-types.js";

/** No tokens. */
export function zeroUsage(): TokenUsage {
  return { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0 };
}

/** `a - b`, field by field (never below zero). */
export function subtractUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const minus = (x: number, y: number) => Math.max(0, x - y);
  const usage: { -readonly [K in keyof TokenUsage]: TokenUsage[K] } = {
    inputTokens: minus(a.inputTokens, b.inputTokens),
    cachedInputTokens: minus(a.cachedInputTokens, b.cachedInputTokens),
    outputTokens: minus(a.outputTokens, b.outputTokens),
    reasoningOutputTokens: minus(a.reasoningOutputTokens, b.reasoningOutputTokens),
    totalTokens: minus(a.totalTokens, b.totalTokens),
  };
  if (a.cacheWriteInputTokens !== undefined) {
    usage.cacheWriteInputTokens = minus(a.cacheWriteInputTokens, b.cacheWriteInputTokens ?? 0);
  }
  return usage;
}

/** `a + b`, field by field. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const usage: { -readonly [K in keyof TokenUsage]: TokenUsage[K] } = {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningOutputTokens: a.reasoningOutputTokens + b.reasoningOutputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
  if (a.cacheWriteInputTokens !== undefined || b.cacheWriteInputTokens !== undefined) {
    usage.cacheWriteInputTokens = (a.cacheWriteInputTokens ?? 0) + (b.cacheWriteInputTokens ?? 0);
  }
  return usage;
}
