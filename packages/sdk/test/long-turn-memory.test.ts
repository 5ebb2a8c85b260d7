import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { InMemoryAppServer } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { Codex, type TurnEvent } from "../src/index.js";
import { FAKE_THREAD_ID, FAKE_TURN_ID, fakeThreadStart, fakeTurn } from "./support/fake-thread.js";

const T = 60_000;
const DELTAS = 100_000;
const REPLAY_WINDOW = 100;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * An in-process scripted app-server whose every turn streams DELTAS deltas of "x " into one agent message,
 * in batches (so readers run while it streams), then completes the message and the turn.
 */
function longTurnServer(): InMemoryAppServer {
  const server = new InMemoryAppServer();
  const ids = { threadId: FAKE_THREAD_ID, turnId: FAKE_TURN_ID };
  const message = { type: "agentMessage", id: "msg_long", phase: "final_answer", memoryCitation: null };
  const stream = async (): Promise<void> => {
    server.notify("turn/started", { threadId: FAKE_THREAD_ID, turn: fakeTurn });
    server.notify("item/started", { ...ids, item: { ...message, text: "" } });
    for (let sent = 0; sent < DELTAS; sent++) {
      server.notify("item/agentMessage/delta", { ...ids, itemId: "msg_long", delta: "x " });
      if (sent % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
    server.notify("item/completed", { ...ids, item: { ...message, text: "x ".repeat(DELTAS) } });
    server.notify("turn/completed", {
      threadId: FAKE_THREAD_ID,
      turn: { ...fakeTurn, status: "completed", items: [] },
    });
  };
  server.handle("thread/start", () => fakeThreadStart);
  server.handle("turn/start", () => {
    setImmediate(() => void stream());
    return { turn: fakeTurn };
  });
  return server;
}

async function collectGarbage(): Promise<void> {
  // gc() in tasks of their own: a WeakRef's target stays alive until the task that read it ends.
  for (let round = 0; round < 4; round++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("a long turn in flat memory", () => {
  it(
    `after ${DELTAS.toLocaleString("en")} deltas were read, the handle holds none of them`,
    async () => {
      await using codex = new Codex({ transport: longTurnServer().transport, versionCheck: "off" });
      const thread = await codex.startThread();
      const turn = thread.turn("stream a lot", { replayWindow: REPLAY_WINDOW });
      let collected = 0;
      const registry = new FinalizationRegistry<undefined>(() => {
        collected++;
      });
      turn.on("item/agentMessage/delta", (event) => registry.register(event, undefined));
      let chars = 0;
      for await (const text of turn.textStream) chars += text.length;
      const result = await turn.result();
      expect(chars).toBe(2 * DELTAS);
      expect(result.finalResponse).toHaveLength(2 * DELTAS);
      await collectGarbage();
      // The turn handle is alive (used below), yet the deltas are gone: neither the event log nor the
      // turn's state kept them. Before, every event stayed until the handle was dropped.
      // Not even the replay window keeps them: the turn ended and its message completed with the whole text.
      expect(collected).toBe(DELTAS);
      expect(turn.snapshot().text).toHaveLength(2 * DELTAS);
    },
    T,
  );

  it(
    "a reader that attaches mid-stream gets the message's earlier deltas merged, then the rest: the whole text",
    async () => {
      await using codex = new Codex({ transport: longTurnServer().transport, versionCheck: "off" });
      const thread = await codex.startThread();
      const turn = thread.turn("stream a lot", { replayWindow: REPLAY_WINDOW });
      let seen = 0;
      let late: Promise<string[]> | undefined;
      turn.on("item/agentMessage/delta", () => {
        if (++seen !== DELTAS / 2) return;
        late = (async () => {
          const chunks: string[] = [];
          for await (const text of turn.textStream) chunks.push(text);
          return chunks;
        })();
      });
      await turn.result();
      const chunks = (await late) ?? [];
      expect(chunks.join("")).toBe("x ".repeat(DELTAS));
      // Far fewer chunks than deltas: what left the replay window before it attached came as one.
      expect(chunks.length).toBeLessThan(DELTAS / 2 + REPLAY_WINDOW + 100);
      expect(chunks[0]?.length).toBeGreaterThan(2 * REPLAY_WINDOW);
    },
    T,
  );

  it(
    "a reader that attaches after the turn gets its lifecycle events and the whole message, not a delta tail",
    async () => {
      await using codex = new Codex({ transport: longTurnServer().transport, versionCheck: "off" });
      const thread = await codex.startThread();
      const turn = thread.turn("stream a lot", { replayWindow: REPLAY_WINDOW });
      await turn.result();
      const methods: TurnEvent["method"][] = [];
      for await (const event of turn) methods.push(event.method);
      expect(methods).toEqual(["turn/started", "item/started", "item/completed", "turn/completed"]);
      const texts: string[] = [];
      for await (const text of turn.textStream) texts.push(text);
      expect(texts).toEqual(["x ".repeat(DELTAS)]);
    },
    T,
  );

  it(
    "replayWindow: Infinity keeps every event for late readers (the old behaviour, opt-in)",
    async () => {
      await using codex = new Codex({
        transport: longTurnServer().transport,
        versionCheck: "off",
        replayWindow: Number.POSITIVE_INFINITY,
      });
      const turn = (await codex.startThread()).turn("stream a lot");
      await turn.result();
      let deltas = 0;
      for await (const event of turn) if (event.method === "item/agentMessage/delta") deltas++;
      expect(deltas).toBe(DELTAS);
    },
    T,
  );

  it("rejects a replayWindow that is not a non-negative integer before anything is sent", async () => {
    await using codex = new Codex({ transport: longTurnServer().transport, versionCheck: "off" });
    const thread = await codex.startThread();
    expect(() => thread.turn("hi", { replayWindow: -1 })).toThrow(
      /replayWindow must be a non-negative integer/,
    );
  });
});
