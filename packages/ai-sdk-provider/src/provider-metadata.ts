import type { SharedV4ProviderMetadata } from "@ai-sdk/provider";
import type {
  RunResult,
  ThreadTokenUsage,
  TokenUsageBreakdown,
  TurnStatus,
  UsageCost,
} from "@codex/app-server-sdk";

// Type aliases, not interfaces: only these are assignable to the AI SDK's JSONObject.

/** Token counts as JSON (the SDK's `TokenUsage`; `cacheWriteInputTokens` only when codex reported it). */
export type CodexUsageJson = {
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  readonly reasoningOutputTokens: number;
  readonly totalTokens: number;
  readonly cacheWriteInputTokens?: number;
};

/** The thread's running usage as codex last reported it (`thread.usage()`), as JSON. */
export type CodexThreadUsageJson = {
  /** The thread's cumulative usage over all its turns. */
  readonly total: CodexUsageJson;
  /** The latest model call's usage. */
  readonly last: CodexUsageJson;
  readonly modelContextWindow: number | null;
};

/**
 * `providerMetadata.codex` of a call. The turn's own tokens are the AI SDK `usage`; its cost is here:
 * `costUsd` + `costSource` when it was priced, else `costReason` (never a silent 0).
 */
export type CodexProviderMetadata = {
  readonly threadId: string;
  readonly turnId: string;
  readonly status: TurnStatus;
  /** The estimated cost of this turn in USD (the SDK's `result.cost.usd`). */
  readonly costUsd?: number;
  /** Where the price came from: `"builtin"` (`BUILTIN_PRICES`) or `"user"` (the `prices` option). */
  readonly costSource?: "builtin" | "user";
  /** The model whose price was used (or that had none), when known. */
  readonly costModel?: string;
  /** Why there is no `costUsd`. */
  readonly costReason?: string;
  /** The thread's running total after this turn; null before codex reported any usage. */
  readonly threadUsage: CodexThreadUsageJson | null;
};

export interface MetadataInput {
  readonly threadId: string;
  readonly turnId: string;
  readonly status: TurnStatus;
  /** The turn's result; undefined when it settled without one (a reply the output schema rejected). */
  readonly result: RunResult<unknown> | undefined;
  /** The turn's cost as far as it got (`turn.snapshot().cost`), for a turn without a result. */
  readonly snapshotCost: UsageCost;
  readonly threadUsage: ThreadTokenUsage | undefined;
}

/** The turn's `providerMetadata`, JSON only: absent figures are left out, never `undefined`. */
export function codexMetadata(input: MetadataInput): SharedV4ProviderMetadata {
  const cost = input.result?.cost ?? input.snapshotCost;
  const metadata: CodexProviderMetadata = {
    threadId: input.threadId,
    turnId: input.turnId,
    status: input.status,
    ...(cost.model !== undefined && { costModel: cost.model }),
    ...(cost.usd === undefined
      ? { costReason: cost.reason }
      : { costUsd: cost.usd, costSource: cost.source }),
    threadUsage: input.threadUsage ? threadUsageJson(input.threadUsage) : null,
  };
  return { codex: metadata };
}

function threadUsageJson(usage: ThreadTokenUsage): CodexThreadUsageJson {
  return {
    total: usageJson(usage.total),
    last: usageJson(usage.last),
    modelContextWindow: usage.modelContextWindow ?? null,
  };
}

function usageJson(usage: TokenUsageBreakdown): CodexUsageJson {
  return {
    inputTokens: usage.inputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    outputTokens: usage.outputTokens,
    reasoningOutputTokens: usage.reasoningOutputTokens,
    totalTokens: usage.totalTokens,
    ...(usage.cacheWriteInputTokens !== undefined && { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}
