import { describe, expect, it } from "vitest";
import { ChunkedText } from "../../src/turn/chunked-text.js";
import { EventLog, Many, type RetentionPolicy } from "../../src/turn/event-log.js";

async function read<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

/** Test events: `d` deltas of an item (per part), `s`/`c` start and complete an item, `p` a latest-wins plan. */
type E =
  | { kind: "s"; item: string }
  | { kind: "d"; item: string; part?: number; text: string }
  | { kind: "c"; item: string }
  | { kind: "p"; plan: string };

const policy: RetentionPolicy<E> = {
  deltaItemId: (e) => (e.kind === "d" ? e.item : undefined),
  deltaPart: (e) => (e.kind === "d" ? (e.part ?? 0) : 0),
  deltaText: (e) => (e.kind === "d" ? e.text : ""),
  withDeltaText: (e, text) => ({ ...e, text }) as E,
  completedItemId: (e) => (e.kind === "c" ? e.item : undefined),
  latestWinsKey: (e) => (e.kind === "p" ? "plan" : undefined),
};

const show = (e: E): string =>
  e.kind === "d"
    ? `d:${e.item}${e.part ? `.${e.part}` : ""}:${e.text}`
    : e.kind === "p"
      ? `p:${e.plan}`
      : `${e.kind}:${e.item}`;

describe("EventLog without a retention policy", () => {
  it("gives every reader all entries from the start, including late readers", async () => {
    const log = new EventLog<number>();
    const early = log.reader((n) => n);
    log.push(1);
    log.push(2);
    const late = log.reader((n) => (n % 2 === 0 ? `even ${n}` : undefined));
    log.push(4);
    log.end();
    expect(await read(early)).toEqual([1, 2, 4]);
    expect(await read(late)).toEqual(["even 2", "even 4"]);
  });

  it("throws the failure after the buffered entries and reports early exits", async () => {
    const log = new EventLog<string>();
    let exits = 0;
    log.push("a");
    const reader = log.reader(
      (s) => s,
      () => exits++,
    );
    log.end({ error: new Error("gone") });
    await expect(reader.next()).resolves.toEqual({ value: "a", done: false });
    await expect(reader.next()).rejects.toThrow("gone");
    expect(exits).toBe(0);
    const other = new EventLog<string>();
    other.push("x");
    for await (const _ of other.reader(
      (s) => s,
      () => exits++,
    ))
      break;
    expect(exits).toBe(1);
    other.end();
    for await (const _ of other.reader(
      (s) => s,
      () => exits++,
    ))
      break;
    expect(exits).toBe(1); // a break after the log ended is not an early exit
  });

  it("return() settles a next() that is waiting for an event", async () => {
    const log = new EventLog<number>();
    const reader = log.reader((n) => n);
    const waiting = reader.next();
    await reader.return?.();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
  });

  it("yields every value of a Many in order", async () => {
    const log = new EventLog<number>();
    log.push(1);
    log.push(2);
    log.end();
    expect(await read(log.reader((n) => (n === 2 ? new Many([20, 21, 22]) : n)))).toEqual([1, 20, 21, 22]);
  });
});

