import { randomUUID } from "node:crypto";
import { type CodexTestEnv, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { CODEX_VERSION } from "@codex/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodexConnection } from "../../src/connection/codex-connection.js";
import { connect } from "../../src/connection/connect.js";
import type { ConnectionWarning } from "../../src/connection/connection-events.js";
import { InvalidRequestError } from "../../src/errors.js";
import type { NotificationEnvelope } from "../../src/protocol-types.js";
import { spawnTransport } from "../../src/transports/transport-factories.js";

// One real codex app-server (the pinned binary) for the whole file, driven by the mock Responses API.
let env: CodexTestEnv;
let connection: CodexConnection;
const warnings: ConnectionWarning[] = [];
const stderrLines: string[] = [];

beforeAll(async () => {
  env = await startCodexTestEnv();
  connection = await connect({
    transport: spawnTransport({
      codexPath: env.codexPath,
      env: env.env,
      cwd: env.workspace,
      // Goes through `--config model="…"`; thread/start reports the model in effect.
      config: { model: "mock-model-from-config" },
    }),
    clientInfo: { name: "protocol_real_test", title: "Protocol real test", version: "0.0.1" },
    validate: "strict",
    onWarning: (warning) => warnings.push(warning),
    onStderr: (line) => stderrLines.push(line),
  });
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await env?.close();
}, 30_000);

/** Collects this thread's notifications until `turn/completed`. */
function collectTurn(threadId: string): Promise<NotificationEnvelope[]> {
  const seen: NotificationEnvelope[] = [];
  return new Promise((resolve) => {
    const subscription = connection.onAnyNotification((n) => {
      const params = n.params as { threadId?: string };
      if (params.threadId !== threadId) return;
      seen.push(n);
      if (n.method === "turn/completed") {
        subscription();
        resolve(seen);
      }
    });
  });
}

describe("against the real codex app-server (stdio)", () => {
  it("completes the handshake and exposes the initialize result and version", () => {
    expect(connection.initializeResult.codexHome).toBe(env.home.path);
    expect(connection.initializeResult.platformOs).toBe(
      process.platform === "darwin" ? "macos" : process.platform,
    );
    expect(connection.initializeResult.userAgent).toMatch(/^protocol_real_test\//);
    expect(connection.serverVersion).toBe(CODEX_VERSION);
    expect(warnings.filter((w) => w.kind === "versionMismatch")).toEqual([]);
  });

  it("sends typed requests and maps error replies", async () => {
    const started = await connection.request("thread/start", { cwd: env.workspace, ephemeral: true });
    expect(typeof started.thread.id).toBe("string");
    expect(started.thread.path).toBeNull();
    expect(started.model).toBe("mock-model-from-config");
    const loaded = await connection.request("thread/loaded/list", {});
    expect(loaded.data).toContain(started.thread.id);
    const missing = await connection
      .request("thread/read", { threadId: randomUUID() })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvalidRequestError);
    const unknown = await connection.requestUnchecked("no/such/method", {}).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InvalidRequestError);
    expect((unknown as InvalidRequestError).message).toContain("unknown variant");
  }, 30_000);

  it("delivers a turn's notifications in order", async () => {
    env.mock.enqueue(reply.message("Hello from mock", { deltas: ["Hello ", "from mock"] }));
    const { thread } = await connection.request("thread/start", { cwd: env.workspace, ephemeral: true });
    const deltas: string[] = [];
    const typed = connection.onNotification("item/agentMessage/delta", (params) => {
      if (params.threadId === thread.id) deltas.push(params.delta);
    });
    const turnEvents = collectTurn(thread.id);
    const { turn } = await connection.request("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "hello", text_elements: [] }],
    });
    const events = await turnEvents;
    typed();
    const labels = events.map((n) => {
      const item = (n.params as { item?: { type: string } }).item;
      return item ? `${n.method}:${item.type}` : n.method;
    });
    const order = [
      "turn/started",
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:agentMessage",
      "item/agentMessage/delta",
      "item/completed:agentMessage",
      "turn/completed",
    ];
    const positions = order.map((label) => labels.indexOf(label));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(deltas.join("")).toBe("Hello from mock");
    const completed = events.at(-1)!;
    expect(completed.method).toBe("turn/completed");
    expect((completed.params as { turn: { id: string; status: string } }).turn).toMatchObject({
      id: turn.id,
      status: "completed",
    });
    expect(events.every((n) => typeof n.emittedAtMs === "number")).toBe(true);
  }, 60_000);

  it("answers a server request (command approval) and the command runs", async () => {
    env.mock.enqueue(
      reply.execCommand("echo hi-from-shell", { callId: "call_approve_1" }),
      reply.message("ran it"),
    );
    const { thread } = await connection.request("thread/start", {
      cwd: env.workspace,
      ephemeral: true,
      approvalPolicy: "untrusted",
      sandbox: "workspace-write",
    });
    const approvals: Array<{ itemId: string; id: string | number }> = [];
    const handler = connection.onServerRequest("item/commandExecution/requestApproval", (params, context) => {
      approvals.push({ itemId: params.itemId, id: context.requestId });
      return { decision: "accept" };
    });
    const turnEvents = collectTurn(thread.id);
    await connection.request("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "run it", text_elements: [] }],
    });
    const events = await turnEvents;
    handler();
    expect(approvals).toEqual([{ itemId: "call_approve_1", id: expect.any(Number) }]);
    const resolved = events.find((n) => n.method === "serverRequest/resolved");
    expect(resolved).toBeDefined();
    expect((resolved!.params as { requestId: number }).requestId).toBe(approvals[0]!.id);
    const commandDone = events.find(
      (n) =>
        n.method === "item/completed" &&
        (n.params as { item: { type: string } }).item.type === "commandExecution",
    );
    expect(commandDone).toBeDefined();
    expect((commandDone!.params as { item: unknown }).item).toMatchObject({
      status: "completed",
      exitCode: 0,
      aggregatedOutput: expect.stringContaining("hi-from-shell"),
    });
    expect((events.at(-1)!.params as { turn: { status: string } }).turn.status).toBe("completed");
  }, 60_000);

  it("saw no schema drift in anything the real server sent (strict validation)", () => {
    expect(warnings.filter((w) => w.kind === "incomingValidation").map((w) => w.message)).toEqual([]);
  });
});
