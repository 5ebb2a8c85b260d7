// Every turn settles (issue 8 §2): malformed completions, interrupts of queued turns, interrupts the server
// never confirms, and the opt-in stall watchdog. Driven by a scripted in-process app-server.
import { describe, expect, it } from "vitest";
import {
  CodexAbortError,
  MalformedTurnEventError,
  ProtocolError,
  TurnStalledError,
} from "../../src/index.js";
import { FAKE_THREAD_ID } from "../support/fake-thread.js";
import {
  answerTurnStart,
  completeTurn,
  flush,
  inMemoryCodex,
  runningAndQueued,
  wireTurn,
} from "../support/in-memory-codex.js";

describe("a malformed turn/completed settles the turn with a ProtocolError and the queue moves on", () => {
  const malformed: Array<[string, unknown]> = [
    ["turn: null", { threadId: FAKE_THREAD_ID, turn: null }],
    ["no items", { threadId: FAKE_THREAD_ID, turn: { id: "t1", status: "completed", error: null } }],
    ["wrong types", { threadId: FAKE_THREAD_ID, turn: { id: "t1", status: 7, items: "none", error: null } }],
  ];
  for (const [name, params] of malformed) {
    it(name, async () => {
      const { server, codex, thread } = inMemoryCodex();
      const { running: first, queued: second } = await runningAndQueued(server, await thread());
      server.notify("turn/completed", params);
      const error = (await first.result().catch((e: unknown) => e)) as MalformedTurnEventError;
      expect(error).toBeInstanceOf(MalformedTurnEventError);
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.method).toBe("turn/completed");
      expect(error.data).toEqual({ method: "turn/completed", params });
      expect(first.status).toBe("failed");
      // The thread's next turn starts and completes normally.
      await answerTurnStart(server, "t2");
      completeTurn(server, "t2");
      expect((await second.result()).status).toBe("completed");
      await codex.close();
    });
  }
});

describe("interrupting a turn still queued behind a running one", () => {
  it("interrupt() settles it at once and sends nothing for it", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const { running, queued } = await runningAndQueued(server, await thread());
    await queued.interrupt();
    await expect(queued.result()).rejects.toBeInstanceOf(CodexAbortError);
    expect(queued.status).toBe("interrupted");
    expect(running.status).toBe("running");
    completeTurn(server, "t1");
    await running.result();
    await flush();
    expect(server.sent("turn/start")).toHaveLength(1);
    expect(server.sent("turn/interrupt")).toHaveLength(0);
    await codex.close();
  });

  it("the iterator's return() settles it at once too", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const { running, queued } = await runningAndQueued(server, await thread());
    await queued[Symbol.asyncIterator]().return?.();
    await expect(queued.result()).rejects.toBeInstanceOf(CodexAbortError);
    completeTurn(server, "t1");
    await running.result();
    await flush();
    expect(server.sent("turn/start")).toHaveLength(1);
    await codex.close();
  });
});

describe("an interrupt the server never confirms", () => {
  it("settles the turn as interrupted locally after interruptTimeoutMs, with a warning; the queue moves on", async () => {
    const { server, codex, thread, warnings } = inMemoryCodex({ interruptTimeoutMs: 30 });
    server.handle("turn/interrupt", () => ({})); // accepted, but no turn/completed ever follows
    const { running: stuck, queued: next } = await runningAndQueued(server, await thread());
    await stuck.interrupt();
    const result = await stuck.result();
    expect(result.status).toBe("interrupted");
    expect(stuck.status).toBe("interrupted");
    expect(warnings).toEqual([
      expect.objectContaining({ kind: "interruptTimeout", method: "turn/interrupt" }),
    ]);
    await answerTurnStart(server, "t2");
    completeTurn(server, "t2");
    expect((await next.result()).status).toBe("completed");
    await codex.close();
  });
});

describe("stall watchdog (opt-in)", () => {
  it("fails a turn that sends no event for stallTimeoutMs with TurnStalledError and interrupts it", async () => {
    const { server, codex, thread } = inMemoryCodex();
    server.handle("turn/interrupt", () => ({}));
    const turn = (await thread()).turn("quiet", { stallTimeoutMs: 30 });
    await answerTurnStart(server, "t1");
    const error = (await turn.result().catch((e: unknown) => e)) as TurnStalledError;
    expect(error).toBeInstanceOf(TurnStalledError);
    expect(error.turnId).toBe("t1");
    expect(error.stallTimeoutMs).toBe(30);
    await flush();
    expect(server.sent("turn/interrupt")).toHaveLength(1);
    await codex.close();
  });

  it("is paused while a server request waits for an answer", async () => {
    let answer: (() => void) | undefined;
    const { server, codex, thread } = inMemoryCodex({
      serverRequests: {
        "item/commandExecution/requestApproval": () =>
          new Promise((resolve) => {
            answer = () => resolve({ decision: "accept" });
          }),
      },
    });
    const turn = (await thread()).turn("needs approval", { stallTimeoutMs: 40 });
    await answerTurnStart(server, "t1");
    const approval = server.request("item/commandExecution/requestApproval", {
      threadId: FAKE_THREAD_ID,
      turnId: "t1",
      itemId: "c1",
      startedAtMs: 0,
      command: "ls",
      cwd: "/tmp",
    });
    // Three watchdog periods with a human deciding: the turn is still running.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(turn.status).toBe("running");
    answer?.();
    expect(await approval).toEqual({ decision: "accept" });
    server.notify("turn/completed", { threadId: FAKE_THREAD_ID, turn: wireTurn("t1", "completed") });
    expect((await turn.result()).status).toBe("completed");
    await codex.close();
  });
});
