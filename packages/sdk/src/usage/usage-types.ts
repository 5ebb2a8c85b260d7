import type { TokenUsageBreakdown } from "../protocol-types.js";

/**
 * Token counts, as codex reports them (`TokenUsageBreakdown`):
 * - `inputTokens`: every input token the model read, cached ones included.
 * - `cachedInputTokens`: the part of `inputTokens` served from the prompt cache (billed at the cached rate).
 * - `outputTokens`: every token the model wrote, reasoning included.
 * - `reasoningOutputTokens`: the part of `outputTokens` spent on hidden reasoning.
 * - `totalTokens`: `inputTokens + outputTokens`.
 */
export type TokenUsage = TokenUsageBreakdown;

/** A model's price in USD per million tokens. */
export interface ModelPrice {
  /** USD per million input tokens that were not served from the cache. */
  readonly input: number;
  /** USD per million cached input tokens; default: `input`. */
  readonly cachedInput?: number;
  /** USD per million output tokens (reasoning tokens are output tokens). */
  readonly output: number;
}

/** Prices by model id (`gpt-5`, `o3`, ...). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** The estimated cost of a turn (or of any usage), in USD. */
export type UsageCost =
  | {
      /** The estimate in USD: uncached input, cached input and output tokens times their prices. */
      readonly usd: number;
      /** The model whose price was used. */
      readonly model: string;
      /** The price table entry used. */
      readonly price: ModelPrice;
      /** Where the price came from: the SDK's table (`BUILTIN_PRICES`) or the `prices` option. */
      readonly source: "builtin" | "user";
    }
  | {
      /** No estimate: the model has no price, or no usage was reported. Never a silent zero. */
      readonly usd: undefined;
      /** The model, when known. */
      readonly model: string | undefined;
      /** Why there is no estimate. */
      readonly reason: string;
    };

/**
 * What a subagent thread spent on behalf of a turn: codex's multi-agent tools (`spawn_agent`) run a child
 * thread whose turns carry the spawning turn's id as `rootTurnId` (grandchildren too). Its tokens are not
 * in the parent thread's totals, so the SDK counts them apart: `result.subagents`.
 */
export interface SubagentUsage {
  /** The subagent's thread. */
  readonly threadId: string;
  /** Its turns attributed to this turn, in the order they started. */
  readonly turnIds: readonly string[];
  /** Their usage (growth of the subagent thread's `total` during each of them), as last reported. */
  readonly usage: TokenUsage;
  /** The subagent's model, from the `collabAgentToolCall` item that spawned it, when known. */
  readonly model: string | undefined;
  /** `usage` priced like `result.cost`. */
  readonly cost: UsageCost;
}
