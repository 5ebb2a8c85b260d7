import { describe, expect, it } from "vitest";
import type { TurnEvent } from "../../src/index.js";
import { turnEventLog } from "../../src/turn/turn-event-retention.js";

const ids = { threadId: "thr", turnId: "turn" };
const event = (method: string, params: Record<string, unknown>) =>
  ({ method, params: { ...ids, ...params } }) as TurnEvent;

async function methodsOfLateReader(events: TurnEvent[]): Promise<string[]> {
  const log = turnEventLog(0);
  for (const e of events) log.push(e);
  log.end();
  const out: string[] = [];
  for await (const e of log.reader((e) => e)) {
    const p = e.params as { itemId?: string; delta?: string; message?: string; changes?: unknown[] };
    out.push(
      `${e.method}${p.itemId ? `:${p.itemId}` : ""}${p.delta ? `=${p.delta}` : ""}${p.message ? `=${p.message}` : ""}`,
    );
  }
  return out;
}

describe("a turn's retention policy", () => {
  it("merges reasoning deltas per part, keeps the latest patch and progress per item, drops other streamed notifications", async () => {
    const seen = await methodsOfLateReader([
      event("item/started", { item: { type: "reasoning", id: "rs", summary: [], content: [] } }),
      event("item/reasoning/summaryTextDelta", { itemId: "rs", summaryIndex: 0, delta: "a" }),
      event("item/reasoning/summaryTextDelta", { itemId: "rs", summaryIndex: 1, delta: "b" }),
      event("item/reasoning/summaryTextDelta", { itemId: "rs", summaryIndex: 0, delta: "c" }),
      event("item/fileChange/patchUpdated", { itemId: "fc", changes: [1] }),
      event("item/fileChange/patchUpdated", { itemId: "fc", changes: [1, 2] }),
      event("item/mcpToolCall/progress", { itemId: "mcp", message: "10%" }),
      event("item/mcpToolCall/progress", { itemId: "mcp", message: "90%" }),
      event("thread/realtime/outputAudio/delta", { audio: "…" }),
      event("item/started", { item: { type: "agentMessage", id: "m", text: "" } }),
    ]);
    expect(seen).toEqual([
      "item/started",
      "item/reasoning/summaryTextDelta:rs=ac",
      "item/reasoning/summaryTextDelta:rs=b",
      "item/fileChange/patchUpdated:fc",
      "item/mcpToolCall/progress:mcp=90%",
      "item/started",
    ]);
  });

  it("rejects a replay window that is not a non-negative integer or Infinity", () => {
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => turnEventLog(bad)).toThrow(/replayWindow/);
    expect(() => turnEventLog(Number.POSITIVE_INFINITY)).not.toThrow();
  });
});
