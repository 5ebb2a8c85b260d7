import type { ThreadItem } from "@codex/app-server-sdk";
import { type Attributes, type Context, type Span, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";

/** Item types that get a child span: codex's tool work. */
const TRACED_ITEMS = {
  commandExecution: "command_execution",
  fileChange: "file_change",
  mcpToolCall: "mcp_tool_call",
  webSearch: "web_search",
  dynamicToolCall: "dynamic_tool_call",
} as const;

type TracedItem = Extract<ThreadItem, { type: keyof typeof TRACED_ITEMS }>;

function isTraced(item: ThreadItem): item is TracedItem {
  return item.type in TRACED_ITEMS;
}

/** Child spans of one turn span, one per tool item, from `item/started` to `item/completed`. */
export class ItemSpans {
  readonly #open = new Map<string, Span>();

  constructor(
    private readonly tracer: Tracer,
    private readonly parent: Context,
  ) {}

  started(item: ThreadItem): void {
    if (!isTraced(item) || this.#open.has(item.id)) return;
    const toolName =
      item.type === "mcpToolCall" || item.type === "dynamicToolCall" ? item.tool : TRACED_ITEMS[item.type];
    const span = this.tracer.startSpan(
      `execute_tool ${toolName}`,
      {
        attributes: {
          [ATTR.genAiOperationName]: "execute_tool",
          [ATTR.genAiToolName]: toolName,
          [ATTR.genAiToolCallId]: item.id,
          [ATTR.genAiToolType]: item.type === "mcpToolCall" ? "extension" : "function",
          [ATTR.codexItemId]: item.id,
          [ATTR.codexItemType]: item.type,
          ...itemAttributes(item),
        },
      },
      this.parent,
    );
    this.#open.set(item.id, span);
  }

  completed(item: ThreadItem): void {
    if (!isTraced(item)) return;
    if (!this.#open.has(item.id)) this.started(item);
    const span = this.#open.get(item.id);
    if (!span) return;
    this.#open.delete(item.id);
    span.setAttributes(itemAttributes(item));
    const failed = "status" in item && (item.status === "failed" || item.status === "declined");
    if (failed) {
      span.setAttribute(ATTR.errorType, item.status);
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${item.type} ${item.status}` });
    }
    span.end();
  }

  /** The open span of an item, for events about it (approval decisions). */
  span(itemId: string | undefined): Span | undefined {
    return itemId === undefined ? undefined : this.#open.get(itemId);
  }

  /** Items the server never completed (interrupted, declined approvals) end with their turn. */
  endAll(): void {
    for (const span of this.#open.values()) {
      span.setAttribute(ATTR.codexItemStatus, "incomplete");
      span.end();
    }
    this.#open.clear();
  }
}

function itemAttributes(item: TracedItem): Attributes {
  const attributes: Attributes = {};
  if ("status" in item && item.status) attributes[ATTR.codexItemStatus] = item.status;
  switch (item.type) {
    case "commandExecution":
      attributes[ATTR.processCommandLine] = item.command;
      attributes[ATTR.codexCommandCwd] = item.cwd;
      if (typeof item.exitCode === "number") attributes[ATTR.processExitCode] = item.exitCode;
      break;
    case "fileChange":
      attributes[ATTR.codexFileChangePaths] = item.changes.map((change) => change.path);
      break;
    case "mcpToolCall":
      attributes[ATTR.codexMcpServer] = item.server;
      if (item.error) attributes[ATTR.errorType] = "mcp_error";
      break;
    default:
      break;
  }
  return attributes;
}
