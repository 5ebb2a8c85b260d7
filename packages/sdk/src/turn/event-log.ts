/**
 * A turn's events for any number of async readers, each at its own cursor, in memory that stays flat
 * however long the turn streams.
 *
 * Events live in a window while a reader still needs them and for the last `replayWindow` events; older
 * ones move to the history. The history keeps every non-delta event (item lifecycle, plan, usage, …),
 * except superseded "latest wins" events and transient ones (audio, progress), and merges the deltas that left the window into one delta per
 * item part while the item is open. When the item completes, its merged text is dropped (the completion
 * event carries the whole item) and later readers get none of that item's deltas, only its completion.
 * A reader that attaches late therefore reads: every lifecycle event so far, each still-open item's
 * earlier deltas merged into one, then the last `replayWindow` events verbatim, then live events. Per
 * item, its deltas are either all of them (merged or not) or none: never a tail without its head.
 */
import { ChunkedText } from "./chunked-text.js";

/** How the log recognises deltas it may merge and events it may drop. */
export interface RetentionPolicy<T> {
  /** For a mergeable delta: the item it extends (deltas merge per item id, method and `deltaPart`). */
  deltaItemId(entry: T): string | undefined;
  /** Which part of the item a delta extends (a reasoning summary index, …); 0 when it has one part. */
  deltaPart(entry: T): number;
  deltaText(entry: T): string;
  /** `entry` (a delta) carrying `text` instead of its own delta. */
  withDeltaText(entry: T, text: string): T;
  /** For an event that completes an item (making its merged deltas redundant): that item's id. */
  completedItemId(entry: T): string | undefined;
  /** Events of one key where only the latest matters (a whole diff, a whole plan): older ones are dropped. */
  latestWinsKey(entry: T): string | undefined;
  /** Streamed events that cannot be merged (audio, progress): dropped once they leave the window. */
  transient?(entry: T): boolean;
  /**
   * For a delta whose item's whole streamed text is kept elsewhere anyway (the turn state keeps the open
   * message's text): that text. Merged deltas are then a prefix of it instead of a second copy.
   */
  sharedText?(entry: T): ChunkedText | undefined;
}

/** The text of merged deltas: its own copy, or a prefix of text kept elsewhere. */
interface MergedText {
  readonly length: number;
  append(piece: string): void;
  toString(): string;
}

/** The first `length` characters of a text that keeps growing elsewhere. */
class SharedPrefix implements MergedText {
  length = 0;
  constructor(private readonly source: ChunkedText) {}
  append(piece: string): void {
    this.length += piece.length;
  }
  toString(): string {
    const text = this.source.toString();
    return text.length === this.length ? text : text.slice(0, this.length);
  }
}

/** Returned by a reader's map function to yield several values for one entry. */
export class Many<U> {
  constructor(readonly values: readonly U[]) {}
}

/** Readers advance in batches; the window is trimmed once this many events are past what it must keep. */
const TRIM_SLACK = 64;

interface HistoryEntry<T> {
  /** The event (for merged deltas: the first one); undefined once superseded, or once its item completed. */
  entry: T | undefined;
  /** Set for merged deltas: the text of all of them, while their item is open. */
  merged: MergedText | undefined;
  /** For merged deltas: their item (kept after it completed, so readers know to skip its deltas). */
  readonly itemId: string | undefined;
  readonly method: string | undefined;
  readonly part: number;
}

interface Cursor {
  /** Next history entry to read; Infinity once the reader reached the window. */
  historyIndex: number;
  /** Absolute position (the number of events pushed before the next one to read). */
  seq: number;
}

/** What the log holds right now (for tests and diagnostics). */
export interface EventLogStats {
  /** Events in the window (recent, or still unread by a reader). */
  readonly windowEvents: number;
  /** Live entries in the history (lifecycle events and merged deltas). */
  readonly historyEntries: number;
  /** Characters of merged deltas (some may be a prefix of text the turn state holds anyway). */
  readonly mergedChars: number;
  /** Readers that have not finished. */
  readonly readers: number;
}

export class EventLog<T> {
  readonly #policy: RetentionPolicy<T> | undefined;
  readonly #replayWindow: number;
  readonly #history: HistoryEntry<T>[] = [];
  /** Merged deltas by item id; after the item completed, one dead entry stands for all of them. */
  readonly #merges = new Map<string, HistoryEntry<T>[]>();
  readonly #completedItems = new Set<string>();
  /** Completed items whose merged deltas are still to be dropped (see #dropMerged). */
  readonly #unmerge = new Set<string>();
  readonly #latest = new Map<string, HistoryEntry<T>>();
  /** `#window[#head + i]` is the event at seq `#windowSeq + i`. */
  #window: (T | undefined)[] = [];
  #head = 0;
  #windowSeq = 0;
  #pushed = 0;
  readonly #readers = new Set<WeakRef<Cursor>>();
  #ended = false;
  #failure: { error: unknown } | undefined;
  #wakeUps: Array<() => void> = [];

