import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CodexTestEnv,
  forThread,
  functionCallOutputs,
  planCollaborationMode,
  reply,
  requestThreadId,
  startCodexTestEnv,
  withUserText,
} from "../../src/index.js";
import { itemOf, JsonlChild, threadIdOf, turnOf } from "../support/jsonl-child.js";

// Richer model output through the real binary: reasoning, structured output, user input, routing.
describe("model output through the real codex app-server", () => {
  let env: CodexTestEnv;
  let codex: JsonlChild;

  beforeAll(async () => {
    env = await startCodexTestEnv();
    codex = new JsonlChild(env.appServerCommand());
    await codex.request("initialize", {
      clientInfo: { name: "model_output_test", version: "0.0.1" },
      capabilities: { experimentalApi: true },
    });
    codex.write({ method: "initialized" });
  }, 30_000);

  afterAll(async () => {
    await codex?.close();
    await env?.close();
  }, 30_000);

  /** Starts a plan-mode turn (where request_user_input works); returns the message index it started at. */
  async function startPlanTurn(threadId: string, text: string): Promise<number> {
    const from = codex.messages.length;
    await codex.request("turn/start", {
      threadId,
      input: [{ type: "text", text }],
      collaborationMode: planCollaborationMode(),
    });
    return from;
  }

  async function newThread(): Promise<string> {
    return threadIdOf(await codex.request("thread/start", { cwd: env.workspace }));
  }

  it("turns a reasoning item and a message in one response into two items", async () => {
    const threadId = await newThread();
    env.mock.enqueue(
      reply.turn([
        reply.reasoning("thinking hard", { id: "rs_a", content: "raw thought" }),
        reply.message("answer"),
      ]),
    );
    const from = codex.messages.length;
    await codex.request("turn/start", { threadId, input: [{ type: "text", text: "think" }] });
    await codex.notification("turn/completed", { from });
    const completedItems = codex.messages
      .slice(from)
      .filter((m) => m.method === "item/completed")
      .map((m) => itemOf(m));
    expect(completedItems.map((item) => item?.type)).toEqual(["userMessage", "reasoning", "agentMessage"]);
    expect(completedItems[1]).toMatchObject({
      id: "rs_a",
      summary: ["thinking hard"],
      content: ["raw thought"],
    });
    expect(completedItems[2]).toMatchObject({ text: "answer" });
  }, 60_000);

  it("answers a structured-output request from the schema codex sent", async () => {
    const threadId = await newThread();
    env.mock.enqueue((request) => {
      const format = (request.body?.text as { format?: { type?: string; name?: string } } | undefined)
        ?.format;
      return reply.message(JSON.stringify({ formatType: format?.type, formatName: format?.name }));
    });
    const outputSchema = {
      type: "object",
      properties: { formatType: { type: "string" }, formatName: { type: "string" } },
      required: ["formatType", "formatName"],
      additionalProperties: false,
    };
    const from = codex.messages.length;
    await codex.request("turn/start", {
      threadId,
      input: [{ type: "text", text: "json please" }],
      outputSchema,
    });
    const completed = await codex.notification("turn/completed", { from });
    expect(turnOf(completed)?.status).toBe("completed");
    const message = codex.messages
      .slice(from)
      .find((m) => m.method === "item/completed" && itemOf(m)?.type === "agentMessage");
    expect(JSON.parse(String(itemOf(message)?.text))).toEqual({
      formatType: "json_schema",
      formatName: "codex_output_schema",
    });
    const text = env.mock.requests.at(-1)?.body?.text as { format?: { schema?: unknown } };
    expect(text.format?.schema).toEqual(outputSchema);
  }, 60_000);

  it("asks the client through item/tool/requestUserInput in plan mode", async () => {
    const threadId = await newThread();
    env.mock.enqueue(
      reply.requestUserInput(
        [
          {
            id: "color",
            header: "Color",
            question: "Which color?",
            options: [
              { label: "Red", description: "warm" },
              { label: "Blue", description: "cool" },
            ],
          },
        ],
        { callId: "call_ui_1" },
      ),
      reply.message("thanks"),
    );
    const from = await startPlanTurn(threadId, "ask me");
    const question = await codex.waitFor((m) => m.method === "item/tool/requestUserInput", { from });
    expect(question.params).toMatchObject({
      threadId,
      itemId: "call_ui_1",
      questions: [{ id: "color", question: "Which color?" }],
    });
    codex.write({ id: question.id!, result: { answers: { color: { answers: ["Blue"] } } } });
    await codex.notification("turn/completed", { from });
    const output = functionCallOutputs(env.mock.requests.at(-1)!).find((o) => o.callId === "call_ui_1");
    expect(JSON.parse(output?.output ?? "null")).toEqual({ answers: { color: { answers: ["Blue"] } } });
  }, 60_000);

  it("refuses a question without options: codex answers the model, and reply.requestUserInput refuses it first", async () => {
    expect(() =>
      reply.requestUserInput([{ id: "name", header: "Name", question: "Your name?" } as never]),
    ).toThrow(/question "name" has no options/);
    // What codex does with one (sent as a raw function call): the model is told, the client is not asked.
    const threadId = await newThread();
    const questions = [{ id: "name", header: "Name", question: "Your name?" }];
    env.mock.enqueue(
      reply.functionCall("request_user_input", { questions }, { callId: "call_ui_2" }),
      reply.message("thanks"),
    );
    const from = await startPlanTurn(threadId, "ask me");
    await codex.notification("turn/completed", { from });
    expect(codex.messages.slice(from).some((m) => m.method === "item/tool/requestUserInput")).toBe(false);
    const output = functionCallOutputs(env.mock.requests.at(-1)!).find((o) => o.callId === "call_ui_2");
    expect(output?.output).toContain("requires non-empty options");
  }, 60_000);

  it("routes replies to concurrent threads by thread id", async () => {
    const [threadA, threadB] = [await newThread(), await newThread()];
    // A's reply is slow, so B's request is answered first whatever order they arrive in.
    env.mock.enqueueFor(forThread(threadA), reply.message("reply for A", { delayMs: 200 }));
    env.mock.enqueueFor(withUserText("from B"), reply.message("reply for B"));
    const from = codex.messages.length;
    await codex.request("turn/start", { threadId: threadA, input: [{ type: "text", text: "from A" }] });
    await codex.request("turn/start", { threadId: threadB, input: [{ type: "text", text: "from B" }] });
    const doneA = await codex.waitFor(
      (m) => m.method === "turn/completed" && m.params?.threadId === threadA,
      {
        from,
      },
    );
    const doneB = await codex.waitFor(
      (m) => m.method === "turn/completed" && m.params?.threadId === threadB,
      {
        from,
      },
    );
    const finalText = (done: typeof doneA) =>
      (turnOf(done)?.items as { text?: string }[] | undefined)?.at(-1)?.text;
    expect(finalText(doneA)).toBe("reply for A");
    expect(finalText(doneB)).toBe("reply for B");
    const threadsSeen = env.mock.requests.slice(-2).map(requestThreadId).sort();
    expect(threadsSeen).toEqual([threadA, threadB].sort());
    expect(env.mock.pendingReplies).toBe(0);
  }, 60_000);
});
