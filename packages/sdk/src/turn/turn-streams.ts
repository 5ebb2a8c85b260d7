import type { ThreadItem, TurnPlanStep } from "../protocol-types.js";
import type { TurnEvent } from "./turn-event.js";

/** One chunk of command output: a streamed delta, or the whole output of a command that sent none. */
export interface CommandOutputChunk {
  readonly itemId: string;
  readonly delta: string;
}

/** One reasoning delta; `summary` deltas are the model's reasoning summary, `text` its raw reasoning. */
export interface ReasoningChunk {
  readonly itemId: string;
  readonly kind: "summary" | "text";
  readonly delta: string;
}

export interface PlanUpdate {
  readonly plan: TurnPlanStep[];
  readonly explanation: string | null;
}

export type FileChangeItem = Extract<ThreadItem, { type: "fileChange" }>;

/**
 * Maps events to agent-message text. Text the server sent without deltas (a whole message in
 * `item/started`/`item/completed`) is emitted too, so the stream always adds up to the messages.
 */
export function textMapper(): (event: TurnEvent) => string | undefined {
  const streamed = new Map<string, string>();
  return (event) => {
    if (event.method === "item/agentMessage/delta") {
      streamed.set(event.params.itemId, (streamed.get(event.params.itemId) ?? "") + event.params.delta);
      return event.params.delta;
    }
    if (event.method === "item/completed" && event.params.item.type === "agentMessage") {
      const { id, text } = event.params.item;
      const sent = streamed.get(id) ?? "";
      streamed.set(id, text);
      return text.startsWith(sent) && text.length > sent.length ? text.slice(sent.length) : undefined;
    }
    return undefined;
  };
}

export function reasoningMapper(event: TurnEvent): ReasoningChunk | undefined {
  if (event.method === "item/reasoning/summaryTextDelta") {
    return { itemId: event.params.itemId, kind: "summary", delta: event.params.delta };
  }
  if (event.method === "item/reasoning/textDelta") {
    return { itemId: event.params.itemId, kind: "text", delta: event.params.delta };
  }
  return undefined;
}

/**
 * Maps events to command output. Codex sends no `outputDelta` for a command that finishes at once: its
 * output is only in the completed item's `aggregatedOutput`, which is emitted then as one chunk. A
 * command that streamed deltas is not repeated at completion.
 */
export function commandOutputMapper(): (event: TurnEvent) => CommandOutputChunk | undefined {
  const streamed = new Set<string>();
  return (event) => {
    if (event.method === "item/commandExecution/outputDelta") {
      streamed.add(event.params.itemId);
      return { itemId: event.params.itemId, delta: event.params.delta };
    }
    if (event.method !== "item/completed" || event.params.item.type !== "commandExecution") return undefined;
    const { id, aggregatedOutput } = event.params.item;
    if (streamed.has(id) || !aggregatedOutput) return undefined;
    streamed.add(id);
    return { itemId: id, delta: aggregatedOutput };
  };
}

/** File-change items as they start (proposed) and complete (applied, declined or failed). */
export function fileChangeMapper(event: TurnEvent): FileChangeItem | undefined {
  if (event.method !== "item/started" && event.method !== "item/completed") return undefined;
  const item = event.params.item;
  return item.type === "fileChange" ? item : undefined;
}

export function diffMapper(event: TurnEvent): string | undefined {
  return event.method === "turn/diff/updated" ? event.params.diff : undefined;
}

export function planMapper(event: TurnEvent): PlanUpdate | undefined {
  if (event.method !== "turn/plan/updated") return undefined;
  return { plan: event.params.plan, explanation: event.params.explanation ?? null };
}
