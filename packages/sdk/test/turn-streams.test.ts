import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import type { AgentMessageChunk, ReasoningChunk } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T);

async function collect<U>(stream: AsyncIterable<U>): Promise<U[]> {
  const out: U[] = [];
  for await (const value of stream) out.push(value);
  return out;
}

describe("derived streams on the real codex", () => {
  it(
    "reasoningStream yields a reasoning item's whole summary and content when codex streams no deltas for it",
    async () => {
      fx.env.mock.enqueue(
        reply.turn([
          reply.reasoning(["Look at the files.", "Then answer."], { content: "raw chain of thought" }),
          reply.message("done"),
        ]),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("think first");
      const [chunks, events] = await Promise.all([
        collect(turn.reasoningStream),
        collect(turn),
        turn.result(),
      ]);
      // codex sent the item whole: no reasoning deltas at all, only item/started and item/completed.
      expect(events.some((event) => event.method.startsWith("item/reasoning/"))).toBe(false);
      const reasoning = events.find(
        (event) => event.method === "item/completed" && event.params.item.type === "reasoning",
      );
      expect(reasoning).toBeDefined();
      const expected: ReasoningChunk[] = [];
      const item = reasoning?.method === "item/completed" ? reasoning.params.item : undefined;
      if (item?.type === "reasoning") {
        (item.summary ?? []).forEach((delta, index) => {
          expected.push({ itemId: item.id, kind: "summary", index, delta });
        });
        (item.content ?? []).forEach((delta, index) => {
          expected.push({ itemId: item.id, kind: "text", index, delta });
        });
      }
      expect(chunks.filter((c) => c.kind === "summary").map((c) => c.delta)).toEqual([
        "Look at the files.",
        "Then answer.",
      ]);
      expect(chunks).toEqual(expected);
    },
    T,
  );

  it(
    'textStream keeps two agent messages apart ("\\n\\n"); agentMessageStream names each message',
    async () => {
      fx.env.mock.enqueue(
        reply.turn([
          reply.message("First message.", { deltas: ["First ", "message."] }),
          reply.message("Second message.", { deltas: ["Second ", "message."] }),
        ]),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("two messages");
      const [texts, chunks, result] = await Promise.all([
        collect(turn.textStream),
        collect(turn.agentMessageStream),
        turn.result(),
      ]);
      expect(texts.join("")).toBe("First message.\n\nSecond message.");
      const messages = result.items.filter((item) => item.type === "agentMessage");
      expect(messages).toHaveLength(2);
      const byMessage = new Map<string, string>();
      for (const { itemId, delta } of chunks as AgentMessageChunk[]) {
        byMessage.set(itemId, (byMessage.get(itemId) ?? "") + delta);
      }
      expect([...byMessage.entries()]).toEqual(
        messages.map((message) => [message.id, message.type === "agentMessage" ? message.text : ""]),
      );
      // A reader that starts after the turn reads the same text.
      expect((await collect(turn.textStream)).join("")).toBe("First message.\n\nSecond message.");
    },
    T,
  );
});
