import { inputTexts, reply } from "@codex/app-server-testing";
import { CodexError } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import { ExecCompatAbortError } from "../src/index.js";
import { collect, useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv();

function expectAbortError(error: unknown, reason: unknown): void {
  // What Node's spawn() throws for the original: an AbortError with the signal's reason as cause.
  expect(error).toBeInstanceOf(ExecCompatAbortError);
  expect(error).toBeInstanceOf(CodexError);
  expect(error).toMatchObject({
    name: "AbortError",
    code: "ABORT_ERR",
    message: "The operation was aborted",
  });
  expect((error as Error).cause).toBe(reason);
}

describe("AbortSignal", () => {
  it("already aborted: rejects before anything starts (no thread, no model request)", async () => {
    const requests = fx.env.mock.requests.length;
    const controller = new AbortController();
    const reason = new Error("never mind");
    controller.abort(reason);
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    const error = await thread.run("hi", { signal: controller.signal }).catch((e: unknown) => e);
    expectAbortError(error, reason);
    const streamed = await collect((await thread.runStreamed("hi", { signal: controller.signal })).events);
    expect(streamed.events).toEqual([]);
    expectAbortError(streamed.error, reason);
    expect(thread.id).toBeNull();
    expect(fx.env.mock.requests.length).toBe(requests);
  });

  it("mid-turn: interrupts the turn on the server; the thread and the app-server stay usable", async () => {
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    fx.env.mock.enqueue(reply.message("warm-up"));
    await thread.run("first prompt");

    fx.env.mock.enqueue(reply.hang(reply.message("partial", { deltas: ["part"], done: false })));
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    const seen: string[] = [];
    const requests = fx.env.mock.requests.length;
    const { events } = await thread.runStreamed("second prompt", { signal: controller.signal });
    const error = await (async () => {
      for await (const event of events) {
        seen.push(event.type);
        if (event.type === "turn.started") {
          await fx.env.mock.waitForRequests(requests + 1);
          controller.abort(reason);
        }
      }
    })().catch((e: unknown) => e);
    expectAbortError(error, reason);
    expect(seen).toEqual(["thread.started", "item.completed", "turn.started"]);
    // codex dropped the hanging model stream: the turn was interrupted, not left running.
    await fx.env.mock.waitUntilIdle({ timeoutMs: 10_000 });

    fx.env.mock.enqueue(reply.message("after"));
    const after = await thread.run("third prompt");
    expect(after.finalResponse).toBe("after");
    // Same thread, same history: the model saw the earlier prompts.
    const last = fx.env.mock.requests.at(-1);
    expect(last && inputTexts(last)).toEqual(
      expect.arrayContaining(["first prompt", "second prompt", "third prompt"]),
    );
    // A known difference (docs/migrating-from-codex-sdk.md): codex records the interrupt in the history as
    // a `<turn_aborted>` note the model reads; `codex exec`, killed instead, left none.
    const notes = (last ? inputTexts(last) : []).filter((text) => text.includes("<turn_aborted>"));
    expect(notes).toHaveLength(1);
  });

  it("leaving the stream early interrupts the turn too", async () => {
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    fx.env.mock.enqueue(reply.hang(reply.message("partial", { deltas: ["part"], done: false })));
    const requests = fx.env.mock.requests.length;
    for await (const event of (await thread.runStreamed("go")).events) {
      if (event.type === "turn.started") {
        // Leave while the model is answering (its stream hangs until codex drops it).
        await fx.env.mock.waitForRequests(requests + 1);
        break;
      }
    }
    await fx.env.mock.waitUntilIdle({ timeoutMs: 10_000 });
    fx.env.mock.enqueue(reply.message("next"));
    expect((await thread.run("next")).finalResponse).toBe("next");
  });
});

describe("a stream nobody finishes reading", () => {
  it("does not block the thread's next turn once the turn is over on the server", async () => {
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    fx.env.mock.enqueue(reply.message("first"), reply.message("second"));
    const { events } = await thread.runStreamed("one");
    // Read one event, then walk away without break/return.
    await events.next();
    expect((await thread.run("two")).finalResponse).toBe("second");
  });
});

describe("one AbortSignal for many turns", () => {
  it("leaves no listener behind, and an abort after the turn ended changes nothing", async () => {
    const controller = new AbortController();
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      for (let turn = 0; turn < 12; turn++) {
        fx.env.mock.enqueue(reply.message(`turn ${turn}`));
        await thread.run(`turn ${turn}`, { signal: controller.signal });
      }
      fx.env.mock.enqueue(reply.message("last"));
      const { events } = await thread.runStreamed("last", { signal: controller.signal });
      const seen: string[] = [];
      for await (const event of events) {
        seen.push(event.type);
        if (event.type === "turn.started") {
          // Wait for the end on the server, then abort while the rest is still unread.
          await fx.env.mock.waitUntilIdle();
          await new Promise((resolve) => setTimeout(resolve, 200));
          controller.abort();
        }
      }
      expect(seen.at(-1)).toBe("turn.completed");
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((warning) => /listener/i.test(warning.message))).toEqual([]);
  });
});
