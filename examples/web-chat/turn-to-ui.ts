import type { ThreadItem, TurnEvent, TurnHandle } from "@codex/app-server-sdk";
import type { TurnFeed, UiEvent } from "./ui-event.js";

/**
 * Forwards a turn's events to its feed: streamed text, commands with their output, file changes, and
 * the end. Text or output codex sent only in the completed item (no deltas) is forwarded then.
 */
export async function forwardTurn(turn: TurnHandle<unknown>, feed: TurnFeed): Promise<void> {
  const streamedText = new Map<string, string>();
  const streamedOutput = new Set<string>();
  try {
    for await (const event of turn) forward(event);
    const result = await turn.result();
    feed.push({ type: "done", status: result.status });
  } catch (error) {
    feed.push({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }

  function forward(event: TurnEvent): void {
    switch (event.method) {
      case "item/agentMessage/delta": {
        const { itemId, delta } = event.params;
        streamedText.set(itemId, (streamedText.get(itemId) ?? "") + delta);
        feed.push({ type: "text", id: itemId, delta });
        return;
      }
      case "item/commandExecution/outputDelta":
        streamedOutput.add(event.params.itemId);
        feed.push({ type: "output", id: event.params.itemId, delta: event.params.delta });
        return;
      case "item/started": {
        const item = event.params.item;
        if (item.type === "commandExecution")
          feed.push({ type: "command", id: item.id, command: item.command });
        if (item.type === "fileChange") {
          feed.push({
            type: "file-change",
            id: item.id,
            paths: item.changes.map((c) => c.path),
            status: item.status,
          });
        }
        if (item.type === "mcpToolCall") feed.push(mcpToolEvent(item));
        return;
      }
      case "item/completed": {
        const item = event.params.item;
        if (item.type === "agentMessage") {
          const sent = streamedText.get(item.id) ?? "";
          if (item.text.startsWith(sent) && item.text.length > sent.length) {
            feed.push({ type: "text", id: item.id, delta: item.text.slice(sent.length) });
          }
        } else if (item.type === "commandExecution") {
          if (!streamedOutput.has(item.id) && item.aggregatedOutput) {
            feed.push({ type: "output", id: item.id, delta: item.aggregatedOutput });
          }
          feed.push({
            type: "command-done",
            id: item.id,
            status: item.status,
            exitCode: item.exitCode ?? null,
          });
        } else if (item.type === "fileChange") {
          feed.push({
            type: "file-change",
            id: item.id,
            paths: item.changes.map((c) => c.path),
            status: item.status,
          });
        } else if (item.type === "mcpToolCall") {
          feed.push(mcpToolEvent(item));
        }
        return;
      }
      default:
        return;
    }
  }
}

/** An MCP tool call as the page shows it: `server.tool`, its status, and its text result or error once done. */
function mcpToolEvent(item: Extract<ThreadItem, { type: "mcpToolCall" }>): UiEvent {
  const done = item.status !== "inProgress";
  const text = (item.result?.content ?? [])
    .map((part) => (typeof part === "object" && part !== null && "text" in part ? String(part.text) : ""))
    .join("");
  const result = done ? (item.error?.message ?? text) : null;
  return { type: "mcp-tool", id: item.id, name: `${item.server}.${item.tool}`, status: item.status, result };
}
