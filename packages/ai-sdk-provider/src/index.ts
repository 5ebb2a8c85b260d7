// @codex/ai-sdk-provider: the Codex agent as a Vercel AI SDK language model (specification v4).

export { CodexLanguageModel, DEFAULT_MODEL_ID } from "./codex-language-model.js";
export { type CodexProvider, createCodexProvider } from "./codex-provider.js";
export { InvalidProviderOptionsError, ProviderClosedError } from "./errors.js";
export type {
  CodexProviderMetadata,
  CodexThreadUsageJson,
  CodexUsageJson,
} from "./provider-metadata.js";
export type { CodexCallOptions } from "./provider-options.js";
export type {
  CodexModelSettings,
  CodexProviderSettings,
  CodexThreadSettings,
  ServerRequestHandlerSet,
} from "./settings.js";
export { CODEX_TOOL_NAMES } from "./tool-parts.js";
