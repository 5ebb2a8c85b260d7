// The session's routing, dispatch, abort and close paths against a scripted in-process app-server.
import { describe, expect, it, vi } from "vitest";
import {
  CodexAbortError,
  type DecisionEvent,
  type ServerRequestHandlers,
  type TurnEvent,
  TurnHandle,
} from "../../src/index.js";
import { FAKE_THREAD_ID } from "../support/fake-thread.js";
import {
  agentMessage,
  answerTurnStart,
  completeTurn,
  flush,
  inMemoryCodex,
  runningAndQueued,
  wireTurn,
} from "../support/in-memory-codex.js";

const approvalParams = (turnId: string) => ({
  threadId: FAKE_THREAD_ID,
  turnId,
  itemId: "call_1",
  startedAtMs: 0,
  command: "ls",
  cwd: "/tmp",
});

const decide =
  (
    decision: "accept" | "decline" | "cancel",
  ): ServerRequestHandlers["item/commandExecution/requestApproval"] =>
  () => ({ decision });

describe("turn router", () => {
  it("holds events that arrive before turn/start answers and replays them to the turn, in order", async () => {
    const { server, codex, thread } = inMemoryCodex();
    server.handle("turn/start", (_params, request) => {
      // codex may stream the turn's first events before the reply carrying its id.
      server.notify("turn/started", { threadId: FAKE_THREAD_ID, turn: wireTurn("t1") });
      server.notify("item/agentMessage/delta", {
        threadId: FAKE_THREAD_ID,
        turnId: "t1",
        itemId: "m1",
        delta: "early ",
      });
      setTimeout(() => request.respond({ turn: wireTurn("t1") }), 5);
      return undefined;
    });
    const turn = (await thread()).turn("hi");
    const seen: string[] = [];
    turn.on("item/agentMessage/delta", (event) => seen.push(event.params.delta));
    await turn.started();
    server.notify("item/completed", {
      threadId: FAKE_THREAD_ID,
      turnId: "t1",
      item: agentMessage("m1", "early late"),
    });
    completeTurn(server, "t1");
    const result = await turn.result();
    expect(seen).toEqual(["early "]);
    expect(result.finalResponse).toBe("early late");
    await codex.close();
  });

  it("stores turn handles directly: two threads' turns each get only their own events", async () => {
    const { server, codex } = inMemoryCodex();
    server.handle("thread/start", (params) => ({
      thread: { id: (params as { cwd: string }).cwd, status: { type: "idle" }, turns: [] },
      model: "mock",
      modelProvider: "mock",
      cwd: "/tmp",
    }));
    const [a, b] = await Promise.all([codex.startThread({ cwd: "A" }), codex.startThread({ cwd: "B" })]);
    server.handle("turn/start", (params) => ({
      turn: wireTurn(`turn-${(params as { threadId: string }).threadId}`),
    }));
    const ta = a.turn("a");
    const tb = b.turn("b");
    await Promise.all([ta.started(), tb.started()]);
    for (const [threadId, text] of [
      ["A", "for a"],
      ["B", "for b"],
    ] as const) {
      server.notify("item/completed", {
        threadId,
        turnId: `turn-${threadId}`,
        item: agentMessage(`m${threadId}`, text),
      });
      server.notify("turn/completed", { threadId, turn: wireTurn(`turn-${threadId}`, "completed") });
    }
    expect((await ta.result()).finalResponse).toBe("for a");
    expect((await tb.result()).finalResponse).toBe("for b");
    await codex.close();
  });
});

