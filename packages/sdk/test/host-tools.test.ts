import { forThread, functionCallOutputs, type RecordedRequest, reply } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  type Codex,
  CodexAbortError,
  ExperimentalApiError,
  type ItemOf,
  type ToolCallContext,
  type TurnEvent,
  tool,
} from "../src/index.js";
import { type CodexFixture, startFixture } from "./support/codex-fixture.js";

const T = 30_000;
let fx: CodexFixture;
let codex: Codex<true>;

beforeAll(async () => {
  fx = await startFixture();
  codex = fx.newClient({ experimentalApi: true });
}, T);
afterAll(async () => {
  await fx?.close();
}, T);

/** The tool entry codex offered the model in `request`. */
function offeredTool(
  request: RecordedRequest | undefined,
  name: string,
): Record<string, unknown> | undefined {
  return request?.body?.tools?.find((entry) => entry.name === name);
}

/** The raw `function_call_output` item codex sent back to the model for `callId`. */
function rawOutput(request: RecordedRequest | undefined, callId: string): unknown {
  return request?.body?.input?.find((item) => item.type === "function_call_output" && item.call_id === callId)
    ?.output;
}

function toolOutputText(callId: string): string | undefined {
  return functionCallOutputs(fx.env.mock.requests.at(-1)!).find((o) => o.callId === callId)?.output;
}

type ToolItem = ItemOf<"dynamicToolCall">;

/** The dynamicToolCall items of a turn's events, as started and as completed. */
function toolItems(events: readonly TurnEvent[]): { started: ToolItem[]; completed: ToolItem[] } {
  const started: ToolItem[] = [];
  const completed: ToolItem[] = [];
  for (const event of events) {
    if (event.method === "item/started" && event.params.item.type === "dynamicToolCall") {
      started.push(event.params.item);
    }
    if (event.method === "item/completed" && event.params.item.type === "dynamicToolCall") {
      completed.push(event.params.item);
    }
  }
  return { started, completed };
}

const weather = tool({
  name: "get_weather",
  description: "Current weather for a city",
  inputSchema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }),
  execute: ({ city, unit }) => ({ city, unit, temperature: 21 }),
});

