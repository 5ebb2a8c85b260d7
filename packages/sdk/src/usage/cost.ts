import { BUILTIN_PRICES } from "./prices.js";
import type { ModelPrice, PriceTable, TokenUsage, UsageCost } from "./usage-types.js";

/** The price of `model`: from `userPrices` first, then the SDK's table. */
export function priceOf(
  model: string,
  userPrices: PriceTable | undefined,
): { price: ModelPrice; source: "builtin" | "user" } | undefined {
  const user = userPrices && Object.hasOwn(userPrices, model) ? userPrices[model] : undefined;
  if (user) return { price: user, source: "user" };
  const builtin = Object.hasOwn(BUILTIN_PRICES, model) ? BUILTIN_PRICES[model] : undefined;
  return builtin && { price: builtin, source: "builtin" };
}

/** USD for `usage` at `price`: uncached input, cached input and output tokens, each per million. */
export function usdFor(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  const cachedRate = price.cachedInput ?? price.input;
  return (uncached * price.input + cached * cachedRate + usage.outputTokens * price.output) / 1_000_000;
}

/** The estimated cost of `usage` on `model`; `usd: undefined` with a reason when it cannot be priced. */
export function estimateCost(
  usage: TokenUsage | null,
  model: string | undefined,
  userPrices?: PriceTable,
): UsageCost {
  if (model === undefined) return { usd: undefined, model, reason: "the model that ran is not known" };
  if (!usage) return { usd: undefined, model, reason: "codex reported no token usage for this turn" };
  const found = priceOf(model, userPrices);
  if (!found) {
    return {
      usd: undefined,
      model,
      reason: `no price for model "${model}": pass it in the \`prices\` option`,
    };
  }
  return { usd: usdFor(usage, found.price), model, price: found.price, source: found.source };
}