describe("server-request dispatcher", () => {
  it("asks turn, then thread, then client handlers; undefined passes the request on", async () => {
    const client = vi.fn(decide("cancel"));
    const { server, codex } = inMemoryCodex({
      serverRequests: { "item/commandExecution/requestApproval": client },
    });
    const decisions: DecisionEvent[] = [];
    codex.onDecision((event) => decisions.push(event));
    const thread = await codex.startThread({
      serverRequests: { "item/commandExecution/requestApproval": decide("decline") },
    });
    server.handle("turn/start", () => ({ turn: wireTurn("t1") }));
    const turn = thread.turn("go", {
      serverRequests: [
        { "item/commandExecution/requestApproval": () => undefined },
        {
          "item/commandExecution/requestApproval": (_p, context) =>
            context.turnId === "t1" ? { decision: "accept" } : undefined,
        },
      ],
    });
    await turn.started();

    expect(await server.request("item/commandExecution/requestApproval", approvalParams("t1"))).toEqual({
      decision: "accept",
    });
    // A request for a turn this client does not run: the thread's handlers, found through the session.
    expect(await server.request("item/commandExecution/requestApproval", approvalParams("other"))).toEqual({
      decision: "decline",
    });
    // Another thread entirely: the client's handlers.
    expect(
      await server.request("item/commandExecution/requestApproval", {
        ...approvalParams("x"),
        threadId: "elsewhere",
      }),
    ).toEqual({ decision: "cancel" });
    expect(decisions.map((d) => d.source)).toEqual(["turn", "thread", "client"]);
    expect(client).toHaveBeenCalledTimes(1);
    completeTurn(server, "t1");
    await turn.result();
    await codex.close();
  });

  it("a throwing handler: the fail-closed answer is sent and onWarning gets the error (no process warning)", async () => {
    const emitWarning = vi.spyOn(process, "emitWarning");
    const boom = new Error("handler exploded");
    const { server, codex, warnings } = inMemoryCodex({
      serverRequests: {
        "item/commandExecution/requestApproval": () => {
          throw boom;
        },
      },
    });
    const decisions: DecisionEvent[] = [];
    codex.onDecision((event) => decisions.push(event));
    await codex.start();
    const answer = await server.request("item/commandExecution/requestApproval", approvalParams("t9"));
    expect(answer).toEqual({ decision: "decline" });
    expect(decisions[0]?.source).toBe("handlerError");
    expect(warnings).toEqual([
      expect.objectContaining({
        kind: "serverRequestHandlerError",
        method: "item/commandExecution/requestApproval",
        error: boom,
      }),
    ]);
    expect(emitWarning).not.toHaveBeenCalled();
    emitWarning.mockRestore();
    await codex.close();
  });

  it("a throwing turn listener or notification listener reaches onWarning, and delivery goes on", async () => {
    const emitWarning = vi.spyOn(process, "emitWarning");
    const { server, codex, warnings, thread } = inMemoryCodex();
    codex.onNotification("turn/completed", () => {
      throw new Error("notification listener broke");
    });
    const turn = (await thread()).turn("hi");
    const after: string[] = [];
    turn.on("turn/completed", () => {
      throw new Error("turn listener broke");
    });
    turn.on("turn/completed", (event) => after.push(event.params.turn.status));
    await answerTurnStart(server, "t1");
    completeTurn(server, "t1");
    await turn.result();
    await flush();
    expect(after).toEqual(["completed"]);
    expect(warnings.map((w) => [w.kind, w.error?.message])).toEqual([
      ["listenerError", "turn listener broke"],
      ["listenerError", "notification listener broke"],
    ]);
    expect(emitWarning).not.toHaveBeenCalled();
    emitWarning.mockRestore();
    await codex.close();
  });
});