describe("host tools on the real codex binary", () => {
  it(
    "offers the tool as a function, validates the call, runs execute, and the result reaches the model",
    async () => {
      fx.env.mock.enqueue(
        reply.functionCall("get_weather", { city: "Oslo" }, { callId: "call_w_1" }),
        reply.message("It is 21 degrees in Oslo"),
      );
      const seen: unknown[] = [];
      const forecast = tool({
        name: "get_weather",
        description: "Current weather for a city",
        inputSchema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }),
        execute: (input, context) => {
          expectTypeOf(input).toEqualTypeOf<{ city: string; unit: "c" | "f" }>();
          seen.push(input, context.callId, context.signal.aborted);
          return { city: input.city, unit: input.unit, temperature: 21 };
        },
      });
      const thread = await codex.startThread({ cwd: fx.env.workspace, tools: [forecast] });
      const turn = thread.turn("weather in Oslo?");
      const events: TurnEvent[] = [];
      for await (const event of turn) events.push(event);
      const result = await turn.result();

      expect(seen).toEqual([{ city: "Oslo", unit: "c" }, "call_w_1", false]);
      expect(result.finalResponse).toBe("It is 21 degrees in Oslo");
      // Codex exposes the tool under its own name, as a plain (non-strict) function.
      expect(offeredTool(fx.env.mock.requests.at(-2), "get_weather")).toMatchObject({
        type: "function",
        name: "get_weather",
        description: "Current weather for a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } },
          required: ["city"],
        },
      });
      expect(JSON.parse(toolOutputText("call_w_1") ?? "")).toEqual({
        city: "Oslo",
        unit: "c",
        temperature: 21,
      });

      const items = toolItems(events);
      expect(items.started).toMatchObject([
        { id: "call_w_1", tool: "get_weather", arguments: { city: "Oslo" }, status: "inProgress" },
      ]);
      expect(items.completed).toMatchObject([
        {
          id: "call_w_1",
          status: "completed",
          success: true,
          contentItems: [{ type: "inputText", text: '{"city":"Oslo","unit":"c","temperature":21}' }],
        },
      ]);
      expect(result.items.find((item) => item.type === "dynamicToolCall")).toMatchObject({ success: true });
      expect(events.find((event) => event.method === "sdk/serverRequestDecision")?.params).toMatchObject({
        method: "item/tool/call",
        source: "thread",
        result: { success: true },
      });
    },
    T,
  );

  it(
    "a throw in execute goes back to the model as a failed call with the error's message",
    async () => {
      fx.env.mock.enqueue(
        reply.functionCall("flaky", { id: 7 }, { callId: "call_f_1" }),
        reply.message("the tool failed"),
      );
      const flaky = tool({
        name: "flaky",
        description: "Always fails",
        inputSchema: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
        execute: () => {
          throw new Error("database is down");
        },
      });
      const thread = await codex.startThread({ cwd: fx.env.workspace, tools: [flaky] });
      const turn = thread.turn("try it");
      const events: TurnEvent[] = [];
      for await (const event of turn) events.push(event);

      expect((await turn.result()).finalResponse).toBe("the tool failed");
      expect(toolOutputText("call_f_1")).toBe("Tool flaky failed: database is down");
      expect(toolItems(events).completed).toMatchObject([
        { id: "call_f_1", status: "failed", success: false },
      ]);
    },
    T,
  );

  it(
    "arguments that do not match the schema never reach execute; the model is told what is wrong",
    async () => {
      fx.env.mock.enqueue(
        reply.functionCall("get_weather", { town: "Oslo" }, { callId: "call_bad_zod" }),
        reply.functionCall("count_words", { text: 42 }, { callId: "call_bad_json" }),
        reply.message("gave up"),
      );
      let executed = 0;
      const countWords = tool({
        name: "count_words",
        description: "Counts words",
        inputSchema: {
          type: "object",
          properties: { text: { type: "string" } },
          required: ["text"],
          additionalProperties: false,
        },
        execute: (input) => {
          executed += 1;
          return String((input as { text: string }).text.split(/\s+/).length);
        },
      });
      const counted = tool({ ...weatherOptions(), execute: () => void executed++ });
      const thread = await codex.startThread({ cwd: fx.env.workspace, tools: [counted, countWords] });
      const result = await thread.run("go");

      expect(executed).toBe(0);
      expect(result.finalResponse).toBe("gave up");
      const last = fx.env.mock.requests.at(-1)!;
      const outputs = Object.fromEntries(functionCallOutputs(last).map((o) => [o.callId, o.output]));
      expect(outputs.call_bad_zod).toMatch(/^Invalid arguments for tool get_weather: \/city: /);
      expect(outputs.call_bad_json).toMatch(
        /^Invalid arguments for tool count_words: \/text: must be string/,
      );
      const failed = result.items.filter((item) => item.type === "dynamicToolCall");
      expect(failed).toMatchObject([{ success: false }, { success: false }]);
    },
    T,
  );

  it(
    "interrupting the turn aborts the running execute's signal; the turn settles as interrupted",
    async () => {
      fx.env.mock.enqueue(reply.functionCall("slow_search", { query: "x" }, { callId: "call_slow_1" }));
      let running!: () => void;
      const isRunning = new Promise<void>((resolve) => (running = resolve));
      let abortReason: unknown;
      let finishedNormally = false;
      const slowSearch = tool({
        name: "slow_search",
        description: "Takes a long time",
        inputSchema: z.object({ query: z.string() }),
        execute: async (_input, { signal }: ToolCallContext) => {
          running();
          await new Promise<void>((resolve) => {
            signal.addEventListener(
              "abort",
              () => {
                abortReason = signal.reason;
                resolve();
              },
              { once: true },
            );
          });
          finishedNormally = !signal.aborted;
          return "too late";
        },
      });
      const thread = await codex.startThread({ cwd: fx.env.workspace, tools: [slowSearch] });
      const turn = thread.turn("search");
      const events: TurnEvent[] = [];
      const reading = (async () => {
        for await (const event of turn) events.push(event);
      })();
      await isRunning;
      await turn.interrupt();
      await reading;

      expect(turn.status).toBe("interrupted");
      expect((await turn.result()).status).toBe("interrupted");
      await vi_waitFor(() => abortReason !== undefined);
      expect(abortReason).toBeInstanceOf(CodexAbortError);
      expect(String(abortReason)).toMatch(/interrupted/);
      expect(fx.env.mock.pendingReplies).toBe(0);
      expect(finishedNormally).toBe(false);
      expect(toolItems(events).completed).toMatchObject([{ id: "call_slow_1", success: false }]);
      // The interrupted turn made no further model request with the tool's output.
      expect(fx.env.mock.requests.some((r) => rawOutput(r, "call_slow_1") !== undefined)).toBe(false);
    },
    T,
  );

  it(
    "the thread's serverRequestTimeoutMs aborts a slow execute; the call is answered fail-closed",
    async () => {
      fx.env.mock.enqueue(
        reply.functionCall("stuck", {}, { callId: "call_stuck_1" }),
        reply.message("moved on"),
      );
      let abortReason: unknown;
      const stuck = tool({
        name: "stuck",
        description: "Never answers by itself",
        inputSchema: { type: "object", properties: {} },
        execute: (_input, { signal }) =>
          new Promise<string>((_resolve, reject) => {
            signal.addEventListener("abort", () => {
              abortReason = signal.reason;
              reject(signal.reason);
            });
          }),
      });
      const thread = await codex.startThread({
        cwd: fx.env.workspace,
        tools: [stuck],
        serverRequestTimeoutMs: 300,
      });
      const result = await thread.run("go");
      expect(result.finalResponse).toBe("moved on");
      expect(abortReason).toBeInstanceOf(CodexAbortError);
      expect(result.items.find((item) => item.type === "dynamicToolCall")).toMatchObject({ success: false });
      // The model is told the tool timed out, not that no tool exists.
      const sent = JSON.stringify(fx.env.mock.requests.at(-1)?.body);
      expect(sent).toContain("did not answer in time (serverRequestTimeoutMs)");
      expect(sent).not.toContain("No handler is registered");
    },
    T,
  );

  it(
    "returns images the way the protocol allows: content items reach the model as input_image",
    async () => {
      const png =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
      fx.env.mock.enqueue(
        reply.functionCall("screenshot", {}, { callId: "call_img_1" }),
        reply.message("I see a pixel"),
      );
      const screenshot = tool({
        name: "screenshot",
        description: "Takes a screenshot",
        inputSchema: { type: "object", properties: {} },
        execute: () => ({
          contentItems: [
            { type: "inputText", text: "the screen:" },
            { type: "inputImage", imageUrl: png },
          ],
        }),
      });
      const thread = await codex.startThread({ cwd: fx.env.workspace, tools: [screenshot] });
      const result = await thread.run("look");
      expect(result.finalResponse).toBe("I see a pixel");
      expect(rawOutput(fx.env.mock.requests.at(-1), "call_img_1")).toMatchObject([
        { type: "input_text", text: "the screen:" },
        { type: "input_image", image_url: png },
      ]);
    },
    T,
  );

  it(
    "a call for another dynamic tool passes on to the thread's serverRequests handler",
    async () => {
      fx.env.mock.enqueue(
        reply.functionCall("raw_tool", { a: 1 }, { callId: "call_raw_1" }),
        reply.message("done"),
      );
      const thread = await codex.startThread({
        cwd: fx.env.workspace,
        tools: [weather],
        dynamicTools: [
          { type: "function", name: "raw_tool", description: "raw", inputSchema: { type: "object" } },
        ],
        serverRequests: {
          "item/tool/call": (params) => ({
            contentItems: [{ type: "inputText", text: `raw handler got ${params.tool}` }],
            success: true,
          }),
        },
      });
      await thread.run("go");
      expect(toolOutputText("call_raw_1")).toBe("raw handler got raw_tool");
      expect(offeredTool(fx.env.mock.requests.at(-2), "get_weather")).toBeDefined();
    },
    T,
  );
});

