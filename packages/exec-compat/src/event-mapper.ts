// One turn's app-server notifications to the events `codex exec --experimental-json` prints for it:
// items numbered item_0, item_1... per turn, agent messages and reasoning only when completed, the plan
// as a todo_list item, warnings as error items, and the thread's running token total on turn.completed.
import type { ThreadError, ThreadEvent, Usage } from "./events.js";
import { type ItemDetails, mapItemDetails, todoItems } from "./item-mapper.js";
import type { ThreadItem } from "./items.js";
import { list, num, record, text, type WireNotification, type WireRecord } from "./wire-notification.js";

/** What a notification produced, and whether the turn is over (`outcome` set). */
export interface MappedEvents {
  readonly events: ThreadEvent[];
  readonly outcome?: "completed" | "failed" | "interrupted";
}

export class ExecEventMapper {
  #nextId = 0;
  /** App-server item id -> exec item id, for items that started and have not completed. */
  readonly #openItems = new Map<string, string>();
  #todo: { id: string; items: ThreadItem & { type: "todo_list" } } | undefined;
  #usage: Usage | undefined;
  #lastError: ThreadError | undefined;

  map(notification: WireNotification): MappedEvents {
    const params = record(notification.params);
    switch (notification.method) {
      case "turn/started":
        return { events: [{ type: "turn.started" }] };
      case "warning":
        return { events: [this.#errorItem(text(params.message) ?? "")] };
      case "configWarning":
      case "deprecationNotice":
        return { events: [this.#errorItem(withDetails(text(params.summary), params.details))] };
      case "model/rerouted":
        return {
          events: [
            this.#errorItem(
              `model rerouted: ${text(params.fromModel)} -> ${text(params.toModel)} (${pascal(text(params.reason))})`,
            ),
          ],
        };
      case "error": {
        const error = record(params.error);
        const message = withDetails(text(error.message), error.additionalDetails);
        this.#lastError = { message };
        return { events: [{ type: "error", message }] };
      }
      case "item/started":
        return { events: this.#started(record(params.item)) };
      case "item/completed":
        return { events: this.#completed(record(params.item)) };
      case "item/fileChange/patchUpdated":
        return { events: this.#patchUpdated(params) };
      case "turn/plan/updated":
        return { events: [this.#plan(params.plan)] };
      case "thread/tokenUsage/updated":
        this.#usage = usageFrom(record(record(params.tokenUsage).total));
        return { events: [] };
      case "turn/completed":
        return this.#turnCompleted(record(params.turn));
      default:
        return { events: [] };
    }
  }

  #id(): string {
    const id = `item_${this.#nextId}`;
    this.#nextId += 1;
    return id;
  }

  #errorItem(message: string): ThreadEvent {
    return { type: "item.completed", item: { id: this.#id(), type: "error", message } };
  }

  #started(item: WireRecord): ThreadEvent[] {
    // Exec reports agent messages and reasoning once, when complete.
    if (item.type === "agentMessage" || item.type === "reasoning") return [];
    const details = mapItemDetails(item);
    const rawId = text(item.id) ?? "";
    if (!details) return [];
    const known = this.#openItems.get(rawId);
    const id = known ?? this.#id();
    this.#openItems.set(rawId, id);
    const mapped = withId(id, details);
    // A file change announced by patchUpdated first is an update when it "starts".
    return [{ type: known && item.type === "fileChange" ? "item.updated" : "item.started", item: mapped }];
  }

  #completed(item: WireRecord): ThreadEvent[] {
    const details = mapItemDetails(item);
    if (!details) return [];
    const rawId = text(item.id) ?? "";
    let id: string;
    if (item.type === "agentMessage" || item.type === "reasoning") id = this.#id();
    else {
      id = this.#openItems.get(rawId) ?? this.#id();
      this.#openItems.delete(rawId);
    }
    return [{ type: "item.completed", item: withId(id, details) }];
  }

  #patchUpdated(params: WireRecord): ThreadEvent[] {
    const rawId = text(params.itemId) ?? "";
    const details = mapItemDetails({ type: "fileChange", changes: params.changes, status: "inProgress" });
    if (!details) return [];
    const id = this.#openItems.get(rawId) ?? this.#id();
    this.#openItems.set(rawId, id);
    return [{ type: "item.updated", item: withId(id, details) }];
  }

  #plan(plan: unknown): ThreadEvent {
    const items = todoItems(plan);
    if (this.#todo) {
      this.#todo.items = { ...this.#todo.items, items };
      return { type: "item.updated", item: this.#todo.items };
    }
    const id = this.#id();
    this.#todo = { id, items: { id, type: "todo_list", items } };
    return { type: "item.started", item: this.#todo.items };
  }

  #turnCompleted(turn: WireRecord): MappedEvents {
    const events: ThreadEvent[] = [];
    if (this.#todo) {
      events.push({ type: "item.completed", item: this.#todo.items });
      this.#todo = undefined;
    }
    // Items the server started but never completed, closed with the state the turn reports for them.
    for (const raw of list(turn.items)) {
      const item = record(raw);
      if (this.#openItems.has(text(item.id) ?? "")) events.push(...this.#completed(item));
    }
    switch (turn.status) {
      case "completed":
        events.push({ type: "turn.completed", usage: this.#usage ?? emptyUsage() });
        return { events, outcome: "completed" };
      case "failed": {
        const error = turn.error === null || turn.error === undefined ? undefined : record(turn.error);
        const failure = error
          ? { message: withDetails(text(error.message), error.additionalDetails) }
          : (this.#lastError ?? { message: "turn failed" });
        events.push({ type: "turn.failed", error: failure });
        return { events, outcome: "failed" };
      }
      default:
        // Interrupted: exec prints nothing more and exits.
        return { events, outcome: "interrupted" };
    }
  }
}

function withId(id: string, details: ItemDetails): ThreadItem {
  return { id, ...details } as ThreadItem;
}

function withDetails(message: string | undefined, details: unknown): string {
  const base = message ?? "";
  return typeof details === "string" && details !== "" ? `${base} (${details})` : base;
}

function pascal(value: string | undefined): string {
  return value ? value.charAt(0).toUpperCase() + value.slice(1) : "";
}

function usageFrom(total: WireRecord): Usage {
  return {
    input_tokens: num(total.inputTokens) ?? 0,
    cached_input_tokens: num(total.cachedInputTokens) ?? 0,
    cache_write_input_tokens: num(total.cacheWriteInputTokens) ?? 0,
    output_tokens: num(total.outputTokens) ?? 0,
    reasoning_output_tokens: num(total.reasoningOutputTokens) ?? 0,
  };
}

function emptyUsage(): Usage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
  };
}
