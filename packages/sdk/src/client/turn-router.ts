import { TurnIndex, threadIdOf, turnIdOf } from "../turn/routing-keys.js";
import type { NotificationEvent, TurnEvent } from "../turn/turn-event.js";
import { type TurnHandle, turnAccess } from "../turn/turn-handle.js";

type AnyTurn = TurnHandle<unknown>;

/**
 * Routes notifications to turns by threadId + turnId. While a `turn/start` is in flight on a thread,
 * events for turns nobody claimed yet are held, then handed to the turn once its id is known.
 */
export class TurnRouter {
  readonly #turns = new TurnIndex<AnyTurn>();
  readonly #activeByThread = new Map<string, AnyTurn>();
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
  claim(threadId: string, turnId: string, turn: AnyTurn): void {
    this.#turns.set(threadId, turnId, turn);
    this.#activeByThread.set(threadId, turn);
    const entry = this.#starting.get(threadId);
    if (!entry) return;
    const mine = entry.held.filter((event) => turnIdOf(event.params) === turnId);
    entry.held = entry.held.filter((event) => turnIdOf(event.params) !== turnId);
    for (const event of mine) turnAccess.deliver(turn, event);
  }

  release(threadId: string, turnId: string, turn: AnyTurn): void {
    if (this.#turns.get(threadId, turnId) === turn) this.#turns.delete(threadId, turnId);
    if (this.#activeByThread.get(threadId) === turn) this.#activeByThread.delete(threadId);
  }

  find(threadId: string | undefined, turnId: string | undefined): AnyTurn | undefined {
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
      turnAccess.deliver(turn, event);
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
    if (turn) turnAccess.deliver(turn, event);
  }

  /** Every turn that started and has not completed. */
  activeTurns(): AnyTurn[] {
    return [...new Set(this.#activeByThread.values())];
  }

  /** The connection is gone: every live turn fails with `error`. */
  failAll(error: unknown): void {
    const turns = new Set([...this.#turns.values(), ...this.#activeByThread.values()]);
    this.#turns.clear();
    this.#activeByThread.clear();
    for (const turn of turns) turnAccess.fail(turn, error);
  }
}