describe("host tools across processes", () => {
  it(
    "codex stores a thread's tools: resumed in another process (tools in its options) and forked, it calls them",
    async () => {
      const calls: string[] = [];
      const echo = tool({
        name: "echo_it",
        description: "Echoes",
        inputSchema: z.object({ s: z.string() }),
        execute: ({ s }) => {
          calls.push(s);
          return `echo:${s}`;
        },
      });
      const first = fx.newClient({ experimentalApi: true });
      fx.env.mock.enqueue(reply.message("first"));
      const started = await first.startThread({ cwd: fx.env.workspace, tools: [echo] });
      await started.run("hi");
      await first.close();

      const second = fx.newClient({ experimentalApi: true });
      fx.env.mock.enqueue(
        reply.functionCall("echo_it", { s: "resumed" }, { callId: "call_resume_1" }),
        reply.message("done"),
      );
      const resumed = await second.resumeThread(started.id, { tools: [echo] });
      await resumed.run("call it");
      // thread/resume has no dynamicTools field: the tool offered here is the one codex stored.
      expect(offeredTool(fx.env.mock.requests.at(-2), "echo_it")).toBeDefined();
      expect(toolOutputText("call_resume_1")).toBe("echo:resumed");

      fx.env.mock.enqueue(
        reply.functionCall("echo_it", { s: "forked" }, { callId: "call_fork_1" }),
        reply.message("done"),
      );
      const forked = await resumed.fork();
      await forked.run("call it in the fork");
      expect(toolOutputText("call_fork_1")).toBe("echo:forked");
      expect(calls).toEqual(["resumed", "forked"]);
    },
    T,
  );
});

