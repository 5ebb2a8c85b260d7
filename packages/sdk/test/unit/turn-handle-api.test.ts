// TurnHandle's public shape (issue 8 §6) and the codex:sdk:turn:start diagnostics channel.

import { AsyncLocalStorage } from "node:async_hooks";
import { channel, subscribe, unsubscribe } from "node:diagnostics_channel";
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { TURN_START_CHANNEL, type TurnStartMessage } from "../../src/index.js";
import { FAKE_THREAD_ID } from "../support/fake-thread.js";
import {
  agentMessage,
  answerTurnStart,
  completeTurn,
  inMemoryCodex,
  wireTurn,
} from "../support/in-memory-codex.js";

describe("TurnHandle state and listeners", () => {
  it("status goes queued -> running -> completed; started() and result() are methods", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const turn = (await thread()).turn("hi");
    expect(turn.status).toBe("queued");
    expect(turn.id).toBeUndefined();
    await answerTurnStart(server, "t1");
    expect((await turn.started()).id).toBe("t1");
    expect(turn.status).toBe("running");
    expect(turn.id).toBe("t1");
    completeTurn(server, "t1");
    const result = await turn.result();
    expect(turn.status).toBe("completed");
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(["status", "finalResponse", "items", "usage", "turn", "output"]),
    );
    await codex.close();
  });

  it("on() returns a callable, disposable Subscription; off() and once() stop delivery", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const turn = (await thread()).turn("hi");
    const viaOn: string[] = [];
    const viaOff: string[] = [];
    const viaOnce: string[] = [];
    const viaDispose: string[] = [];
    const stop = turn.on("item/completed", (e) => viaOn.push(e.params.item.id));
    const offHandler = (e: { params: { item: { id: string } } }) => viaOff.push(e.params.item.id);
    turn.on("item/completed", offHandler);
    turn.once("item/completed", (e) => viaOnce.push(e.params.item.id));
    {
      using _scoped = turn.on("item/completed", (e) => viaDispose.push(e.params.item.id));
    }
    await answerTurnStart(server, "t1");
    await turn.started();
    const send = (id: string) =>
      server.notify("item/completed", { threadId: FAKE_THREAD_ID, turnId: "t1", item: agentMessage(id, id) });
    send("a");
    await new Promise((resolve) => setTimeout(resolve, 5));
    turn.off("item/completed", offHandler);
    stop();
    send("b");
    completeTurn(server, "t1");
    await turn.result();
    expect(viaOn).toEqual(["a"]);
    expect(viaOff).toEqual(["a"]);
    expect(viaOnce).toEqual(["a"]);
    expect(viaDispose).toEqual([]);
    await codex.close();
  });
});

describe("a settled turn lets go of its AbortSignal", () => {
  it("removes its abort listener once settled", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const controller = new AbortController();
    const turn = (await thread()).turn("hi", { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    await answerTurnStart(server, "t1");
    completeTurn(server, "t1");
    await turn.result();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    await codex.close();
  });
});

describe("diagnostics_channel codex:sdk:turn:start", () => {
  it("publishes synchronously inside thread.turn(), in the caller's async context, before any event", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const t = await thread();
    const storage = new AsyncLocalStorage<string>();
    const seen: Array<{ message: TurnStartMessage; context: string | undefined; events: string[] }> = [];
    const onMessage = (message: unknown) => {
      const m = message as TurnStartMessage;
      const entry = { message: m, context: storage.getStore(), events: [] as string[] };
      m.turn.on("turn/started", (e) => entry.events.push(e.method));
      seen.push(entry);
    };
    subscribe(TURN_START_CHANNEL, onMessage);
    try {
      const options = { model: "m" };
      const turn = storage.run("caller-context", () => t.turn("hello", options));
      expect(seen).toHaveLength(1);
      expect(seen[0]?.message.turn).toBe(turn);
      expect(seen[0]?.message.threadId).toBe(FAKE_THREAD_ID);
      expect(seen[0]?.message.input).toBe("hello");
      expect(seen[0]?.message.options).toBe(options);
      expect(seen[0]?.context).toBe("caller-context");
      await answerTurnStart(server, "t1");
      server.notify("turn/started", { threadId: FAKE_THREAD_ID, turn: wireTurn("t1") });
      completeTurn(server, "t1");
      await turn.result();
      expect(seen[0]?.events).toEqual(["turn/started"]);
    } finally {
      unsubscribe(TURN_START_CHANNEL, onMessage);
    }
    expect(channel(TURN_START_CHANNEL).hasSubscribers).toBe(false);
    await codex.close();
  });
});