describe("abort paths", () => {
  it("a signal aborted before the turn is sent: nothing reaches the server", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const turn = (await thread()).turn("never", { signal: AbortSignal.abort("no") });
    await expect(turn.result()).rejects.toBeInstanceOf(CodexAbortError);
    await expect(turn.started()).rejects.toBeInstanceOf(CodexAbortError);
    expect(turn.status).toBe("interrupted");
    await flush();
    expect(server.sent("turn/start")).toHaveLength(0);
    await codex.close();
  });

  it("abort while turn/start is in flight: the turn is interrupted as soon as its id is known", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const controller = new AbortController();
    const turn = (await thread()).turn("go", { signal: controller.signal });
    const start = await server.nextRequest("turn/start");
    controller.abort("stop");
    start.respond({ turn: wireTurn("t1") });
    const interrupt = await server.nextRequest("turn/interrupt");
    expect(interrupt.params).toEqual({ threadId: FAKE_THREAD_ID, turnId: "t1" });
    interrupt.respond({});
    completeTurn(server, "t1", "interrupted");
    const error = (await turn.result().catch((e: unknown) => e)) as CodexAbortError;
    expect(error).toBeInstanceOf(CodexAbortError);
    expect(error.reason).toBe("stop");
    await codex.close();
  });

  it("abort of a running turn: iterator and result() reject with CodexAbortError after the server confirms", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const controller = new AbortController();
    const turn = (await thread()).turn("go", { signal: controller.signal });
    await answerTurnStart(server, "t1");
    const seen: TurnEvent["method"][] = [];
    const iterated = (async () => {
      for await (const event of turn) seen.push(event.method);
    })();
    server.notify("turn/started", { threadId: FAKE_THREAD_ID, turn: wireTurn("t1") });
    await flush();
    controller.abort("user");
    (await server.nextRequest("turn/interrupt")).respond({});
    completeTurn(server, "t1", "interrupted");
    await expect(iterated).rejects.toBeInstanceOf(CodexAbortError);
    await expect(turn.result()).rejects.toBeInstanceOf(CodexAbortError);
    expect(seen).toEqual(["turn/started", "turn/completed"]);
    await codex.close();
  });
});

describe("close()", () => {
  it("interrupts running turns (they settle as interrupted), settles queued turns at once, then closes", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const { running, queued } = await runningAndQueued(server, await thread());
    expect(queued.status).toBe("queued");
    const closing = codex.close();
    // The queued turn settles before the running one has even confirmed its interrupt.
    await expect(queued.result()).rejects.toBeInstanceOf(CodexAbortError);
    expect(running.status).toBe("running");
    const interrupt = await server.nextRequest("turn/interrupt");
    interrupt.respond({});
    completeTurn(server, "t1", "interrupted");
    await closing;
    expect((await running.result()).status).toBe("interrupted");
    expect(running.status).toBe("interrupted");
    expect(server.sent("turn/start")).toHaveLength(1);
    expect(server.transport.isClosed).toBe(true);
  });

  it("a turn whose server goes away settles with the connection's error", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const turn = (await thread()).turn("go");
    await answerTurnStart(server, "t1");
    await turn.started();
    await server.close();
    await expect(turn.result()).rejects.toThrow(/closed the link/);
    expect(turn.status).toBe("failed");
    await codex.close();
  });
});

describe("close() during the handshake", () => {
  it("rejects the pending start at once (no request timeout) and closes the transport", async () => {
    const { server, codex } = inMemoryCodex({ requestTimeoutMs: 0 });
    server.handle("initialize", () => undefined); // never answered
    const starting = codex.startThread();
    await server.nextRequest("initialize");
    // The start rejects at once; close() resolves later, once the server is gone: listen before awaiting it.
    const rejected = expect(starting).rejects.toThrow(/closed/);
    await codex.close();
    await rejected;
    expect(server.transport.isClosed).toBe(true);
    await expect(codex.startThread()).rejects.toThrow(/closed/);
  });
});

describe("internals are not public", () => {
  it("TurnHandle has no callable deliver/fail/item and carries no handler fields", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const turn = (await thread()).turn("hi");
    const names = [...Object.getOwnPropertyNames(TurnHandle.prototype), ...Object.keys(turn)];
    for (const internal of [
      "deliver",
      "fail",
      "item",
      "approvals",
      "threadApprovals",
      "serverRequestTimeoutMs",
    ]) {
      expect(names).not.toContain(internal);
    }
    await answerTurnStart(server, "t1");
    completeTurn(server, "t1");
    await turn.result();
    await codex.close();
  });
});
