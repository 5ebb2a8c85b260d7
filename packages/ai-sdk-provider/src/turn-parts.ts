import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type { ThreadItem, TurnEvent, TurnStatus } from "@codex/app-server-sdk";
import { isToolItem, toolCallPart, toolResultPart } from "./tool-parts.js";

/**
 * Maps one turn's events to AI SDK stream parts: agent messages to text blocks, reasoning to reasoning
 * blocks (both as deltas, in arrival order), codex's commands, file changes, MCP calls and web searches
 * to provider-executed tool calls and results. Items that arrive whole (no deltas) become one delta.
 */
export class TurnPartMapper {
  /** The turn's status once `turn/completed` arrived. */
  status: TurnStatus | undefined;
  /** Every agent message's text, concatenated: what the AI SDK will show as the assistant's reply. */
  text = "";
  readonly #text = new Map<string, string>();
  readonly #reasoning = new Map<string, string>();
  readonly #toolCalls = new Set<string>();
  readonly #toolResults = new Set<string>();

  map(event: TurnEvent): LanguageModelV4StreamPart[] {
    switch (event.method) {
      case "item/agentMessage/delta":
        return this.#delta("text", this.#text, event.params.itemId, event.params.delta);
      case "item/reasoning/summaryTextDelta":
      case "item/reasoning/textDelta":
        return this.#delta("reasoning", this.#reasoning, event.params.itemId, event.params.delta);
      case "item/started":
        return this.#started(event.params.item);
      case "item/completed":
        return this.#completed(event.params.item);
      case "turn/completed":
        this.status = event.params.turn.status;
        return this.#closeOpenBlocks();
      default:
        return [];
    }
  }

  #started(item: ThreadItem): LanguageModelV4StreamPart[] {
    if (!isToolItem(item) || this.#toolCalls.has(item.id)) return [];
    this.#toolCalls.add(item.id);
    return [toolCallPart(item)];
  }

  #completed(item: ThreadItem): LanguageModelV4StreamPart[] {
    if (item.type === "agentMessage") return this.#finishBlock("text", this.#text, item.id, item.text);
    if (item.type === "reasoning") {
      const summary = (item.summary ?? []).join("\n\n");
      const whole = summary !== "" ? summary : (item.content ?? []).join("\n\n");
      return this.#finishBlock("reasoning", this.#reasoning, item.id, whole);
    }
    if (!isToolItem(item) || this.#toolResults.has(item.id)) return [];
    this.#toolResults.add(item.id);
    return [...this.#started(item), toolResultPart(item)];
  }

  #delta(
    kind: "text" | "reasoning",
    open: Map<string, string>,
    id: string,
    delta: string,
  ): LanguageModelV4StreamPart[] {
    const parts: LanguageModelV4StreamPart[] = [];
    const sent = open.get(id);
    if (sent === undefined) parts.push({ type: `${kind}-start`, id });
    open.set(id, (sent ?? "") + delta);
    if (kind === "text") this.text += delta;
    parts.push({ type: `${kind}-delta`, id, delta });
    return parts;
  }

  /** Ends a block; text the server sent only in the completed item is emitted as its last delta. */
  #finishBlock(
    kind: "text" | "reasoning",
    open: Map<string, string>,
    id: string,
    whole: string,
  ): LanguageModelV4StreamPart[] {
    const sent = open.get(id) ?? "";
    if (!open.has(id) && whole === "") return [];
    const parts: LanguageModelV4StreamPart[] = [];
    if (whole.startsWith(sent) && whole.length > sent.length) {
      parts.push(...this.#delta(kind, open, id, whole.slice(sent.length)));
    }
    open.delete(id);
    parts.push({ type: `${kind}-end`, id });
    return parts;
  }

  /** Blocks codex left open (an interrupted message) end with the turn. */
  #closeOpenBlocks(): LanguageModelV4StreamPart[] {
    const parts: LanguageModelV4StreamPart[] = [];
    for (const id of this.#text.keys()) parts.push({ type: "text-end", id });
    for (const id of this.#reasoning.keys()) parts.push({ type: "reasoning-end", id });
    this.#text.clear();
    this.#reasoning.clear();
    return parts;
  }
}