describe("host tools in turns codex starts itself", () => {
  it(
    "a goal's turns call the thread's tools",
    async () => {
      const thread = await codex.startThread({ cwd: fx.env.workspace, tools: [weather] });
      fx.env.mock.enqueueFor(
        forThread(thread.id),
        reply.functionCall("get_weather", { city: "Rome" }, { callId: "call_goal_1" }),
        reply.functionCall("update_goal", { status: "complete" }),
        reply.message("Goal reached."),
      );
      const result = await thread.runGoal("Know the weather in Rome");
      expect(result.status).toBe("complete");
      const calls = result.turns
        .flatMap((turn) => turn.items)
        .filter((item) => item.type === "dynamicToolCall");
      expect(calls).toMatchObject([{ id: "call_goal_1", success: true }]);
      const outputs = fx.env.mock.requests.flatMap((request) => functionCallOutputs(request));
      expect(outputs.find((o) => o.callId === "call_goal_1")?.output).toBe(
        '{"city":"Rome","unit":"c","temperature":21}',
      );
    },
    T,
  );
});

describe("host tools need the experimental API", () => {
  it("a client without experimentalApi refuses tools before anything is sent", async () => {
    const plain = fx.newClient();
    await expect(plain.startThread({ tools: [weather] })).rejects.toBeInstanceOf(ExperimentalApiError);
    await expect(plain.startThread({ tools: [weather] })).rejects.toThrow(
      /thread\/start\.tools is experimental/,
    );
    await expect(plain.resumeThread("some-id", { tools: [weather] })).rejects.toBeInstanceOf(
      ExperimentalApiError,
    );
    // Nothing was started: the refusal came before the app-server was spawned.
    expect(plain.connection).toBeUndefined();
  });
});

function weatherOptions() {
  return {
    name: "get_weather",
    description: "Current weather for a city",
    inputSchema: z.object({ city: z.string() }),
  };
}

async function vi_waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
