import type { Context } from "@opentelemetry/api";

/**
 * The contexts of traced turns, so the requests a turn causes (`turn/start` or `review/start`,
 * `turn/steer`, `turn/interrupt`) become children of its span. The SDK sends them from the turn's own
 * async work, which began before the turn span existed; the request's params say which turn they belong to.
 */
export class TurnContexts {
  /** Turns not yet started, per thread, in order (the SDK starts a thread's turns one at a time). */
  readonly #queued = new Map<string, Context[]>();
  readonly #started = new Map<string, Context>();

  queued(threadId: string, context: Context): void {
    const list = this.#queued.get(threadId) ?? [];
    list.push(context);
    this.#queued.set(threadId, list);
  }

  started(threadId: string, turnId: string | undefined, context: Context): void {
    this.#dequeue(threadId, context);
    if (turnId !== undefined) this.#started.set(turnId, context);
  }

  ended(threadId: string, turnId: string | undefined, context: Context): void {
    this.#dequeue(threadId, context);
    if (turnId !== undefined) this.#started.delete(turnId);
  }

  /** The turn span context a request belongs to, if it is one of a traced turn's requests. */
  parentOf(method: string, params: unknown): Context | undefined {
    if (typeof params !== "object" || params === null) return undefined;
    const { threadId, turnId, expectedTurnId } = params as Record<string, unknown>;
    // A review's turn begins with review/start instead of turn/start.
    if ((method === "turn/start" || method === "review/start") && typeof threadId === "string")
      return this.#queued.get(threadId)?.[0];
    const id =
      typeof turnId === "string" ? turnId : typeof expectedTurnId === "string" ? expectedTurnId : undefined;
    return id === undefined ? undefined : this.#started.get(id);
  }

  #dequeue(threadId: string, context: Context): void {
    const list = this.#queued.get(threadId);
    if (!list) return;
    const index = list.indexOf(context);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.#queued.delete(threadId);
  }
}
