import type { Message, NotificationMessage, RequestMessage, ResponseMessage } from "vscode-jsonrpc/node";

/**
 * The three JSON-RPC shapes, as vscode-jsonrpc types them. codex omits `"jsonrpc":"2.0"` on what it
 * sends, so that field may be missing on incoming messages.
 */
export type JsonRpcMessage = RequestMessage | NotificationMessage | ResponseMessage;

export type ParsedMessage = { ok: true; message: Message } | { ok: false; error: Error };

/**
 * Parses one line (or WebSocket frame) into a JSON-RPC message. Anything that is not a JSON object with
 * a `method` or an `id` is rejected, so the caller can report it and carry on.
 */
export function parseMessage(text: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error as Error };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: new Error("not a JSON-RPC message: expected a JSON object") };
  }
  const candidate = value as { method?: unknown; id?: unknown };
  if (typeof candidate.method !== "string" && candidate.id === undefined) {
    return { ok: false, error: new Error("not a JSON-RPC message: no method and no id") };
  }
  return { ok: true, message: value as Message };
}

/** How a message is told apart: by shape, never by id (server-request ids overlap the client's). */
export type MessageKind = "request" | "notification" | "response" | "invalid";

/** Whether a message is a request, a notification or a response, by its fields. */
export function classifyMessage(message: Message): MessageKind {
  const candidate = message as { method?: unknown; id?: unknown };
  const hasId = typeof candidate.id === "number" || typeof candidate.id === "string";
  if (typeof candidate.method === "string") return hasId ? "request" : "notification";
  if (hasId || candidate.id === null) return "response";
  return "invalid";
}
