import type { NotificationEvent, TurnEvent } from "../turn/turn-event.js";
import { routingKeys } from "../turn/turn-event.js";

/** The receiving end of one turn's events. */
export interface TurnSink {
  readonly threadId: string;
  deliver(event: TurnEvent): void;
  fail(error: unknown): void;
}

/**
 * Routes notifications to turns by threadId + turnId. While a `turn/start` is in flight on a thread,
 * events for turns nobody claimed yet are held, then handed to the turn once its id is known.
 */
export class TurnRouter {
  readonly #turns = new Map<string, TurnSink>();
  readonly #activeByThread = new Map<string, TurnSink>();
  readonly #starting = new Map<string, { count: number; held: TurnEvent[] }>();

  /** Marks a `turn/start` in flight on `threadId`; call the returned function when it settles. */
  expectTurn(threadId: string): () => void {
    const entry = this.#starting.get(threadId) ?? { count: 0, held: [] };
    entry.count++;
    this.#starting.set(threadId, entry);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--entry.count === 0) this.#starting.delete(threadId);
    };
  }

  /** Binds a started turn to its sink and replays what arrived for it before its id was known. */
  claim(threadId: string, turnId: string, sink: TurnSink): void {
    this.#turns.set(key(threadId, turnId), sink);
    this.#activeByThread.set(threadId, sink);
    const entry = this.#starting.get(threadId);
    if (!entry) return;
    const mine = entry.held.filter((event) => routingKeys(event.params).turnId === turnId);
    entry.held = entry.held.filter((event) => routingKeys(event.params).turnId !== turnId);
    for (const event of mine) sink.deliver(event);
  }

  release(threadId: string, turnId: string, sink: TurnSink): void {
    if (this.#turns.get(key(threadId, turnId)) === sink) this.#turns.delete(key(threadId, turnId));
    if (this.#activeByThread.get(threadId) === sink) this.#activeByThread.delete(threadId);
  }

  find(threadId: string | undefined, turnId: string | undefined): TurnSink | undefined {
    if (threadId === undefined) return undefined;
    if (turnId !== undefined) return this.#turns.get(key(threadId, turnId));
    return this.#activeByThread.get(threadId);
  }

  /** Delivers an event to its turn; returns false when no turn took it. */
  route(event: NotificationEvent): boolean {
    const { threadId, turnId } = routingKeys(event.params);
    if (threadId === undefined) return false;
    const sink = this.find(threadId, turnId);
    if (sink) {
      sink.deliver(event);
      return true;
    }
    const starting = this.#starting.get(threadId);
    if (starting && turnId !== undefined) {
      starting.held.push(event);
      return true;
    }
    return false;
  }

  /** Deliver a synthetic event (e.g. an approval decision) to the turn it belongs to. */
  deliverTo(threadId: string | undefined, turnId: string | undefined, event: TurnEvent): void {
    this.find(threadId, turnId)?.deliver(event);
  }

  /** Every turn that started and has not completed. */
  activeTurns(): TurnSink[] {
    return [...new Set(this.#activeByThread.values())];
  }

  /** The connection is gone: every live turn fails with `error`. */
  failAll(error: unknown): void {
    const sinks = new Set([...this.#turns.values(), ...this.#activeByThread.values()]);
    this.#turns.clear();
    this.#activeByThread.clear();
    for (const sink of sinks) sink.fail(error);
  }
}

function key(threadId: string, turnId: string): string {
  return `${threadId}\u0000${turnId}`;
}
