// Codex's list calls share one shape, and verbs do what they say (issue 8 §6), on the in-memory app-server.
import { describe, expect, it } from "vitest";
import { CodexAbortError, ConnectionClosedError } from "../../src/index.js";
import { FAKE_THREAD_ID } from "../support/fake-thread.js";
import { flush, inMemoryCodex, wireTurn } from "../support/in-memory-codex.js";

describe("list calls", () => {
  it("threads() and models() are auto-paging AsyncIterables; listThreads()/listModels() return one page", async () => {
    const { server, codex } = inMemoryCodex();
    const paged = (prefix: string) => (params: unknown) => {
      const cursor = (params as { cursor?: string | null }).cursor;
      return cursor === "p2"
        ? { data: [{ id: `${prefix}3` }], nextCursor: null }
        : { data: [{ id: `${prefix}1` }, { id: `${prefix}2` }], nextCursor: "p2" };
    };
    server.handle("thread/list", paged("t"));
    server.handle("model/list", paged("m"));
    const threads: string[] = [];
    for await (const thread of codex.threads()) threads.push(thread.id);
    const models: string[] = [];
    for await (const model of codex.models()) models.push(model.id);
    expect(threads).toEqual(["t1", "t2", "t3"]);
    expect(models).toEqual(["m1", "m2", "m3"]);
    const page = await codex.listModels();
    expect(page.data.map((m) => m.id)).toEqual(["m1", "m2"]);
    expect(page.nextCursor).toBe("p2");
    expect((await codex.listThreads({ cursor: "p2" })).data.map((t) => t.id)).toEqual(["t3"]);
    await codex.close();
  });
});

describe("verbs", () => {
  it("revertThread sends thread/revert", async () => {
    const { server, codex } = inMemoryCodex();
    server.handle("thread/revert", () => ({}));
    await codex.revertThread(FAKE_THREAD_ID, "turn_2");
    expect(server.sent("thread/revert")).toEqual([
      expect.objectContaining({ params: { threadId: FAKE_THREAD_ID, beforeTurnId: "turn_2" } }),
    ]);
    await codex.close();
  });

  it("codex.compactThread() waits for the compaction turn to complete, like thread.compact()", async () => {
    const { server, codex } = inMemoryCodex();
    server.handle("thread/compact/start", () => ({}));
    let settled = false;
    const compaction = codex.compactThread(FAKE_THREAD_ID).then((turn) => {
      settled = true;
      return turn;
    });
    await flush();
    expect(server.sent("thread/compact/start")).toHaveLength(1);
    expect(settled).toBe(false);
    server.notify("turn/completed", { threadId: FAKE_THREAD_ID, turn: wireTurn("compaction", "completed") });
    expect((await compaction).id).toBe("compaction");
    await codex.close();
  });

  it("a compaction wait settles when the server goes away (also on a client not started yet) or the signal aborts", async () => {
    const { server, codex } = inMemoryCodex();
    server.handle("thread/compact/start", () => ({}));
    const waiting = codex.compactThread(FAKE_THREAD_ID);
    await flush();
    expect(server.sent("thread/compact/start")).toHaveLength(1);
    const rejected = expect(waiting).rejects.toBeInstanceOf(ConnectionClosedError);
    await server.close();
    await rejected;
    await codex.close();

    const second = inMemoryCodex();
    second.server.handle("thread/compact/start", () => ({}));
    const controller = new AbortController();
    const aborted = second.codex.compactThread(FAKE_THREAD_ID, { signal: controller.signal });
    await flush();
    controller.abort("enough");
    await expect(aborted).rejects.toBeInstanceOf(CodexAbortError);
    await second.codex.close();
  });
});
