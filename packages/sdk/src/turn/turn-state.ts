import type {
  ThreadItem,
  ThreadTokenUsage,
  TokenUsageBreakdown,
  Turn,
  TurnPlanStep,
} from "../protocol-types.js";
import { subtractUsage } from "../usage/usage-math.js";
import type { UsageCost } from "../usage/usage-types.js";
import { ChunkedText } from "./chunked-text.js";
import type { ItemOf, TurnEvent } from "./turn-event.js";

/** What a turn looks like so far. */
export interface TurnSnapshot {
  /** Items in the order they started; open ones carry the text streamed so far. */
  readonly items: ThreadItem[];
  /** Ids of items that started but have not completed. */
  readonly openItemIds: string[];
  /** The agent message being written (or the last one written), as far as it got. */
  readonly text: string;
  readonly plan: TurnPlanStep[];
  readonly planExplanation: string | null;
  /** The turn's aggregated unified diff, if any file changed. */
  readonly diff: string | null;
  /**
   * This turn's own token usage: how much codex's cumulative `total` grew during the turn (its latest
   * `total` minus the thread's total before the turn). Not the sum of `last`: `last` is the latest model
   * call's usage, and codex repeats the previous report when a turn is interrupted before a call completes.
   */
  readonly usage: TokenUsageBreakdown | null;
  /** The thread's cumulative usage as last reported. */
  readonly threadUsage: ThreadTokenUsage | null;
  /**
   * `usage` priced like `result.cost` (the turn's model and prices), also for a turn that failed or was
   * interrupted and so has no result: its tokens were spent all the same.
   */
  readonly cost: UsageCost;
}

interface Tracked {
  item: ThreadItem;
  completed: boolean;
}

/**
 * Builds a turn's state from its events: items by id, streamed text, plan, diff and usage. Streamed text
 * is kept only while its message is open (the completed item carries the whole text), in flat chunks.
 */
export class TurnState {
  readonly #items = new Map<string, Tracked>();
  readonly #streamedText = new Map<string, ChunkedText>();
  #lastMessageId: string | undefined;
  #plan: TurnPlanStep[] = [];
  #planExplanation: string | null = null;
  #diff: string | null = null;
  #usage: TokenUsageBreakdown | null = null;
  #threadUsage: ThreadTokenUsage | null = null;
  /** The thread's total before this turn; undefined until the turn's first report needs it. */
  #baseline: TokenUsageBreakdown | undefined;
  readonly #threadTotal: (() => TokenUsageBreakdown | undefined) | undefined;

  /** `threadTotal`: the thread's cumulative usage as last reported before this turn, if known. */
  constructor(threadTotal?: () => TokenUsageBreakdown | undefined) {
    this.#threadTotal = threadTotal;
  }

  apply(event: TurnEvent): void {
    switch (event.method) {
      case "item/started":
      case "item/completed": {
        const { item } = event.params;
        const known = this.#items.get(item.id);
        this.#items.set(item.id, {
          item,
          completed: event.method === "item/completed" || !!known?.completed,
        });
        if (item.type === "agentMessage") this.#lastMessageId = item.id;
        if (event.method === "item/completed") this.#streamedText.delete(item.id);
        break;
      }
      case "item/agentMessage/delta": {
        const { itemId, delta } = event.params;
        let streamed = this.#streamedText.get(itemId);
        if (!streamed) {
          streamed = new ChunkedText();
          this.#streamedText.set(itemId, streamed);
        }
        streamed.append(delta);
        this.#lastMessageId = itemId;
        break;
      }
      case "turn/plan/updated":
        this.#plan = event.params.plan;
        this.#planExplanation = event.params.explanation ?? null;
        break;
      case "turn/diff/updated":
        this.#diff = event.params.diff;
        break;
      case "turn/started":
        this.#baseline ??= this.#threadTotal?.();
        break;
      case "thread/tokenUsage/updated": {
        const { total, last } = event.params.tokenUsage;
        // Unknown total before the turn (a thread resumed in silence): the first report's call is this turn's.
        this.#baseline ??= this.#threadTotal?.() ?? subtractUsage(total, last);
        this.#threadUsage = event.params.tokenUsage;
        this.#usage = subtractUsage(total, this.#baseline);
        break;
      }
      default:
        break;
    }
  }

  /** This turn's own usage so far (cheap: `snapshot()` also builds the streamed text). */
  get usage(): TokenUsageBreakdown | null {
    return this.#usage;
  }

  item(id: string): ThreadItem | undefined {
    return this.#items.get(id)?.item;
  }

  snapshot(): Omit<TurnSnapshot, "cost"> {
    const items: ThreadItem[] = [];
    const openItemIds: string[] = [];
    for (const [id, tracked] of this.#items) {
      items.push(tracked.completed ? tracked.item : this.#withStreamedText(tracked.item));
      if (!tracked.completed) openItemIds.push(id);
    }
    return {
      items,
      openItemIds,
      text: this.#messageText(this.#lastMessageId),
      plan: this.#plan,
      planExplanation: this.#planExplanation,
      diff: this.#diff,
      usage: this.#usage,
      threadUsage: this.#threadUsage,
    };
  }

  /**
   * Items for the final result. Items the server left open (interrupt, a superseded stream, a pending
   * approval) are closed here: streamed text kept, `inProgress` statuses turned into a terminal one.
   */
  closedItems(turn: Turn): ThreadItem[] {
    // The server's summary may hold items we never saw started (e.g. with notifications opted out).
    for (const item of turn.items) {
      if (!this.#items.has(item.id)) this.#items.set(item.id, { item, completed: true });
    }
    return [...this.#items.values()].map(({ item, completed }) =>
      completed ? item : closeItem(this.#withStreamedText(item), turn.status),
    );
  }

  /** The final answer: the last completed agent message marked `final_answer`, else the last completed one. */
  finalResponse(): string | null {
    let last: string | null = null;
    let final: string | null = null;
    for (const { item, completed } of this.#items.values()) {
      if (item.type !== "agentMessage" || !completed) continue;
      last = item.text;
      if (item.phase === "final_answer") final = item.text;
    }
    return final ?? last;
  }

  #messageText(id: string | undefined): string {
    if (id === undefined) return "";
    const tracked = this.#items.get(id);
    if (tracked?.completed && tracked.item.type === "agentMessage") return tracked.item.text;
    const streamed = this.#streamedText.get(id);
    if (streamed) return streamed.toString();
    return tracked?.item.type === "agentMessage" ? tracked.item.text : "";
  }

  #withStreamedText(item: ThreadItem): ThreadItem {
    if (item.type !== "agentMessage") return item;
    const streamed = this.#streamedText.get(item.id);
    return streamed && streamed.length > item.text.length ? { ...item, text: streamed.toString() } : item;
  }

  /** The text streamed so far for an open agent message (the event log merges old deltas into a prefix of it). */
  streamedText(itemId: string): ChunkedText | undefined {
    return this.#streamedText.get(itemId);
  }
}

/** Gives an item left open a terminal status that says the turn did not let it finish. */
function closeItem(item: ThreadItem, turnStatus: Turn["status"]): ThreadItem {
  if (!("status" in item) || item.status !== "inProgress") return item;
  switch (item.type) {
    case "collabAgentToolCall":
      return {
        ...item,
        status: turnStatus === "interrupted" ? "interrupted" : "failed",
      } as ItemOf<"collabAgentToolCall">;
    case "imageGeneration":
      return item;
    default:
      return { ...item, status: "failed" } as ThreadItem;
  }
}
