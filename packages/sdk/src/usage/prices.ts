import type { PriceTable } from "./usage-types.js";

/**
 * Where `BUILTIN_PRICES` come from: OpenAI's public API pricing page ("Pricing", platform.openai.com/docs/pricing),
 * standard tier, as of the SDK authors' knowledge on 2026-12-07 (the table was written offline: check it
 * against the page, and pass `prices` to correct or extend it).
 */
export const BUILTIN_PRICES_SOURCE =
  "OpenAI API pricing page (platform.openai.com/docs/pricing), standard tier, as known on 2026-12-07";

/**
 * USD per million tokens for models whose price the SDK is confident of. Models not listed here (codex's
 * newer catalogue entries among them) get no estimate unless the `prices` option names them.
 */
export const BUILTIN_PRICES: PriceTable = Object.freeze({
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-codex": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
});
