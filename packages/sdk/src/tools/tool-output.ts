import type { Camel } from "@codex/app-server-protocol";

/** One part of what a tool sends the model: text, an image (`data:` URL) or audio, as the protocol allows. */
export type ToolContentItem = Camel.DynamicToolCallOutputContentItem;

/**
 * A tool's answer in the protocol's own shape (`item/tool/call`'s DynamicToolCallResponse): content
 * parts, and `success: false` to tell the model the call failed without throwing. Default success: true.
 */
export interface ToolContentOutput {
  readonly contentItems: readonly ToolContentItem[];
  readonly success?: boolean;
}

/**
 * What `execute` may return: a string (sent as text), a {@link ToolContentOutput} (text, images, audio),
 * `undefined` (no content), or any other JSON value (sent as its JSON text).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `execute` be a function that returns nothing.
export type ToolOutput = string | ToolContentOutput | undefined | void | JsonLike;

/** JSON data: what `JSON.stringify` writes out as-is. */
export type JsonLike =
  | null
  | boolean
  | number
  | string
  | readonly JsonLike[]
  | { readonly [key: string]: JsonLike | undefined };

/** The `item/tool/call` response for what `execute` returned. Throws when the value is not JSON. */
export function toToolResponse(output: unknown): Camel.DynamicToolCallResponse {
  if (output === undefined) return { contentItems: [], success: true };
  if (typeof output === "string")
    return { contentItems: [{ type: "inputText", text: output }], success: true };
  if (isContentOutput(output)) {
    return { contentItems: [...output.contentItems], success: output.success ?? true };
  }
  const text = JSON.stringify(output);
  if (text === undefined) throw new TypeError(`a ${typeof output} is not JSON`);
  return { contentItems: [{ type: "inputText", text }], success: true };
}

/** A failed call as the model sees it: `success: false` and the reason as text. */
export function toolErrorResponse(message: string): Camel.DynamicToolCallResponse {
  return { contentItems: [{ type: "inputText", text: message }], success: false };
}

function isContentOutput(value: unknown): value is ToolContentOutput {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { contentItems?: unknown }).contentItems) &&
    Object.keys(value).every((key) => key === "contentItems" || key === "success")
  );
}
