// App-server thread items (camelCase) to the original SDK's items (snake_case), as codex exec maps them.
import type { ThreadItem, TodoItem } from "./items.js";
import { list, num, record, text, type WireRecord } from "./wire-notification.js";

/** Exec's item without its id (ids are numbered per turn by the mapper). */
export type ItemDetails = ThreadItem extends infer I ? (I extends ThreadItem ? Omit<I, "id"> : never) : never;

/** The item, or undefined for kinds exec does not report (user messages, hooks, plans...). */
export function mapItemDetails(item: WireRecord): ItemDetails | undefined {
  switch (item.type) {
    case "agentMessage":
      return { type: "agent_message", text: text(item.text) ?? "" };
    case "reasoning": {
      const summary = list(item.summary)
        .map((part) => text(part) ?? "")
        .join("\n");
      return summary.trim() === "" ? undefined : { type: "reasoning", text: summary };
    }
    case "commandExecution":
      // exit_code is null until the command exits, as exec prints it.
      return {
        type: "command_execution",
        command: text(item.command) ?? "",
        aggregated_output: text(item.aggregatedOutput) ?? "",
        exit_code: (num(item.exitCode) ?? null) as number,
        status: commandStatus(item.status),
      };
    case "fileChange":
      return {
        type: "file_change",
        changes: list(item.changes).map((change) => {
          const c = record(change);
          return { path: text(c.path) ?? "", kind: changeKind(record(c.kind).type) };
        }),
        // Exec reports the patch as in progress until it is applied (outside the original's declared type).
        status: patchStatus(item.status) as "completed" | "failed",
      };
    case "mcpToolCall": {
      const result = item.result === null || item.result === undefined ? undefined : record(item.result);
      const error = item.error === null || item.error === undefined ? undefined : record(item.error);
      return {
        type: "mcp_tool_call",
        server: text(item.server) ?? "",
        tool: text(item.tool) ?? "",
        arguments: item.arguments ?? null,
        // Exec prints both keys, null until there is a result or an error (outside the declared type).
        result: (result
          ? {
              content: list(result.content).map((block) => ({ type: "", ...record(block) })),
              structured_content: result.structuredContent ?? null,
            }
          : null) as never,
        error: (error ? { message: text(error.message) ?? "" } : null) as never,
        status: commandStatus(item.status),
      };
    }
    case "webSearch":
      // Exec prints the search's own id (its item number is used up all the same) and the action.
      return {
        type: "web_search",
        query: text(item.query) ?? "",
        action: webSearchAction(item.action),
        id: text(item.id) ?? "",
      } as ItemDetails;
    default:
      return undefined;
  }
}

export function todoItems(plan: unknown): TodoItem[] {
  return list(plan).map((step) => {
    const s = record(step);
    return { text: text(s.step) ?? "", completed: s.status === "completed" };
  });
}

function commandStatus(status: unknown): "in_progress" | "completed" | "failed" {
  if (status === "inProgress") return "in_progress";
  if (status === "completed") return "completed";
  return "failed";
}

function patchStatus(status: unknown): "in_progress" | "completed" | "failed" {
  return commandStatus(status);
}

function changeKind(kind: unknown): "add" | "delete" | "update" {
  return kind === "add" || kind === "delete" ? kind : "update";
}

/** The search action in codex's own spelling (snake_case tags, absent fields left out). */
function webSearchAction(action: unknown): Record<string, unknown> {
  const a = record(action);
  const present = (fields: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
  switch (a.type) {
    case "search":
      return present({ type: "search", query: a.query, queries: a.queries });
    case "openPage":
      return present({ type: "open_page", url: a.url });
    case "findInPage":
      return present({ type: "find_in_page", url: a.url, pattern: a.pattern });
    default:
      return { type: "other" };
  }
}
