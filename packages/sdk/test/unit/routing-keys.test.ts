import { describe, expect, it } from "vitest";
import { TurnIndex, threadIdOf, turnIdOf } from "../../src/turn/routing-keys.js";

describe("routing keys", () => {
  it("reads threadId and the turn id (turnId, or turn.id on turn/started and turn/completed)", () => {
    expect(threadIdOf({ threadId: "t1", turnId: "u1" })).toBe("t1");
    expect(turnIdOf({ threadId: "t1", turnId: "u1" })).toBe("u1");
    expect(turnIdOf({ threadId: "t1", turn: { id: "u2", status: "completed" } })).toBe("u2");
    expect(turnIdOf({ threadId: "t1" })).toBeUndefined();
  });

  it("ignores values that are not strings, and params that are not objects", () => {
    for (const params of [undefined, null, "x", 3, [], { threadId: 1, turnId: null, turn: { id: 2 } }]) {
      expect(threadIdOf(params)).toBeUndefined();
      expect(turnIdOf(params)).toBeUndefined();
    }
    expect(turnIdOf({ turn: null })).toBeUndefined();
  });

  it("TurnIndex finds a value by thread and turn, and forgets empty threads", () => {
    const index = new TurnIndex<string>();
    index.set("t1", "u1", "a");
    index.set("t1", "u2", "b");
    index.set("t2", "u1", "c");
    expect(index.get("t1", "u2")).toBe("b");
    expect(index.get("t2", "u1")).toBe("c");
    // No composite keys: "t1" + "u1" and "t1u" + "1" stay apart.
    expect(index.get("t1u", "1")).toBeUndefined();
    index.delete("t1", "u1");
    index.delete("t1", "u2");
    expect([...index.values()]).toEqual(["c"]);
    index.clear();
    expect([...index.values()]).toEqual([]);
  });
});
