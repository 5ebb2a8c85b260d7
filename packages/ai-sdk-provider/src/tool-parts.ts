import type {
  JSONObject,
  JSONValue,
  LanguageModelV4ToolCall,
  LanguageModelV4ToolResult,
} from "@ai-sdk/provider";
import type { ThreadItem } from "@codex/app-server-sdk";

/**
 * Tool names under which codex's own work appears in the AI SDK. These tools are run by codex (the
 * provider), not by the app: the parts carry `providerExecuted: true` and `dynamic: true`, so the AI SDK
 * neither runs nor validates them, and chat UIs render them as dynamic tool parts.
 */
export const CODEX_TOOL_NAMES = {
  commandExecution: "codex_command",
  fileChange: "codex_file_change",
  mcpToolCall: "codex_mcp_tool",
  webSearch: "codex_web_search",
} as const;

type ToolItem = Extract<ThreadItem, { type: keyof typeof CODEX_TOOL_NAMES }>;

export function isToolItem(item: ThreadItem): item is ToolItem {
  return item.type in CODEX_TOOL_NAMES;
}

/** The tool-call part for an item codex started. */
export function toolCallPart(item: ToolItem): LanguageModelV4ToolCall {
  return {
    type: "tool-call",
    toolCallId: item.id,
    toolName: CODEX_TOOL_NAMES[item.type],
    input: JSON.stringify(toolInput(item)),
    providerExecuted: true,
    dynamic: true,
  };
}

/** The tool-result part for an item codex finished. */
export function toolResultPart(item: ToolItem): LanguageModelV4ToolResult {
  const { result, isError } = toolOutput(item);
  return {
    type: "tool-result",
    toolCallId: item.id,
    toolName: CODEX_TOOL_NAMES[item.type],
    result,
    isError,
    dynamic: true,
  };
}

function toolInput(item: ToolItem): JSONObject {
  switch (item.type) {
    case "commandExecution":
      return { command: item.command, cwd: item.cwd };
    case "fileChange":
      return { changes: item.changes.map((change) => ({ path: change.path, kind: json(change.kind) })) };
    case "mcpToolCall":
      return { server: item.server, tool: item.tool, arguments: json(item.arguments) };
    case "webSearch":
      return { query: item.query };
  }
}

function toolOutput(item: ToolItem): { result: NonNullable<JSONValue>; isError: boolean } {
  switch (item.type) {
    case "commandExecution":
      return {
        result: {
          status: item.status,
          exitCode: item.exitCode ?? null,
          output: item.aggregatedOutput ?? "",
        },
        isError: item.status !== "completed" || (item.exitCode ?? 0) !== 0,
      };
    case "fileChange":
      return {
        result: {
          status: item.status,
          changes: item.changes.map((change) => ({
            path: change.path,
            kind: json(change.kind),
            diff: change.diff,
          })),
        },
        isError: item.status !== "completed",
      };
    case "mcpToolCall":
      return {
        result: { status: item.status, result: json(item.result), error: json(item.error) },
        isError: item.status !== "completed" || !!item.error,
      };
    case "webSearch":
      return { result: { query: item.query, action: json(item.action) }, isError: false };
  }
}

/** Wire values are JSON already; this drops `undefined` so the part stays valid JSON. */
function json(value: unknown): JSONValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JSONValue);
}
