import type { ThreadItem, TurnPlanStep } from "../protocol-types.js";
import { Many } from "./event-log.js";
import type { TurnEvent } from "./turn-event.js";

/** One chunk of command output: a streamed delta, or the whole output of a command that sent none. */
export interface CommandOutputChunk {
  readonly itemId: string;
  readonly delta: string;
}

/**
 * One chunk of reasoning: `summary` is the model's reasoning summary, `text` its raw reasoning; `index` is
 * the summary part or content part it extends. A reasoning item that streamed no deltas of a kind yields
 * its whole `summary` / `content` parts when it completes.
 */
export interface ReasoningChunk {
  readonly itemId: string;
  readonly kind: "summary" | "text";
  readonly index: number;
  readonly delta: string;
}

/** A piece of one agent message's text (see `TurnHandle.agentMessageStream`). */
export interface AgentMessageChunk {
  readonly itemId: string;
  readonly delta: string;
}

/** The agent's plan as `turn/plan/updated` reports it. */
export interface PlanUpdate {
  readonly plan: TurnPlanStep[];
  readonly explanation: string | null;
}

/** A file-change item (proposed when started, applied/declined/failed when completed). */
export type FileChangeItem = Extract<ThreadItem, { type: "fileChange" }>;

/** What `textStream` puts between two agent messages, so separate messages never run together. */
export const MESSAGE_SEPARATOR = "\n\n";

/**
 * Agent-message text from events. Text the server sent without deltas (a whole message in
 * `item/completed`) is emitted too, so each message's pieces always add up to its text. Only a count of
 * characters per open message is kept, never the text itself. In a turn joined mid-stream (reattached by
 * `thread/resume`), a message whose deltas arrive with no `item/started` before them yields only the
 * deltas seen: the part missed is its start, which cannot be appended after them.
 */
class MessageText {
  constructor(private readonly joinedMidTurn: boolean) {}

  /** The message the last piece `next` returned belongs to. */
  itemId: string | undefined;
  readonly #sentChars = new Map<string, number>();
  /** Open messages whose `item/started` was seen, and those joined late (deltas first). */
  readonly #started = new Set<string>();
  readonly #joinedLate = new Set<string>();
  // The message being streamed, cached so a long run of deltas costs no map look-ups.
  #currentId: string | undefined;
  #currentChars = 0;

  next(event: TurnEvent): string | undefined {
    if (event.method === "item/agentMessage/delta") {
      const { itemId, delta } = event.params;
      if (itemId !== this.#currentId) {
        this.#flush();
        this.#currentId = itemId;
        const sent = this.#sentChars.get(itemId);
        if (this.joinedMidTurn && sent === undefined && !this.#started.has(itemId)) {
          this.#joinedLate.add(itemId);
        }
        this.#currentChars = sent ?? 0;
      }
      this.#currentChars += delta.length;
      this.itemId = itemId;
      return delta;
    }
    if (event.method === "item/started") {
      if (this.joinedMidTurn && event.params.item.type === "agentMessage")
        this.#started.add(event.params.item.id);
      return undefined;
    }
    if (event.method !== "item/completed" || event.params.item.type !== "agentMessage") return undefined;
    this.#flush();
    const { id, text } = event.params.item;
    const sent = this.#sentChars.get(id) ?? 0;
    this.#sentChars.delete(id);
    this.#started.delete(id);
    const late = this.#joinedLate.delete(id);
    if (this.#currentId === id) this.#currentId = undefined;
    if (late || text.length <= sent) return undefined;
    this.itemId = id;
    return text.slice(sent);
  }

  #flush(): void {
    if (this.#currentId !== undefined) this.#sentChars.set(this.#currentId, this.#currentChars);
  }
}

/** Agent-message text as `{ itemId, delta }` chunks (see `TurnHandle.agentMessageStream`). */
export function agentMessageMapper(
  joinedMidTurn = false,
): (event: TurnEvent) => AgentMessageChunk | undefined {
  const text = new MessageText(joinedMidTurn);
  return (event) => {
    const delta = text.next(event);
    return delta === undefined ? undefined : { itemId: text.itemId as string, delta };
  };
}

/** Agent-message text as plain strings, with MESSAGE_SEPARATOR before each message after the first. */
export function textMapper(joinedMidTurn = false): (event: TurnEvent) => string | undefined {
  const text = new MessageText(joinedMidTurn);
  let lastId: string | undefined;
  return (event) => {
    const delta = text.next(event);
    if (delta === undefined || text.itemId === lastId) return delta;
    const first = lastId === undefined;
    lastId = text.itemId;
    return first ? delta : MESSAGE_SEPARATOR + delta;
  };
}

/** Maps reasoning deltas; an item that streamed none of a kind yields its whole parts of that kind at completion. */
export function reasoningMapper(): (event: TurnEvent) => ReasoningChunk | Many<ReasoningChunk> | undefined {
  const streamedSummary = new Set<string>();
  const streamedText = new Set<string>();
  return (event) => {
    if (event.method === "item/reasoning/summaryTextDelta") {
      const { itemId, summaryIndex, delta } = event.params;
      streamedSummary.add(itemId);
      return { itemId, kind: "summary", index: summaryIndex, delta };
    }
    if (event.method === "item/reasoning/textDelta") {
      const { itemId, contentIndex, delta } = event.params;
      streamedText.add(itemId);
      return { itemId, kind: "text", index: contentIndex, delta };
    }
    if (event.method !== "item/completed" || event.params.item.type !== "reasoning") return undefined;
    const { id, summary, content } = event.params.item;
    const chunks: ReasoningChunk[] = [];
    if (!streamedSummary.delete(id)) wholeParts(chunks, id, "summary", summary);
    if (!streamedText.delete(id)) wholeParts(chunks, id, "text", content);
    return chunks.length === 0 ? undefined : chunks.length === 1 ? chunks[0] : new Many(chunks);
  };
}
function wholeParts(
  into: ReasoningChunk[],
  itemId: string,
  kind: ReasoningChunk["kind"],
  parts: readonly string[] | undefined,
): void {
  parts?.forEach((delta, index) => {
    if (delta) into.push({ itemId, kind, index, delta });
  });
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
