// The few app-server notification fields the event mapper reads, typed loosely on purpose: the mapper
// takes any notification and narrows what it needs, so fields codex adds or drops never break it.

export interface WireNotification {
  readonly method: string;
  readonly params: unknown;
}

export type WireRecord = Readonly<Record<string, unknown>>;

export function record(value: unknown): WireRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as WireRecord) : {};
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** `threadId` and `turnId` of a notification (`turn.id` for turn/started and turn/completed). */
export function routing(params: unknown): { threadId?: string; turnId?: string } {
  const p = record(params);
  const threadId = text(p.threadId);
  const turnId = text(p.turnId) ?? text(record(p.turn).id);
  return { ...(threadId !== undefined && { threadId }), ...(turnId !== undefined && { turnId }) };
}