  /**
   * Without a policy every event is kept (nothing is recognised as a delta). `replayWindow`: how many of
   * the most recent events a late reader still gets verbatim (`Infinity` keeps everything).
   */
  constructor(policy?: RetentionPolicy<T>, replayWindow = Number.POSITIVE_INFINITY) {
    this.#policy = policy;
    this.#replayWindow = replayWindow;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(entry: T): void {
    if (this.#ended) return;
    this.#window.push(entry);
    this.#pushed++;
    const completed = this.#policy?.completedItemId(entry);
    if (completed !== undefined) this.#itemCompleted(completed);
    if (this.#pushed - this.#windowSeq > this.#replayWindow + TRIM_SLACK) this.#trim();
    if (this.#wakeUps.length > 0) this.#wake();
  }

  /** Ends the log; readers drain what is left, then finish (or throw `error` when given). */
  end(error?: { error: unknown }): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#failure = error;
    this.#trim();
    this.#wake();
  }

  stats(): EventLogStats {
    let historyEntries = 0;
    let mergedChars = 0;
    for (const item of this.#history) {
      if (item.entry === undefined) continue;
      historyEntries++;
      mergedChars += item.merged?.length ?? 0;
    }
    return {
      windowEvents: this.#window.slice(this.#head).filter((entry) => entry !== undefined).length,
      historyEntries,
      mergedChars,
      readers: this.#liveCursors().length,
    };
  }

  /**
   * A reader that maps entries (skipping `undefined`). `onEarlyExit` runs when the consumer stops
   * before the log ended (`break`, `return`, a throw in the loop body).
   */
  reader<U>(map: (entry: T) => U | Many<U> | undefined, onEarlyExit?: () => void): AsyncIterableIterator<U> {
    // Start from exactly the replay window (plus what other readers still need), not the trim slack.
    this.#trim();
    const cursor: Cursor = { historyIndex: 0, seq: this.#windowSeq };
    // Values of a Many not handed out yet.
    let pending: readonly U[] = [];
    let pendingIndex = 0;
    // Items whose deltas this reader must skip: some were dropped before it could read them.
    let skip: Set<string> | undefined;
    const emit = (mapped: U | Many<U>): IteratorResult<U> => {
      if (!(mapped instanceof Many)) return { value: mapped, done: false };
      pending = mapped.values;
      pendingIndex = 1;
      return { value: pending[0] as U, done: false };
    };
    const ref = new WeakRef(cursor);
    this.#readers.add(ref);
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      this.#readers.delete(ref);
      this.#trim();
      // A next() of this reader may be waiting for an event: let it see that the reader finished.
      this.#wake();
    };
    const next = async (): Promise<IteratorResult<U>> => {
      for (;;) {
        if (finished) return { value: undefined, done: true };
        if (pendingIndex < pending.length) return { value: pending[pendingIndex++] as U, done: false };
        const history = this.#history;
        while (cursor.historyIndex < history.length) {
          const item = history[cursor.historyIndex++] as HistoryEntry<T>;
          if (item.entry === undefined || (item.itemId !== undefined && !item.merged)) {
            if (item.itemId !== undefined) {
              skip ??= new Set();
              skip.add(item.itemId);
            }
            continue;
          }
          const entry = item.merged
            ? (this.#policy as RetentionPolicy<T>).withDeltaText(item.entry, item.merged.toString())
            : item.entry;
          const mapped = map(entry);
          if (mapped !== undefined) return emit(mapped);
        }
        // Read up to the window: what moves to the history later is behind this reader already.
        if (cursor.historyIndex !== Number.POSITIVE_INFINITY) {
          cursor.historyIndex = Number.POSITIVE_INFINITY;
          this.#dropMerged();
        }
        let read = 0;
        while (cursor.seq < this.#pushed) {
          const entry = this.#window[this.#head + (cursor.seq++ - this.#windowSeq)];
          // Let the window move on behind a reader that reads a long stretch without yielding.
          if (++read === TRIM_SLACK * 16) this.#trim();
          if (entry === undefined) continue; // a delta dropped after the turn ended
          if (skip !== undefined) {
            const itemId = this.#policy?.deltaItemId(entry);
            if (itemId !== undefined && skip.has(itemId)) continue;
          }
          const mapped = map(entry);
          if (mapped !== undefined) return emit(mapped);
        }
        if (this.#ended) {
          finish();
          if (this.#failure) throw this.#failure.error;
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => this.#wakeUps.push(resolve));
      }
    };
    const iterator: AsyncIterableIterator<U> = {
      next,
      return: async () => {
        const early = !finished && !this.#ended;
        finish();
        if (early) onEarlyExit?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Moves events out of the window that no reader still needs and that are older than the replay window. */
  #trim(): void {
    let readFrom = this.#pushed;
    for (const cursor of this.#liveCursors()) readFrom = Math.min(readFrom, cursor.seq);
    const keepFrom = Math.min(readFrom, this.#pushed - this.#replayWindow);
    while (this.#windowSeq < keepFrom) {
      const entry = this.#window[this.#head];
      this.#window[this.#head++] = undefined;
      this.#windowSeq++;
      if (entry !== undefined) this.#retire(entry);
    }
    this.#dropMerged();
    if (this.#ended && this.#replayWindow !== Number.POSITIVE_INFINITY) this.#dropCompletedDeltas(readFrom);
    if (this.#head > 1024 && this.#head * 2 > this.#window.length) {
      this.#window = this.#window.slice(this.#head);
      this.#head = 0;
    }
  }

  #liveCursors(): Cursor[] {
    const cursors: Cursor[] = [];
    for (const ref of this.#readers) {
      const cursor = ref.deref();
      // A reader dropped without return() (its iterator was garbage collected) no longer holds the window.
      if (cursor) cursors.push(cursor);
      else this.#readers.delete(ref);
    }
    return cursors;
  }

  /** An event leaves the window: merged into its item's delta, kept in the history, or dropped. */
  #retire(entry: T): void {
    const policy = this.#policy;
    if (!policy) {
      this.#history.push({ entry, merged: undefined, itemId: undefined, method: undefined, part: 0 });
      return;
    }
    const itemId = policy.deltaItemId(entry);
    if (itemId !== undefined) {
      this.#mergeDelta(policy, itemId, entry);
      return;
    }
    if (policy.transient?.(entry)) return;
    const kept: HistoryEntry<T> = { entry, merged: undefined, itemId: undefined, method: undefined, part: 0 };
    const latestKey = policy.latestWinsKey(entry);
    if (latestKey !== undefined) {
      const previous = this.#latest.get(latestKey);
      if (previous) previous.entry = undefined;
      this.#latest.set(latestKey, kept);
    }
    this.#history.push(kept);
  }

  #mergeDelta(policy: RetentionPolicy<T>, itemId: string, entry: T): void {
    const method = (entry as { method?: string }).method;
    const part = policy.deltaPart(entry);
    let merges = this.#merges.get(itemId);
    if (merges) {
      for (const merge of merges) {
        if (!merge.merged) return; // the item completed: its deltas are no longer kept
        if (merge.part === part && merge.method === method) {
          merge.merged.append(policy.deltaText(entry));
          return;
        }
      }
    } else {
      merges = [];
      this.#merges.set(itemId, merges);
    }
    if (this.#completedItems.has(itemId)) {
      // Its deltas drop out after it completed: leave a mark so later readers skip them all.
      this.#markDropped(merges, itemId);
      return;
    }
    const shared = policy.sharedText?.(entry);
    const merged: MergedText = shared ? new SharedPrefix(shared) : new ChunkedText();
    merged.append(policy.deltaText(entry));
    const slot: HistoryEntry<T> = { entry, merged, itemId, method, part };
    merges.push(slot);
    this.#history.push(slot);
  }

  #markDropped(merges: HistoryEntry<T>[], itemId: string): void {
    const mark: HistoryEntry<T> = { entry: undefined, merged: undefined, itemId, method: undefined, part: 0 };
    merges.push(mark);
    this.#history.push(mark);
  }

  /**
   * The turn is over: deltas of completed items that every reader has read leave the replay window too
   * (their items' completions carry the whole text), so nothing of them stays once the turn was read.
   * Later readers skip all deltas of those items, as for any item whose deltas were dropped.
   */
  #dropCompletedDeltas(readFrom: number): void {
    const policy = this.#policy;
    if (!policy) return;
    for (let seq = this.#windowSeq; seq < readFrom; seq++) {
      const at = this.#head + (seq - this.#windowSeq);
      const entry = this.#window[at];
      if (entry === undefined) continue;
      const itemId = policy.deltaItemId(entry);
      if (itemId === undefined || !this.#completedItems.has(itemId)) continue;
      this.#window[at] = undefined;
      let merges = this.#merges.get(itemId);
      if (!merges) {
        merges = [];
        this.#merges.set(itemId, merges);
      }
      if (merges.length === 0) this.#markDropped(merges, itemId);
    }
  }

  /** The completion carries the whole item: its merged deltas are redundant from now on. */
  #itemCompleted(itemId: string): void {
    this.#completedItems.add(itemId);
    if (!this.#merges.has(itemId)) return;
    this.#unmerge.add(itemId);
    this.#dropMerged();
  }

  /**
   * Drops the merged deltas of completed items, unless a reader is still reading the history: it may have
   * read one part of an item's merged deltas already, and must get the others too (then skips nothing).
   */
  #dropMerged(): void {
    if (this.#unmerge.size === 0) return;
    for (const cursor of this.#liveCursors()) if (cursor.historyIndex < this.#history.length) return;
    for (const itemId of this.#unmerge) {
      const merges = this.#merges.get(itemId) ?? [];
      for (const merge of merges) {
        merge.entry = undefined;
        merge.merged = undefined;
      }
      // One mark is enough to make readers skip the item's deltas.
      merges.length = Math.min(merges.length, 1);
    }
    this.#unmerge.clear();
  }

  #wake(): void {
    const wakeUps = this.#wakeUps;
    this.#wakeUps = [];
    for (const wake of wakeUps) wake();
  }
}