describe("EventLog with a retention policy (a turn's memory)", () => {
  it("keeps no more than the replay window of 100k deltas nobody reads, and drops merged text once the item completes", () => {
    const log = new EventLog<E>(policy, 10);
    log.push({ kind: "s", item: "m" });
    for (let i = 0; i < 100_000; i++) log.push({ kind: "d", item: "m", text: "x" });
    let stats = log.stats();
    expect(stats.windowEvents).toBeLessThanOrEqual(10 + 64);
    // Deltas that left the window live on merged (one entry, their characters), not one by one.
    expect(stats.historyEntries).toBe(2);
    expect(stats.mergedChars).toBe(100_000 - stats.windowEvents);
    // The completion carries the whole item: the merged text goes at once, not when it leaves the window.
    log.push({ kind: "c", item: "m" });
    expect(log.stats().mergedChars).toBe(0);
    log.end();
    stats = log.stats();
    // Once the turn ended (and nobody is reading), deltas of completed items leave the window too.
    expect(stats.windowEvents).toBe(1);
    expect(stats.historyEntries).toBe(1);
    expect(stats.mergedChars).toBe(0);
  });

  it("a reader that keeps up holds nothing back; one that lags holds the window until it has read", async () => {
    const log = new EventLog<E>(policy, 0);
    const lagging = log.reader((e) => e);
    for (let i = 0; i < 1_000; i++) log.push({ kind: "d", item: "m", text: "x" });
    expect(log.stats().windowEvents).toBe(1_000);
    let read = 0;
    for (; read < 1_000; read++) await lagging.next();
    await lagging.return?.();
    expect(log.stats().windowEvents).toBe(0);
    expect(log.stats().readers).toBe(0);
  });

  it("a late reader gets lifecycle events, earlier deltas merged per item and part, then the window verbatim, then live events", async () => {
    const log = new EventLog<E>(policy, 3);
    log.push({ kind: "p", plan: "v0" });
    log.push({ kind: "s", item: "a" });
    log.push({ kind: "d", item: "a", text: "He" });
    log.push({ kind: "p", plan: "v1" });
    log.push({ kind: "d", item: "a", text: "llo" });
    log.push({ kind: "c", item: "a" });
    log.push({ kind: "s", item: "r" });
    for (let i = 0; i < 200; i++) log.push({ kind: "d", item: "r", part: i % 2, text: String(i % 10) });
    log.push({ kind: "p", plan: "v2" });
    log.push({ kind: "d", item: "r", part: 1, text: "!" });
    const seenLater = read(log.reader(show));
    await new Promise((resolve) => setTimeout(resolve, 1)); // the late reader catches up
    log.push({ kind: "d", item: "r", part: 0, text: "live" });
    log.push({ kind: "c", item: "r" });
    log.end();
    const seen = await seenLater;
    // Item "a" completed before the window: its deltas are gone (item/completed carries the whole item);
    // plan v0 was superseded by v1. Item "r" is open: its earlier deltas arrive merged, one per part.
    const even = Array.from({ length: 100 }, (_, i) => String((2 * i) % 10)).join("");
    const odd = Array.from({ length: 99 }, (_, i) => String((2 * i + 1) % 10)).join("");
    expect(seen).toEqual([
      "s:a",
      "p:v1",
      "c:a",
      "s:r",
      `d:r:${even}`,
      `d:r.1:${odd}`,
      // the last three events before the reader attached, one by one
      "d:r.1:9",
      "p:v2",
      "d:r.1:!",
      // then live ones
      "d:r:live",
      "c:r",
    ]);
  });

  it("per item and part, a late reader's deltas add up to exactly what an early reader saw", async () => {
    const log = new EventLog<E>(policy, 5);
    const early = log.reader((e) => e);
    const earlyText = read(early).then((events) => texts(events));
    log.push({ kind: "s", item: "m" });
    for (let i = 0; i < 5_000; i++) log.push({ kind: "d", item: "m", part: i % 3, text: `${i},` });
    const late = log.reader((e) => e);
    for (let i = 5_000; i < 5_100; i++) log.push({ kind: "d", item: "m", part: i % 3, text: `${i},` });
    log.end();
    expect(texts(await read(late))).toEqual(await earlyText);
  });

  it("a late reader never gets a completed item's delta tail without its head", async () => {
    const log = new EventLog<E>(policy, 4);
    log.push({ kind: "s", item: "m" });
    for (let i = 0; i < 100; i++) log.push({ kind: "d", item: "m", text: `${i} ` });
    log.push({ kind: "c", item: "m" });
    log.push({ kind: "s", item: "n" });
    log.push({ kind: "d", item: "n", text: "whole" });
    log.end();
    // "m"'s last deltas are still in the replay window, but its head is gone: only its completion comes.
    expect(await read(log.reader(show))).toEqual(["s:m", "c:m", "s:n", "d:n:whole"]);
  });

  it("a reader still behind when the turn ends gets every delta; a later reader gets the completed item only", async () => {
    const log = new EventLog<E>(policy, 1_000);
    const behind = log.reader(show);
    log.push({ kind: "s", item: "m" });
    log.push({ kind: "d", item: "m", text: "a" });
    log.push({ kind: "d", item: "m", text: "b" });
    log.push({ kind: "c", item: "m" });
    log.end();
    expect(await read(behind)).toEqual(["s:m", "d:m:a", "d:m:b", "c:m"]);
    expect(log.stats().windowEvents).toBe(2);
    expect(await read(log.reader(show))).toEqual(["s:m", "c:m"]);
  });

  it("with replayWindow Infinity, nothing is dropped, not even after the end", async () => {
    const log = new EventLog<E>(policy, Number.POSITIVE_INFINITY);
    log.push({ kind: "s", item: "m" });
    log.push({ kind: "d", item: "m", text: "a" });
    log.push({ kind: "c", item: "m" });
    log.end();
    expect(await read(log.reader(show))).toEqual(["s:m", "d:m:a", "c:m"]);
  });

  it("a reader dropped without return() does not hold the window forever", async () => {
    const { setFlagsFromString } = await import("node:v8");
    const { runInNewContext } = await import("node:vm");
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const log = new EventLog<E>(policy, 0);
    (() => {
      const forgotten = log.reader((e) => e);
      void forgotten;
    })();
    // gc() in a later task than any deref() (a WeakRef's target is kept alive for the rest of that task).
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      gc();
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 1_000; i++) log.push({ kind: "d", item: "m", text: "x" });
    expect(log.stats().readers).toBe(0);
    expect(log.stats().windowEvents).toBeLessThanOrEqual(64);
  });
});

