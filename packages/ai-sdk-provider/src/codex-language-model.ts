import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { InputPart, JsonSchema, Thread, TurnHandle } from "@codex/app-server-sdk";
import { conversationKey, keyAfterReply } from "./conversation-key.js";
import { parseCallOptions } from "./provider-options.js";
import type { CodexModelSettings, ServerRequestHandlerSet } from "./settings.js";
import { splitPrompt, transcript } from "./split-prompt.js";
import type { ThreadRegistry } from "./thread-registry.js";
import { turnStream } from "./turn-stream.js";
import { toFinishReason, toUsage } from "./usage.js";

/** What a model needs from its provider. */
export interface ModelHost {
  readonly threads: ThreadRegistry;
  /** Throws ProviderClosedError once the provider is closed. */
  assertOpen(): void;
}

/** The model id that leaves the choice to codex's config. */
export const DEFAULT_MODEL_ID = "default";

/**
 * A codex agent as an AI SDK language model (specification v4). Each call runs one codex turn on the
 * conversation's thread; codex runs its tools itself, so they come back as provider-executed parts.
 */
export class CodexLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "codex";
  readonly supportedUrls: Record<string, RegExp[]> = { "image/*": [/^data:/] };

  constructor(
    readonly modelId: string,
    private readonly settings: CodexModelSettings,
    private readonly host: ModelHost,
  ) {}

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { turn, thread, input, warnings, prompt } = await this.#startTurn(options);
    const callOptions = parseCallOptions(options.providerOptions);
    const stream = turnStream({
      turn,
      threadId: thread.id,
      modelId: this.modelId,
      warnings,
      threadUsage: () => thread.usage(),
      onFinish: (reply) => {
        const key = keyAfterReply(prompt, reply);
        if (key) this.host.threads.remember(`history:${key}`, thread.id);
        if (callOptions.conversationId) {
          this.host.threads.remember(`conversation:${callOptions.conversationId}`, thread.id);
        }
      },
    });
    return { stream, request: { body: { threadId: thread.id, input } } };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { stream, request } = await this.doStream(options);
    const content: LanguageModelV4Content[] = [];
    const blocks = new Map<string, { text: string }>();
    let warnings: SharedV4Warning[] = [];
    let finishReason: LanguageModelV4FinishReason = toFinishReason("completed");
    let usage: LanguageModelV4Usage = toUsage(null);
    let providerMetadata: SharedV4ProviderMetadata | undefined;
    let response: { id?: string; modelId?: string; timestamp?: Date } = {};
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const part = next.value;
      switch (part.type) {
        case "stream-start":
          warnings = part.warnings;
          break;
        case "response-metadata":
          response = { id: part.id, modelId: part.modelId, timestamp: part.timestamp };
          break;
        case "text-start":
        case "reasoning-start": {
          const block =
            part.type === "text-start"
              ? { type: "text" as const, text: "" }
              : { type: "reasoning" as const, text: "" };
          blocks.set(part.id, block);
          content.push(block);
          break;
        }
        case "text-delta":
        case "reasoning-delta": {
          const block = blocks.get(part.id);
          if (block) block.text += part.delta;
          break;
        }
        case "tool-call":
        case "tool-result":
          content.push(part);
          break;
        case "error":
          throw part.error;
        case "finish":
          finishReason = part.finishReason;
          usage = part.usage;
          providerMetadata = part.providerMetadata;
          break;
        default:
          break;
      }
    }
    return {
      content,
      finishReason,
      usage,
      warnings,
      request,
      response,
      ...(providerMetadata && { providerMetadata }),
    };
  }

  async #startTurn(options: LanguageModelV4CallOptions): Promise<{
    turn: TurnHandle<unknown>;
    thread: Thread;
    input: InputPart[];
    warnings: SharedV4Warning[];
    prompt: LanguageModelV4CallOptions["prompt"];
  }> {
    this.host.assertOpen();
    const call = parseCallOptions(options.providerOptions);
    const { system, history, newInput } = splitPrompt(options.prompt);
    const warnings = unsupportedSettings(options);
    const model = this.modelId === DEFAULT_MODEL_ID ? undefined : this.modelId;
    const threadOptions = {
      ...this.settings.threadOptions,
      ...(model !== undefined && { model }),
    };
    const threads = this.host.threads;
    let thread: Thread;
    let input = newInput;
    const historyKey = history.length > 0 ? conversationKey(history) : undefined;
    const knownId =
      call.threadId ??
      (call.conversationId ? threads.threadIdFor(`conversation:${call.conversationId}`) : undefined) ??
      (historyKey ? threads.threadIdFor(`history:${historyKey}`) : undefined);
    if (knownId !== undefined) {
      thread = await threads.open(knownId, threadOptions);
    } else {
      const instructions = [threadOptions.developerInstructions, system].filter(Boolean).join("\n\n");
      thread = await threads.start({
        ...threadOptions,
        ...(instructions !== "" && { developerInstructions: instructions }),
      });
      // A conversation this provider never saw: the new thread gets its history as context.
      const context = transcript(history);
      if (context) input = [{ type: "text", text: context }, ...newInput];
    }
    const format = options.responseFormat;
    const turn = thread.turn(input, {
      signal: options.abortSignal,
      ...(format?.type === "json" && format.schema && { outputSchema: format.schema as JsonSchema }),
      ...(model !== undefined && { model }),
      ...reasoningEffort(options.reasoning),
      ...serverRequestOptions(this.settings),
    }) as TurnHandle<unknown>;
    return { turn, thread, input, warnings, prompt: options.prompt };
  }
}

/** Turn-scoped server-request handlers (tried before the client's; unanswered requests fail closed). */
function serverRequestOptions(settings: CodexModelSettings): { serverRequests?: ServerRequestHandlerSet } {
  return settings.serverRequests === undefined ? {} : { serverRequests: settings.serverRequests };
}

function reasoningEffort(reasoning: LanguageModelV4CallOptions["reasoning"]): { reasoningEffort?: string } {
  if (reasoning === undefined || reasoning === "provider-default") return {};
  return { reasoningEffort: reasoning === "max" ? "xhigh" : reasoning };
}

/** Sampling knobs and app-defined tools have no codex equivalent: say so instead of ignoring them silently. */
function unsupportedSettings(options: LanguageModelV4CallOptions): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  const knobs = [
    "maxOutputTokens",
    "temperature",
    "stopSequences",
    "topP",
    "topK",
    "presencePenalty",
    "frequencyPenalty",
    "seed",
  ] as const;
  for (const knob of knobs) {
    if (options[knob] !== undefined) warnings.push({ type: "unsupported", feature: knob });
  }
  if (options.tools && options.tools.length > 0) {
    warnings.push({
      type: "unsupported",
      feature: "tools",
      details:
        "Codex runs its own tools (shell, file edits, MCP servers); app-defined tools are not offered to it.",
    });
  }
  if (options.responseFormat?.type === "json" && !options.responseFormat.schema) {
    warnings.push({
      type: "unsupported",
      feature: "responseFormat",
      details: "JSON output needs a schema with codex; the reply is free text.",
    });
  }
  return warnings;
}
