import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodexTestEnv, type MockReply, reply, startCodexTestEnv } from "../../src/index.js";
import { JsonlChild, type JsonMessage, threadIdOf, turnOf } from "../support/jsonl-child.js";

// What each scripted failure of the mock does to a turn of the real binary.
describe("mock failures through the real codex app-server", () => {
  let env: CodexTestEnv;
  let codex: JsonlChild;
  let threadId: string;

  beforeAll(async () => {
    env = await startCodexTestEnv();
    codex = new JsonlChild(env.appServerCommand());
    await codex.request("initialize", { clientInfo: { name: "failures_test", version: "0.0.1" } });
    codex.write({ method: "initialized" });
    const started = await codex.request("thread/start", { cwd: env.workspace });
    threadId = threadIdOf(started);
  }, 30_000);

  afterAll(async () => {
    await codex?.close();
    await env?.close();
  }, 30_000);

  async function runTurn(mockReply: MockReply | undefined, text: string) {
    if (mockReply !== undefined) env.mock.enqueue(mockReply);
    const from = codex.messages.length;
    await codex.request("turn/start", { threadId, input: [{ type: "text", text }] });
    const completed = await codex.notification("turn/completed", { from });
    const error = codex.messages
      .slice(from)
      .find((m: JsonMessage) => m.method === "error" && m.id === undefined)?.params?.error;
    return {
      turn: turnOf(completed),
      error: error as { message: string; codexErrorInfo: unknown } | undefined,
    };
  }

  it("fails the turn with internalServerError on HTTP 500", async () => {
    const { turn, error } = await runTurn(reply.httpError(500), "trigger a 500");
    expect(turn?.status).toBe("failed");
    expect(turn?.error?.codexErrorInfo).toBe("internalServerError");
    expect(error?.codexErrorInfo).toBe("internalServerError");
  }, 60_000);

  it("fails the turn when the stream ends with response.failed", async () => {
    const { turn } = await runTurn(reply.responseFailed("mock failure"), "trigger response.failed");
    expect(turn?.status).toBe("failed");
    expect(turn?.error?.message).toContain("mock failure");
  }, 60_000);

  it("fails the turn when the stream is cut before response.completed", async () => {
    const { turn } = await runTurn(
      reply.cutStream(reply.message("half a", { deltas: ["half ", "a"], done: false })),
      "trigger a cut stream",
    );
    expect(turn?.status).toBe("failed");
    expect(turn?.error?.message).toContain("stream closed before response.completed");
  }, 60_000);

  it("fails the turn, and records the error, when the script has no reply left", async () => {
    const errorsBefore = env.mock.errors.length;
    const { turn } = await runTurn(undefined, "nothing queued for this one");
    expect(turn?.status).toBe("failed");
    expect(turn?.error?.message).toContain("mock script exhausted");
    expect(env.mock.errors.slice(errorsBefore)).toHaveLength(1);
    expect(env.mock.errors.at(-1)?.message).toMatch(/mock script exhausted: \/responses request #\d+/);
  }, 60_000);

  it("keeps a hanging stream open until the turn is interrupted", async () => {
    env.mock.enqueue(reply.hang(reply.message("still typing", { deltas: ["still "], done: false })));
    const from = codex.messages.length;
    const response = await codex.request("turn/start", { threadId, input: [{ type: "text", text: "hang" }] });
    const turnId = turnOf(response)?.id;
    const delta = await codex.notification("item/agentMessage/delta", { from });
    expect(delta.params?.delta).toBe("still ");

    const interrupt = await codex.request("turn/interrupt", { threadId, turnId });
    expect(interrupt.error).toBeUndefined();
    const completed = await codex.notification("turn/completed", { from });
    expect(turnOf(completed)).toMatchObject({ id: turnId, status: "interrupted" });
    // Codex dropped the model stream, so the mock has nothing open any more.
    await env.mock.waitUntilIdle();
  }, 60_000);

  it("reports other HTTP errors as codex maps them (400 body as the message, 429 as retry limit)", async () => {
    const badRequest = await runTurn(
      reply.httpError(400, { error: { message: "custom-400-body", type: "invalid_request_error" } }),
      "trigger a 400",
    );
    expect(badRequest.turn?.status).toBe("failed");
    expect(badRequest.turn?.error?.message).toContain("custom-400-body");
    const tooMany = await runTurn(reply.httpError(429, "slow down"), "trigger a 429");
    expect(tooMany.turn?.error?.codexErrorInfo).toEqual({
      responseTooManyFailedAttempts: { httpStatusCode: 429 },
    });
  }, 60_000);

  it("still completes a normal turn on the same thread afterwards", async () => {
    const { turn } = await runTurn(reply.message("recovered"), "are you ok");
    expect(turn?.status).toBe("completed");
    expect(env.mock.pendingReplies).toBe(0);
  }, 60_000);
});
