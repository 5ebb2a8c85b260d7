import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inputTexts, reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import {
  CodexAbortError,
  type CodexError,
  inputPart,
  NotLoggedInError,
  renderTurn,
  type TurnEvent,
  TurnFailedError,
} from "../src/index.js";
import { echoReply, lastPrompt, useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T);

describe("thread.run and streaming", () => {
  it(
    "runs a turn: final response, items, usage, and text deltas in order",
    async () => {
      fx.env.mock.enqueue(
        reply.message("Hello from the mock model", {
          deltas: ["Hello ", "from ", "the ", "mock ", "model"],
        }),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("say hello");
      const texts: string[] = [];
      const methods: string[] = [];
      const [, result] = await Promise.all([
        (async () => {
          for await (const text of turn.textStream) texts.push(text);
        })(),
        (async () => {
          for await (const event of turn) methods.push(event.method);
          return turn.result();
        })(),
      ]);
      expect(texts).toEqual(["Hello ", "from ", "the ", "mock ", "model"]);
      expect(result.status).toBe("completed");
      expect(result.finalResponse).toBe("Hello from the mock model");
      expect(result.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
      const user = result.items[0];
      expect(user?.type === "userMessage" && user.content[0]).toEqual({
        type: "text",
        text: "say hello",
        textElements: [],
      });
      expect(result.usage).toMatchObject({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
      expect(result.incompleteItemIds).toEqual([]);
      expect(methods.indexOf("turn/started")).toBeLessThan(methods.indexOf("item/started"));
      expect(methods.at(-1)).toBe("turn/completed");
      expect(methods.filter((m) => m === "item/agentMessage/delta")).toHaveLength(5);
      expect(turn.snapshot().text).toBe("Hello from the mock model");
      expect(lastPrompt(fx.env.mock.requests.at(-1)!)).toBe("say hello");
    },
    T,
  );

  it(
    "streams text that arrives without deltas and renders an exec-style transcript",
    async () => {
      fx.env.mock.enqueue(reply.message("whole message, no deltas"));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const output: string[] = [];
      const result = await renderTurn(thread.turn("hi"), { write: (text: string) => output.push(text) });
      expect(result.finalResponse).toBe("whole message, no deltas");
      const transcript = output.join("");
      expect(transcript).toContain("whole message, no deltas\n");
      expect(transcript).toMatch(/✓ turn completed · 10 in \/ 5 out tokens/);
    },
    T,
  );

  it(
    "streams reasoning summary deltas and onItem hooks see each item start and complete",
    async () => {
      const reasoning = { type: "reasoning", id: "rs_1", summary: [] as unknown[] };
      fx.env.mock.enqueue(
        reply.turn([
          reply.events([
            { type: "response.output_item.added", output_index: 0, item: reasoning },
            {
              type: "response.reasoning_summary_part.added",
              item_id: "rs_1",
              output_index: 0,
              summary_index: 0,
            },
            {
              type: "response.reasoning_summary_text.delta",
              item_id: "rs_1",
              output_index: 0,
              summary_index: 0,
              delta: "thinking ",
            },
            {
              type: "response.reasoning_summary_text.delta",
              item_id: "rs_1",
              output_index: 0,
              summary_index: 0,
              delta: "hard",
            },
            {
              type: "response.output_item.done",
              output_index: 0,
              item: { ...reasoning, summary: [{ type: "summary_text", text: "thinking hard" }] },
            },
          ]),
          reply.message("answer"),
        ]),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("think");
      const phases: string[] = [];
      turn.onItem("reasoning", (item, phase) => phases.push(`${phase}:${(item.summary ?? []).join("")}`));
      const chunks: string[] = [];
      for await (const chunk of turn.reasoningStream) chunks.push(`${chunk.kind}:${chunk.delta}`);
      const result = await turn.result();
      expect(chunks).toEqual(["summary:thinking ", "summary:hard"]);
      expect(phases).toEqual(["started:", "completed:thinking hard"]);
      expect(result.finalResponse).toBe("answer");
    },
    T,
  );

  it(
    "delivers a long stream of deltas complete and in order (prints the rate)",
    async () => {
      const deltas = Array.from({ length: 2_000 }, (_, i) => `${i} `);
      fx.env.mock.enqueue(reply.message(deltas.join(""), { deltas }));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const startedAt = performance.now();
      const turn = thread.turn("count");
      const received: string[] = [];
      for await (const text of turn.textStream) received.push(text);
      const elapsedMs = performance.now() - startedAt;
      expect(received).toEqual(deltas);
      console.log(
        `2,000 deltas through the SDK in ${elapsedMs.toFixed(0)} ms (${((2_000 / elapsedMs) * 1000).toFixed(0)}/s, turn included)`,
      );
    },
    T,
  );

  it(
    "sends mixed input parts: text and a local image reach the model",
    async () => {
      // A 1x1 transparent PNG.
      const png = Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "base64",
      );
      const imagePath = join(fx.env.workspace, "pixel.png");
      await writeFile(imagePath, png);
      fx.env.mock.enqueue(reply.message("nice pixel"));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const result = await thread.run(["what is in this image?", inputPart.localImage(imagePath)]);
      const user = result.items.find((item) => item.type === "userMessage");
      expect(user?.type === "userMessage" && user.content.map((part) => part.type)).toEqual([
        "text",
        "localImage",
      ]);
      const sent = JSON.stringify(fx.env.mock.requests.at(-1)!.body?.input);
      expect(sent).toContain("what is in this image?");
      expect(sent).toMatch(/"type":"input_image","image_url":"data:image\/png;base64,/);
    },
    T,
  );

  it(
    "runs concurrent turns on several threads without crossing their events",
    async () => {
      const count = 4;
      for (let i = 0; i < count; i++) fx.env.mock.enqueue(echoReply(10));
      const threads = await Promise.all(
        Array.from({ length: count }, () => fx.codex.startThread({ cwd: fx.env.workspace })),
      );
      const turns = threads.map((thread, i) => thread.turn(`prompt-${i}`));
      const streamed = await Promise.all(
        turns.map(async (turn) => {
          let text = "";
          const threadIds = new Set<string>();
          for await (const event of turn) {
            const params = event.params as { threadId?: string };
            if (params.threadId) threadIds.add(params.threadId);
            if (event.method === "item/agentMessage/delta") text += event.params.delta;
          }
          return { text, threadIds, result: await turn.result() };
        }),
      );
      streamed.forEach(({ text, threadIds, result }, i) => {
        expect(result.finalResponse).toBe(`echo:prompt-${i}`);
        expect(text).toBe(`echo:prompt-${i}`);
        expect([...threadIds]).toEqual([threads[i]!.id]);
        expect(result.threadId).toBe(threads[i]!.id);
      });
    },
    T,
  );

  it(
    "queues a second turn on the same thread until the first has finished",
    async () => {
      fx.env.mock.enqueue(echoReply(20), echoReply(0));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const first = thread.turn("first");
      const second = thread.turn("second");
      const [a, b] = await Promise.all([first.result(), second.result()]);
      expect(a.finalResponse).toBe("echo:first");
      expect(b.finalResponse).toBe("echo:second");
      expect(a.turn.id).not.toBe(b.turn.id);
      expect(a.status).toBe("completed");
    },
    T,
  );
});

describe("interrupt, steer and abort", () => {
  it(
    "interrupt() stops a streaming turn; the open message is closed in the result",
    async () => {
      fx.env.mock.enqueue(
        reply.hang(reply.message("partial answer", { deltas: ["partial ", "answer"], done: false })),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("long task");
      for await (const text of turn.textStream) {
        if (text === "answer") break; // breaking out of a stream interrupts too
      }
      const result = await turn.result();
      expect(result.status).toBe("interrupted");
      const message = result.items.find((item) => item.type === "agentMessage");
      expect(message?.type === "agentMessage" && message.text).toBe("partial answer");
      expect(result.incompleteItemIds).toEqual([message?.id]);
      expect(result.finalResponse).toBeNull();
    },
    T,
  );

  it(
    "close() interrupts running turns before stopping the server, so they settle as interrupted",
    async () => {
      const client = fx.newClient();
      fx.env.mock.enqueue(reply.hang(reply.message("halfway", { deltas: ["halfway"], done: false })));
      const thread = await client.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("long job");
      await turn.textStream[Symbol.asyncIterator]().next();
      await client.close();
      const result = await turn.result();
      expect(result.status).toBe("interrupted");
      expect(turn.snapshot().text).toBe("halfway");
      await expect(thread.run("after close")).rejects.toThrow(/closed/);
    },
    T,
  );

  it(
    "interrupt() on a turn still queued behind another never sends it",
    async () => {
      fx.env.mock.enqueue(echoReply(20));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const first = thread.turn("first");
      const queued = thread.turn("queued");
      const requestsBefore = fx.env.mock.requests.length;
      await queued.interrupt();
      await expect(queued.result()).rejects.toBeInstanceOf(CodexAbortError);
      expect(queued.id).toBeUndefined();
      expect((await first.result()).finalResponse).toBe("echo:first");
      expect(fx.env.mock.requests.length).toBeLessThanOrEqual(requestsBefore + 1);
      expect(fx.env.mock.requests.map(lastPrompt)).not.toContain("queued");
    },
    T,
  );

  it(
    "steer() adds input to the running turn",
    async () => {
      fx.env.mock.enqueue(
        reply.hang(reply.message("working", { deltas: ["working"], done: false })),
        reply.message("steered answer"),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("start working");
      const iterator = turn.textStream[Symbol.asyncIterator]();
      await iterator.next(); // the first delta: the model is streaming
      await turn.steer("actually, stop and summarize");
      const result = await turn.result();
      expect(result.status).toBe("completed");
      expect(result.finalResponse).toBe("steered answer");
      expect(lastPrompt(fx.env.mock.requests.at(-1)!)).toBe("actually, stop and summarize");
      const userTexts = result.items.flatMap((item) =>
        item.type === "userMessage" ? item.content.flatMap((c) => (c.type === "text" ? [c.text] : [])) : [],
      );
      expect(userTexts).toEqual(["start working", "actually, stop and summarize"]);
    },
    T,
  );

  it(
    "an AbortSignal mid-stream interrupts the turn; the iterator and result() reject with CodexAbortError",
    async () => {
      fx.env.mock.enqueue(reply.hang(reply.message("never finished", { deltas: ["never "], done: false })));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const controller = new AbortController();
      const turn = thread.turn("go", { signal: controller.signal });
      const seen: TurnEvent["method"][] = [];
      const iterated = (async () => {
        for await (const event of turn) {
          seen.push(event.method);
          if (event.method === "item/agentMessage/delta") controller.abort("user pressed stop");
        }
      })();
      await expect(iterated).rejects.toBeInstanceOf(CodexAbortError);
      const error = (await turn.result().catch((e: unknown) => e)) as CodexAbortError;
      expect(error).toBeInstanceOf(CodexAbortError);
      expect(error.reason).toBe("user pressed stop");
      expect(seen).toContain("turn/completed"); // the server confirmed the interrupt before we settled
      const stored = await thread.read({ includeTurns: true });
      expect(stored.turns?.at(-1)?.status).toBe("interrupted");
    },
    T,
  );

  it(
    "an already-aborted signal never starts the turn",
    async () => {
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const before = fx.env.mock.requests.length;
      const turn = thread.turn("never sent", { signal: AbortSignal.abort("nope") });
      await expect(turn.result()).rejects.toBeInstanceOf(CodexAbortError);
      await expect(turn.started()).rejects.toBeInstanceOf(CodexAbortError);
      const events: unknown[] = [];
      await expect(
        (async () => {
          for await (const event of turn) events.push(event);
        })(),
      ).rejects.toBeInstanceOf(CodexAbortError);
      expect(events).toEqual([]);
      expect(fx.env.mock.requests.length).toBe(before);
      // The thread never saw that input: the next turn's model request carries only the new prompt.
      fx.env.mock.enqueue(echoReply(0));
      const next = await thread.run("after");
      expect(next.finalResponse).toBe("echo:after");
      const prompts = inputTexts(fx.env.mock.requests.at(-1)!).filter((text) => !text.startsWith("<"));
      expect(prompts).toEqual(["after"]);
    },
    T,
  );
});

describe("failed turns", () => {
  it(
    "a failed turn rejects with TurnFailedError carrying codexErrorInfo",
    async () => {
      fx.env.mock.enqueue(reply.responseFailed("mock failure"));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const turn = thread.turn("fail please");
      const events: string[] = [];
      const iterated = (async () => {
        for await (const event of turn) events.push(event.method);
      })();
      await expect(iterated).rejects.toBeInstanceOf(TurnFailedError);
      const error = (await turn.result().catch((e: unknown) => e)) as TurnFailedError;
      expect(error).toBeInstanceOf(TurnFailedError);
      expect(error.codexErrorInfo).toBe("other");
      expect(error.message).toMatch(/mock failure/);
      expect(error.turn.status).toBe("failed");
      expect(events).toContain("error");
    },
    T,
  );

  it(
    "a 401 from the provider surfaces as NotLoggedInError",
    async () => {
      fx.env.mock.enqueue(
        reply.httpError(401, { error: { message: "invalid api key", type: "invalid_request_error" } }),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const error = (await thread.run("hi").catch((e: unknown) => e)) as CodexError;
      expect(error).toBeInstanceOf(NotLoggedInError);
      expect(error.message).toMatch(/not logged in/);
      expect((error.cause as TurnFailedError).codexErrorInfo).toBeTruthy();
    },
    T,
  );
});
