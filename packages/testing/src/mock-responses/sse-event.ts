/** One Server-Sent Event of the Responses API stream: `event: <type>` plus its JSON `data`. */
export interface SseEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Encodes one SSE frame the way the Responses API does: `event: <type>\ndata: <json>\n\n`. */
export function encodeSseEvent(event: SseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
