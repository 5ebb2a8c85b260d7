import type { LanguageModelV4StreamPart, SharedV4Warning } from "@ai-sdk/provider";
import {
  type RunResult,
  StructuredOutputError,
  type ThreadTokenUsage,
  type TurnHandle,
} from "@codex/app-server-sdk";
import { codexMetadata } from "./provider-metadata.js";
import { TurnPartMapper } from "./turn-parts.js";
import { toFinishReason, toUsage } from "./usage.js";

export interface TurnStreamOptions {
  readonly turn: TurnHandle<unknown>;
  readonly threadId: string;
  readonly modelId: string;
  readonly warnings: SharedV4Warning[];
  /** The thread's running usage (`thread.usage()`), read once the turn is done. */
  readonly threadUsage: () => ThreadTokenUsage | undefined;
  /** Called when the turn finished normally, with the assistant's whole reply text. */
  readonly onFinish: (reply: string) => void;
}

/**
 * One codex turn as an AI SDK stream. Cancelling the stream (the reader gave up, the AI SDK's
 * abortSignal fired) interrupts the turn on the server. A reply that does not match the JSON schema is
 * finished normally: the AI SDK validates structured output itself and throws its own error.
 */
export function turnStream(options: TurnStreamOptions): ReadableStream<LanguageModelV4StreamPart> {
  const { turn } = options;
  let cancelled = false;
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      const enqueue = (part: LanguageModelV4StreamPart): void => {
        if (!cancelled) controller.enqueue(part);
      };
      void pump(options, enqueue).then(
        () => {
          if (!cancelled) controller.close();
        },
        (error: unknown) => {
          if (cancelled) return;
          enqueue({ type: "error", error });
          controller.close();
        },
      );
    },
    cancel() {
      cancelled = true;
      return turn.interrupt();
    },
  });
}

async function pump(
  options: TurnStreamOptions,
  enqueue: (part: LanguageModelV4StreamPart) => void,
): Promise<void> {
  const { turn } = options;
  const mapper = new TurnPartMapper();
  enqueue({ type: "stream-start", warnings: options.warnings });
  const started = await turn.started();
  enqueue({ type: "response-metadata", id: started.id, modelId: options.modelId, timestamp: new Date() });
  try {
    for await (const event of turn) {
      for (const part of mapper.map(event)) enqueue(part);
    }
  } catch (error) {
    if (!(error instanceof StructuredOutputError)) throw error;
  }
  const status = mapper.status ?? "completed";
  // Settled by now (the event stream ends with it); rejected only for a reply the schema refused.
  const result = await turn.result().then(
    (settled): RunResult<unknown> => settled,
    () => undefined,
  );
  enqueue({
    type: "finish",
    usage: toUsage(result ? result.usage : turn.snapshot().usage),
    finishReason: toFinishReason(status),
    providerMetadata: codexMetadata({
      threadId: options.threadId,
      turnId: started.id,
      status,
      result,
      snapshotCost: turn.snapshot().cost,
      threadUsage: options.threadUsage(),
    }),
  });
  options.onFinish(mapper.text);
}
