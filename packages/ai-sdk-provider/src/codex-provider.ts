import {
  type EmbeddingModelV4,
  type ImageModelV4,
  NoSuchModelError,
  type ProviderV4,
} from "@ai-sdk/provider";
import { Codex } from "@codex/app-server-sdk";
import { CodexLanguageModel, DEFAULT_MODEL_ID, type ModelHost } from "./codex-language-model.js";
import { ProviderClosedError } from "./errors.js";
import type { CodexModelSettings, CodexProviderSettings } from "./settings.js";
import { ThreadRegistry } from "./thread-registry.js";

/**
 * `codex(modelId?, settings?)` returns a language model for `generateText` / `streamText`. All models of
 * one provider share one `Codex` client, so one app-server process and one thread registry.
 */
export interface CodexProvider extends ProviderV4, AsyncDisposable {
  (modelId?: string, settings?: CodexModelSettings): CodexLanguageModel;
  languageModel(modelId?: string, settings?: CodexModelSettings): CodexLanguageModel;
  /** Codex has no embedding models: throws NoSuchModelError (the AI SDK's provider contract). */
  embeddingModel(modelId: string): EmbeddingModelV4;
  /** Codex has no image models: throws NoSuchModelError. */
  imageModel(modelId: string): ImageModelV4;
  /** The shared client (created on first use unless one was passed in). */
  readonly client: Codex<boolean>;
  /**
   * Stops the provider: later calls throw ProviderClosedError. Closes the client if the provider created
   * it (which interrupts running turns and ends the app-server); a client you passed in stays open.
   */
  close(): Promise<void>;
}

export function createCodexProvider(settings: CodexProviderSettings = {}): CodexProvider {
  let client: Codex<boolean> | undefined = settings.codex;
  const ownsClient = client === undefined;
  let closed = false;
  const getClient = (): Codex<boolean> => {
    if (closed) throw new ProviderClosedError();
    client ??= new Codex(settings.codexOptions);
    return client;
  };
  const host: ModelHost = {
    threads: new ThreadRegistry(getClient, settings.maxConversations ?? 1000),
    assertOpen: () => {
      if (closed) throw new ProviderClosedError();
    },
  };
  const languageModel = (modelId = DEFAULT_MODEL_ID, modelSettings: CodexModelSettings = {}) =>
    new CodexLanguageModel(
      modelId,
      {
        threadOptions: { ...settings.threadOptions, ...modelSettings.threadOptions },
        serverRequests: modelSettings.serverRequests ?? settings.serverRequests,
      },
      host,
    );
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (ownsClient && client) await client.close();
  };
  const provider = Object.assign(
    (modelId?: string, modelSettings?: CodexModelSettings) => languageModel(modelId, modelSettings),
    {
      specificationVersion: "v4" as const,
      languageModel,
      embeddingModel: (modelId: string): never => {
        throw new NoSuchModelError({ modelId, modelType: "embeddingModel" });
      },
      imageModel: (modelId: string): never => {
        throw new NoSuchModelError({ modelId, modelType: "imageModel" });
      },
      close,
      [Symbol.asyncDispose]: close,
    },
  );
  Object.defineProperty(provider, "client", { get: getClient, enumerable: true });
  return provider as unknown as CodexProvider;
}
