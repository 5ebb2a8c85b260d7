import { describe, expect, it } from "vitest";
import type { TurnEvent } from "../../src/index.js";
import { TurnState } from "../../src/turn/turn-state.js";

const ids = { threadId: "thr", turnId: "turn" };
const message = (text: string) => ({
  type: "agentMessage",
  id: "m1",
  text,
  phase: null,
  memoryCitation: null,
});

describe("TurnState", () => {
  it("keeps a streaming message's text only until the message completes", () => {
    const state = new TurnState();
    state.apply({ method: "item/started", params: { ...ids, item: message("") } } as TurnEvent);
    for (let i = 0; i < 100_000; i++) {
      state.apply({
        method: "item/agentMessage/delta",
        params: { ...ids, itemId: "m1", delta: "ab" },
      } as TurnEvent);
    }
    expect(state.snapshot().text).toHaveLength(200_000);
    expect(state.snapshot().items[0]).toMatchObject({ text: "ab".repeat(100_000) });
    expect(state.streamedText("m1")?.length).toBe(200_000);
    state.apply({ method: "item/completed", params: { ...ids, item: message("final") } } as TurnEvent);
    // The completed item carries the text: the streamed copy is gone.
    expect(state.streamedText("m1")).toBeUndefined();
    expect(state.snapshot().text).toBe("final");
  });
});
