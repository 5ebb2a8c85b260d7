import type { SharedV4ProviderOptions } from "@ai-sdk/provider";
import { InvalidProviderOptionsError } from "./errors.js";

/**
 * Per-call options under `providerOptions.codex`. Pass either to pin the codex thread a call continues;
 * without them the provider finds the thread from the message history it recorded.
 */
export interface CodexCallOptions {
  /** Continue this codex thread (resumed from disk when this provider has not loaded it). */
  readonly threadId?: string;
  /** Your own conversation key (a chat id): every call with it continues one thread. */
  readonly conversationId?: string;
}

export function parseCallOptions(providerOptions: SharedV4ProviderOptions | undefined): CodexCallOptions {
  const raw = providerOptions?.codex;
  if (raw === undefined) return {};
  const options: { threadId?: string; conversationId?: string } = {};
  for (const key of ["threadId", "conversationId"] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value === "") {
      throw new InvalidProviderOptionsError(`providerOptions.codex.${key} must be a non-empty string.`);
    }
    options[key] = value;
  }
  const unknown = Object.keys(raw).filter((key) => key !== "threadId" && key !== "conversationId");
  if (unknown.length > 0) {
    throw new InvalidProviderOptionsError(
      `Unknown providerOptions.codex option(s): ${unknown.join(", ")} (known: threadId, conversationId).`,
    );
  }
  return options;
}
