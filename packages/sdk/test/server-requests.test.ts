import { functionCallOutputs, reply } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Codex, DecisionEvent, TurnOptions } from "../src/index.js";
import { type CodexFixture, startFixture } from "./support/codex-fixture.js";

const T = 30_000;
let fx: CodexFixture;
let codex: Codex<true>;
const decisions: DecisionEvent[] = [];

/** Plan mode: the only mode in which codex 0.169.0 lets the model ask the user questions. */
const planMode: TurnOptions["collaborationMode"] = {
  mode: "plan",
  settings: { model: "mock-model", reasoningEffort: null, developerInstructions: null },
};

const question = {
  id: "color",
  header: "Color",
  question: "Which color?",
  options: [
    { label: "blue", description: "b" },
    { label: "red", description: "r" },
  ],
};

beforeAll(async () => {
  fx = await startFixture();
  codex = fx.newClient({ experimentalApi: true });
  codex.onDecision((event) => decisions.push(event));
}, T);
afterAll(async () => {
  await fx?.close();
}, T);

describe("user-input requests", () => {
  it(
    "a handler's answers reach the model",
    async () => {
      fx.env.mock.enqueue(
        reply.requestUserInput([question], { callId: "call_ui_1" }),
        reply.message("blue it is"),
      );
      const thread = await codex.startThread({ cwd: fx.env.workspace });
      const asked: string[] = [];
      const result = await thread.run("pick a color", {
        collaborationMode: planMode,
        serverRequests: {
          "item/tool/requestUserInput": (params) => {
            asked.push(...params.questions.map((q) => q.question));
            return { answers: { color: { answers: ["blue"] } } };
          },
        },
      });
      expect(asked).toEqual(["Which color?"]);
      expect(result.finalResponse).toBe("blue it is");
      const output = functionCallOutputs(fx.env.mock.requests.at(-1)!).find((o) => o.callId === "call_ui_1");
      expect(output?.output).toContain("blue");
    },
    T,
  );

  it(
    "without a handler the answer is empty (fail closed), and the decision is audited",
    async () => {
      fx.env.mock.enqueue(
        reply.requestUserInput([question], { callId: "call_ui_2" }),
        reply.message("no answer"),
      );
      const thread = await codex.startThread({ cwd: fx.env.workspace });
      const result = await thread.run("pick a color", { collaborationMode: planMode });
      expect(result.status).toBe("completed");
      expect(decisions.find((event) => event.turnId === result.turn.id)).toMatchObject({
        method: "item/tool/requestUserInput",
        source: "default",
        result: { answers: {} },
      });
      const output = functionCallOutputs(fx.env.mock.requests.at(-1)!).find((o) => o.callId === "call_ui_2");
      expect(output?.output).not.toContain("blue");
    },
    T,
  );
});

describe("dynamic tools (item/tool/call)", () => {
  const lookup = {
    type: "function" as const,
    name: "lookup_ticket",
    description: "Look up a ticket by id",
    inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
  };

  it(
    "the model's call reaches the handler and its result reaches the model",
    async () => {
      fx.env.mock.enqueue(
        reply.functionCall("lookup_ticket", { id: "T-42" }, { callId: "call_dt_1" }),
        reply.message("ticket found"),
      );
      const calls: unknown[] = [];
      const thread = await codex.startThread({
        cwd: fx.env.workspace,
        dynamicTools: [lookup],
        serverRequests: {
          "item/tool/call": (params) => {
            calls.push([params.tool, params.arguments]);
            return { contentItems: [{ type: "inputText", text: "T-42: printer on fire" }], success: true };
          },
        },
      });
      const result = await thread.run("check T-42");
      expect(calls).toEqual([["lookup_ticket", { id: "T-42" }]]);
      expect(result.finalResponse).toBe("ticket found");
      expect(JSON.stringify(fx.env.mock.requests.at(-2)?.body?.tools)).toContain("lookup_ticket");
      const output = functionCallOutputs(fx.env.mock.requests.at(-1)!).find((o) => o.callId === "call_dt_1");
      expect(output?.output).toContain("printer on fire");
    },
    T,
  );

  it(
    "without a handler the call fails closed: success false, and the model is told",
    async () => {
      fx.env.mock.enqueue(
        reply.functionCall("lookup_ticket", { id: "T-1" }, { callId: "call_dt_2" }),
        reply.message("could not look it up"),
      );
      const thread = await codex.startThread({ cwd: fx.env.workspace, dynamicTools: [lookup] });
      const result = await thread.run("check T-1");
      expect(result.finalResponse).toBe("could not look it up");
      const decision = decisions.find((event) => event.turnId === result.turn.id);
      expect(decision).toMatchObject({
        method: "item/tool/call",
        source: "default",
        result: { success: false },
      });
      const output = functionCallOutputs(fx.env.mock.requests.at(-1)!).find((o) => o.callId === "call_dt_2");
      expect(output?.output).toContain("No handler is registered");
    },
    T,
  );
});
