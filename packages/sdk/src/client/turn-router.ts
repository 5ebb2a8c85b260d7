import { TurnIndex, threadIdOf, turnIdOf } from "../turn/routing-keys.js";
import type { NotificationEvent, TurnEvent } from "../turn/turn-event.js";
import type { TurnRequestScope } from "./request-scope.js";

/**
 * A live turn as the core sees it. A turn (TurnHandle, in turn/) registers one when it claims its id:
 * the router delivers its events, the dispatcher asks its request scope, close() interrupts it.
 */
export interface RoutedTurn extends TurnRequestScope {
  /** A notification of this turn, or a synthetic event (an approval decision). */
  deliver(event: TurnEvent): void;
  /** The connection is gone. */
  fail(error: unknown): void;
  /** Interrupts the turn on the server; resolves once it settled. */
  interrupt(): Promise<void>;
  /** Settles when the turn does. */
  result(): Promise<unknown>;
}

/**
 * Routes notifications to turns by threadId + turnId. While a `turn/start` is in flight on a thread,
 * events for turns nobody claimed yet are held, then handed to the turn once its id is known.
 */
export class TurnRouter {
  readonly #turns = new TurnIndex<RoutedTurn>();
  readonly #activeByThread = new Map<string, RoutedTurn>();
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

  /** Binds a started turn and replays what arrived for it before its id was known. */
  claim(threadId: string, turnId: string, turn: RoutedTurn): void {
    this.#turns.set(threadId, turnId, turn);
    this.#activeByThread.set(threadId, turn);
    const entry = this.#starting.get(threadId);
    if (!entry) return;
    const mine = entry.held.filter((event) => turnIdOf(event.params) === turnId);
    entry.held = entry.held.filter((event) => turnIdOf(event.params) !== turnId);
    for (const event of mine) turn.deliver(event);
  }

  release(threadId: string, turnId: string, turn: RoutedTurn): void {
    if (this.#turns.get(threadId, turnId) === turn) this.#turns.delete(threadId, turnId);
    if (this.#activeByThread.get(threadId) === turn) this.#activeByThread.delete(threadId);
  }

  find(threadId: string | undefined, turnId: string | undefined): RoutedTurn | undefined {
    if (threadId === undefined) return undefined;
    if (turnId !== undefined) return this.#turns.get(threadId, turnId);
    return this.#activeByThread.get(threadId);
  }

  /** Delivers an event to its turn; returns false when no turn took it. Allocates nothing per event. */
  route(event: NotificationEvent): boolean {
    const threadId = threadIdOf(event.params);
    if (threadId === undefined) return false;
    const turnId = turnIdOf(event.params);
    const turn = this.find(threadId, turnId);
    if (turn) {
      turn.deliver(event);
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
    const turn = this.find(threadId, turnId);
    if (turn) turn.deliver(event);
  }

  /** Every turn that started and has not completed. */
  activeTurns(): RoutedTurn[] {
    return [...new Set(this.#activeByThread.values())];
  }

  /** The connection is gone: every live turn fails with `error`. */
  failAll(error: unknown): void {
    const turns = new Set([...this.#turns.values(), ...this.#activeByThread.values()]);
    this.#turns.clear();
    this.#activeByThread.clear();
    for (const turn of turns) turn.fail(error);
  }
}
