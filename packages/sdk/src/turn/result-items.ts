import type { ThreadItem } from "../protocol-types.js";
import type { ItemOf, ItemType } from "./turn-event.js";

/** Anything with an item list: a `RunResult`, a stored `Turn`, a result read back from JSON. */
export interface HasItems {
  readonly items: readonly ThreadItem[];
}

/** The items of one type, typed: `itemsOfType(result, "commandExecution")[0]?.exitCode`. In turn order. */
export function itemsOfType<T extends ItemType>(source: HasItems, type: T): ItemOf<T>[] {
  return source.items.filter((item): item is ItemOf<T> => item.type === type);
}

/** A finished turn's items grouped by the kinds most apps read, each list typed and in turn order. */
export interface ResultItems {
  readonly agentMessages: ItemOf<"agentMessage">[];
  readonly reasoning: ItemOf<"reasoning">[];
  readonly commandExecutions: ItemOf<"commandExecution">[];
  readonly fileChanges: ItemOf<"fileChange">[];
  readonly mcpToolCalls: ItemOf<"mcpToolCall">[];
  readonly dynamicToolCalls: ItemOf<"dynamicToolCall">[];
  readonly webSearches: ItemOf<"webSearch">[];
  readonly plans: ItemOf<"plan">[];
}

/**
 * Groups a result's items by kind, without narrowing by hand:
 * `const { commandExecutions } = resultItems(result)`. Works on any `{ items }` (a RunResult, a Turn).
 */
export function resultItems(source: HasItems): ResultItems {
  return {
    agentMessages: itemsOfType(source, "agentMessage"),
    reasoning: itemsOfType(source, "reasoning"),
    commandExecutions: itemsOfType(source, "commandExecution"),
    fileChanges: itemsOfType(source, "fileChange"),
    mcpToolCalls: itemsOfType(source, "mcpToolCall"),
    dynamicToolCalls: itemsOfType(source, "dynamicToolCall"),
    webSearches: itemsOfType(source, "webSearch"),
    plans: itemsOfType(source, "plan"),
  };
}
