import { describe, expect, it } from "vitest";
import type { TurnEvent } from "../../src/index.js";
import { Many } from "../../src/turn/event-log.js";
import { agentMessageMapper, reasoningMapper, textMapper } from "../../src/turn/turn-streams.js";

const ids = { threadId: "thr", turnId: "turn" };
const delta = (itemId: string, text: string) =>
  ({ method: "item/agentMessage/delta", params: { ...ids, itemId, delta: text } }) as TurnEvent;
const message = (id: string, text: string) =>
  ({
    method: "item/completed",
    params: { ...ids, item: { type: "agentMessage", id, text, phase: null, memoryCitation: null } },
  }) as TurnEvent;
const reasoning = (id: string, summary: string[], content: string[]) =>
  ({
    method: "item/completed",
    params: { ...ids, item: { type: "reasoning", id, summary, content } },
  }) as TurnEvent;
const summaryDelta = (itemId: string, summaryIndex: number, text: string) =>
  ({
    method: "item/reasoning/summaryTextDelta",
    params: { ...ids, itemId, summaryIndex, delta: text },
  }) as TurnEvent;

function run<U>(mapper: (event: TurnEvent) => U | Many<U> | undefined, events: TurnEvent[]): U[] {
  const out: U[] = [];
  for (const event of events) {
    const mapped = mapper(event);
    if (mapped instanceof Many) out.push(...mapped.values);
    else if (mapped !== undefined) out.push(mapped);
  }
  return out;
}

describe("textStream's mapper", () => {
  it('keeps two agent messages apart with "\\n\\n", streamed or whole', () => {
    const chunks = run(textMapper(), [
      delta("m1", "First "),
      delta("m1", "message."),
      message("m1", "First message."),
      message("m2", "Second, sent whole."),
      delta("m3", "Third"),
      message("m3", "Third."),
    ]);
    expect(chunks).toEqual(["First ", "message.", "\n\nSecond, sent whole.", "\n\nThird", "."]);
    expect(chunks.join("")).toBe("First message.\n\nSecond, sent whole.\n\nThird.");
  });

  it("in a turn joined mid-stream, yields only the seen deltas of a message whose start it missed", () => {
    const started = (id: string) =>
      ({
        method: "item/started",
        params: { ...ids, item: { type: "agentMessage", id, text: "", phase: null, memoryCitation: null } },
      }) as TurnEvent;
    const chunks = run(textMapper(true), [
      delta("m1", "late "),
      delta("m1", "tail."),
      message("m1", "The early part, late tail."),
      started("m2"),
      delta("m2", "Sec"),
      message("m2", "Second."),
      message("m3", "Whole."),
    ]);
    // m1's missed start is not appended after its tail; m2 (start seen) and m3 (sent whole) are complete.
    expect(chunks).toEqual(["late ", "tail.", "\n\nSec", "ond.", "\n\nWhole."]);
  });

  it("adds nothing before the first message or for an empty one", () => {
    expect(run(textMapper(), [message("m0", ""), delta("m1", "only")])).toEqual(["only"]);
  });
});

describe("agentMessageStream's mapper", () => {
  it("names each chunk's message and adds no separator", () => {
    const chunks = run(agentMessageMapper(), [delta("m1", "a"), message("m1", "ab"), message("m2", "c")]);
    expect(chunks).toEqual([
      { itemId: "m1", delta: "a" },
      { itemId: "m1", delta: "b" },
      { itemId: "m2", delta: "c" },
    ]);
  });
});

describe("reasoningStream's mapper", () => {
  it("falls back to the whole summary and content parts when the item streamed no deltas", () => {
    const chunks = run(reasoningMapper(), [reasoning("rs1", ["plan A", "plan B"], ["raw thought"])]);
    expect(chunks).toEqual([
      { itemId: "rs1", kind: "summary", index: 0, delta: "plan A" },
      { itemId: "rs1", kind: "summary", index: 1, delta: "plan B" },
      { itemId: "rs1", kind: "text", index: 0, delta: "raw thought" },
    ]);
  });

  it("does not repeat a kind that streamed, and still falls back for the kind that did not", () => {
    const chunks = run(reasoningMapper(), [
      summaryDelta("rs1", 0, "thinking"),
      reasoning("rs1", ["thinking"], ["raw"]),
    ]);
    expect(chunks).toEqual([
      { itemId: "rs1", kind: "summary", index: 0, delta: "thinking" },
      { itemId: "rs1", kind: "text", index: 0, delta: "raw" },
    ]);
  });
});
