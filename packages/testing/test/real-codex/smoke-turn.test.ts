import { CODEX_VERSION } from "@codex/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodexTestEnv, inputTexts, reply, startCodexTestEnv } from "../../src/index.js";
import { itemOf, JsonlChild, type JsonMessage, turnOf } from "../support/jsonl-child.js";

// A full turn through the real pinned codex binary, driven with raw JSONL: no SDK in between.
describe("smoke: one turn through the real codex app-server", () => {
  let env: CodexTestEnv;
  let codex: JsonlChild;

  beforeAll(async () => {
    env = await startCodexTestEnv();
    codex = new JsonlChild(env.appServerCommand());
  }, 30_000);

  afterAll(async () => {
    await codex?.close();
    await env?.close();
  }, 30_000);

  it("streams the mock's message as agentMessage deltas and completes the turn", async () => {
    env.mock.enqueue(reply.message("Hello from mock", { deltas: ["Hello ", "from ", "mock"] }));

    const init = await codex.request("initialize", {
      clientInfo: { name: "smoke_test", title: "Smoke test", version: "0.0.1" },
    });
    expect(init.result?.userAgent).toMatch(
      new RegExp(`^smoke_test/${CODEX_VERSION.replaceAll(".", "\\.")} `),
    );
    expect(init.result?.codexHome).toBe(env.home.path);
    codex.write({ method: "initialized" });

    const started = await codex.request("thread/start", { cwd: env.workspace });
    const thread = started.result?.thread as { id: string; modelProvider: string; model: string };
    expect(thread.modelProvider).toBe("mock");
    expect(thread.model).toBe("mock-model");

    const from = codex.messages.length;
    const turnResponse = await codex.request("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "say hello please" }],
    });
    const turnId = turnOf(turnResponse)?.id;
    const completed = await codex.notification("turn/completed", { from });

    const turnEvents = codex.messages
      .slice(from, codex.messages.indexOf(completed) + 1)
      .filter((m): m is JsonMessage & { method: string } => m.method !== undefined && m.id === undefined);
    const sequence = turnEvents
      .map((m) => {
        const type = itemOf(m)?.type;
        return type === undefined ? m.method : `${m.method}:${type}`;
      })
      .filter((step) => step.startsWith("turn/") || step.startsWith("item/"));
    expect(sequence).toEqual([
      "turn/started",
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:agentMessage",
      "item/agentMessage/delta",
      "item/agentMessage/delta",
      "item/agentMessage/delta",
      "item/completed:agentMessage",
      "turn/completed",
    ]);

    const deltas = turnEvents
      .filter((m) => m.method === "item/agentMessage/delta")
      .map((m) => m.params?.delta);
    expect(deltas.join("")).toBe("Hello from mock");
    const agentDone = turnEvents.find(
      (m) => m.method === "item/completed" && itemOf(m)?.type === "agentMessage",
    );
    expect(agentDone?.params?.item).toMatchObject({ type: "agentMessage", text: "Hello from mock" });
    expect(turnOf(completed)).toMatchObject({ id: turnId, status: "completed" });

    const [request] = await env.mock.waitForRequests(1);
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/responses");
    expect(request?.body?.model).toBe("mock-model");
    expect(inputTexts(request!)).toContain("say hello please");
    env.mock.assertScriptConsumed();
  }, 60_000);
});