function texts(events: E[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events)
    if (e.kind === "d") out[`${e.item}.${e.part ?? 0}`] = (out[`${e.item}.${e.part ?? 0}`] ?? "") + e.text;
  return out;
}

describe("EventLog invariants under random interleavings", () => {
  /** A small seeded PRNG (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it("every reader gets, per item and part, all of its text or (for an item completed before it got there) none, and lifecycle events in order", async () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rand = random(seed);
      const replayWindow = [0, 1, 3, 10, 100][seed % 5] as number;
      // Every other seed, merged deltas are a prefix of text kept outside the log (as the turn state does).
      const outside = new Map<string, ChunkedText>();
      const log = new EventLog<E>(
        seed % 2 === 0
          ? policy
          : {
              ...policy,
              sharedText: (e) => (e.kind === "d" ? outside.get(`${e.item}.${e.part ?? 0}`) : undefined),
            },
        replayWindow,
      );
      const full = new Map<string, string>();
      const lifecycle: string[] = [];
      const open: string[] = [];
      const readers: Array<{ seen: E[]; done: Promise<void> }> = [];
      const startReader = (): void => {
        const seen: E[] = [];
        const it = log.reader((e) => e);
        const done = (async () => {
          for await (const e of it) {
            seen.push(e);
            if (rand() < 0.3) await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        readers.push({ seen, done });
      };
      let items = 0;
      for (let step = 0; step < 600; step++) {
        const roll = rand();
        if (roll < 0.03) startReader();
        else if (roll < 0.08 || open.length === 0) {
          const item = `i${items++}`;
          open.push(item);
          log.push({ kind: "s", item });
          lifecycle.push(`s:${item}`);
        } else if (roll < 0.12) {
          const item = open.splice(Math.floor(rand() * open.length), 1)[0] as string;
          outside.delete(`${item}.0`);
          outside.delete(`${item}.1`);
          log.push({ kind: "c", item });
          lifecycle.push(`c:${item}`);
        } else {
          const item = open[Math.floor(rand() * open.length)] as string;
          const part = rand() < 0.3 ? 1 : 0;
          const text = String.fromCharCode(97 + Math.floor(rand() * 26));
          full.set(`${item}.${part}`, (full.get(`${item}.${part}`) ?? "") + text);
          const kept = outside.get(`${item}.${part}`) ?? new ChunkedText();
          kept.append(text);
          outside.set(`${item}.${part}`, kept);
          log.push({ kind: "d", item, part, text });
        }
        if (rand() < 0.05) await new Promise((resolve) => setImmediate(resolve));
      }
      log.end();
      startReader(); // one more after the end
      await Promise.all(readers.map((reader) => reader.done));
      for (const { seen } of readers) {
        const got = texts(seen);
        const completedSeen = new Set(
          seen.filter((e) => e.kind === "c").map((e) => (e as { item: string }).item),
        );
        for (const [key, text] of full) {
          const item = key.slice(0, key.indexOf("."));
          const startedSeen = seen.some((e) => e.kind === "s" && e.item === item);
          if (!startedSeen) continue;
          const mine = got[key] ?? "";
          if (mine !== text) {
            // Only allowed: none of the item's deltas, and the item completed.
            expect({ seed, key, mine, completed: completedSeen.has(item) }).toEqual({
              seed,
              key,
              mine: "",
              completed: true,
            });
          }
        }
        // Lifecycle events: the reader's are the pushed ones from some point on, in order.
        const mineLifecycle = seen.filter((e) => e.kind === "s" || e.kind === "c").map(show);
        expect(lifecycle.slice(lifecycle.length - mineLifecycle.length)).toEqual(mineLifecycle);
      }
      // The last reader came after the end: it gets every lifecycle event of the turn.
      const last = readers
        .at(-1)
        ?.seen.filter((e) => e.kind === "s" || e.kind === "c")
        .map(show);
      expect(last).toEqual(lifecycle);
    }
  });
});
