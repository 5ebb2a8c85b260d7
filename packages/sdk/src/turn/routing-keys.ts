/**
 * Which thread and turn a notification belongs to, read without allocating: the router runs this for
 * every event of every turn (a million-delta turn must not make a million key objects or strings).
 */

/** The `threadId` a turn-scoped notification carries, if any. */
export function threadIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const threadId = (params as { threadId?: unknown }).threadId;
  return typeof threadId === "string" ? threadId : undefined;
}

/** The turn id: `turnId`, or `turn.id` on `turn/started` / `turn/completed`. */
export function turnIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const p = params as { turnId?: unknown; turn?: unknown };
  if (typeof p.turnId === "string") return p.turnId;
  const turn = p.turn;
  if (typeof turn !== "object" || turn === null) return undefined;
  const id = (turn as { id?: unknown }).id;
  return typeof id === "string" ? id : undefined;
}

/** Values by thread id, then turn id: two map look-ups, no composite key string per event. */
export class TurnIndex<V> {
  readonly #byThread = new Map<string, Map<string, V>>();

  get(threadId: string, turnId: string): V | undefined {
    return this.#byThread.get(threadId)?.get(turnId);
  }

  set(threadId: string, turnId: string, value: V): void {
    let turns = this.#byThread.get(threadId);
    if (!turns) {
      turns = new Map();
      this.#byThread.set(threadId, turns);
    }
    turns.set(turnId, value);
  }

  delete(threadId: string, turnId: string): void {
    const turns = this.#byThread.get(threadId);
    if (!turns) return;
    turns.delete(turnId);
    if (turns.size === 0) this.#byThread.delete(threadId);
  }

  *values(): IterableIterator<V> {
    for (const turns of this.#byThread.values()) yield* turns.values();
  }

  clear(): void {
    this.#byThread.clear();
  }
}
