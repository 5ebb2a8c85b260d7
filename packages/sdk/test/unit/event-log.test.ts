import { describe, expect, it } from "vitest";
import { EventLog } from "../../src/turn/event-log.js";

describe("EventLog", () => {
  it("gives every reader all entries from the start, including late readers", async () => {
    const log = new EventLog<number>();
    const early = log.reader((n) => n);
    log.push(1);
    log.push(2);
    const late = log.reader((n) => (n % 2 === 0 ? `even ${n}` : undefined));
    log.push(4);
    log.end();
    const read = async <T>(it: AsyncIterable<T>) => {
      const out: T[] = [];
      for await (const v of it) out.push(v);
      return out;
    };
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
});
