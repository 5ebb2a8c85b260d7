import { dangerouslyApproveAll, declineAll, type Thread } from "@codex/app-server-sdk";
import { calcMcpServer, reply } from "@codex/app-server-testing";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { ATTR, DECISION_EVENT, instrumentCodex } from "../src/index.js";
import {
  appTracer,
  codex,
  env,
  exporter,
  spansNamed,
  T,
  tracing,
  useTracedCodex,
} from "./support/traced-codex.js";

useTracedCodex({ mcp_servers: { calc: calcMcpServer() } });

/** A thread that asks before every command and may write its workspace. */
const guardedThread = (): Promise<Thread> =>
  codex.startThread({ cwd: env.workspace, approvalPolicy: "untrusted", sandbox: "workspace-write" });

const childrenOf = (parent: ReadableSpan): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);

describe("turn spans", () => {
  it(
    "a turn span nests under the caller's span, with model, status, usage and a child span per tool item",
    async () => {
      const thread = await guardedThread();
      env.mock.enqueue(
        reply.execCommand("echo traced-output"),
        reply.applyPatch({ add: { path: "hello.txt", content: "hi\n" } }),
        reply.message("done"),
      );
      const result = await appTracer.startActiveSpan("handle request", async (appSpan) => {
        try {
          return await thread.run("do the work", { serverRequests: dangerouslyApproveAll });
        } finally {
          appSpan.end();
        }
      });
      expect(result.status).toBe("completed");
      await waitForSpan("invoke_agent codex");

      const [app] = spansNamed("handle request");
      const [turn] = spansNamed("invoke_agent codex");
      if (!app || !turn) throw new Error("missing spans");
      expect(turn.parentSpanContext?.spanId).toBe(app.spanContext().spanId);
      expect(turn.spanContext().traceId).toBe(app.spanContext().traceId);
      expect(turn.attributes).toMatchObject({
        [ATTR.genAiOperationName]: "invoke_agent",
        [ATTR.genAiConversationId]: thread.id,
        [ATTR.codexThreadId]: thread.id,
        [ATTR.codexTurnId]: result.turn.id,
        [ATTR.genAiRequestModel]: "mock-model",
        [ATTR.genAiResponseModel]: "mock-model",
        [ATTR.genAiProviderName]: "mock",
        [ATTR.codexTurnStatus]: "completed",
        // Three model responses of 10 input / 5 output tokens each (the mock's default usage).
        [ATTR.genAiUsageInputTokens]: 30,
        [ATTR.genAiUsageOutputTokens]: 15,
      });

      // The turn's own request (turn/start) is a child of the turn span, not of the caller's.
      const [turnStart] = spansNamed("turn/start");
      expect(turnStart?.parentSpanContext?.spanId).toBe(turn.spanContext().spanId);

      const tools = childrenOf(turn).filter((s) => s.attributes[ATTR.codexItemType] !== undefined);
      const command = tools.find((s) => s.attributes[ATTR.codexItemType] === "commandExecution");
      const patch = tools.find((s) => s.attributes[ATTR.codexItemType] === "fileChange");
      expect(command?.name).toBe("execute_tool command_execution");
      expect(command?.attributes[ATTR.processCommandLine]).toContain("echo traced-output");
      expect(command?.attributes[ATTR.processExitCode]).toBe(0);
      expect(command?.attributes[ATTR.codexItemStatus]).toBe("completed");
      expect(patch?.name).toBe("execute_tool file_change");
      expect(String(patch?.attributes[ATTR.codexFileChangePaths])).toContain("hello.txt");

      // The approval of the command is an event with its decision and who decided.
      const decisions = [turn, ...tools].flatMap((s) => s.events.filter((e) => e.name === DECISION_EVENT));
      const commandDecision = decisions.find(
        (e) => e.attributes?.[ATTR.codexDecisionMethod] === "item/commandExecution/requestApproval",
      );
      expect(commandDecision?.attributes).toMatchObject({
        [ATTR.codexDecision]: "accept",
        [ATTR.codexDecisionSource]: "turn",
      });
    },
    T,
  );

  it(
    "a declined command: its span ends with status declined and the decision event says decline / turn",
    async () => {
      const thread = await guardedThread();
      env.mock.enqueue(reply.execCommand("echo never-runs"), reply.message("ok"));
      await thread.run("try it", { serverRequests: declineAll });
      await waitForSpan("invoke_agent codex");
      const [turn] = spansNamed("invoke_agent codex");
      if (!turn) throw new Error("missing turn span");
      const spans = [turn, ...childrenOf(turn)];
      const event = spans.flatMap((s) => s.events).find((e) => e.name === DECISION_EVENT);
      expect(event?.attributes).toMatchObject({
        [ATTR.codexDecisionMethod]: "item/commandExecution/requestApproval",
        [ATTR.codexDecision]: "decline",
        [ATTR.codexDecisionSource]: "turn",
      });
      const command = childrenOf(turn).find((s) => s.attributes[ATTR.codexItemType] === "commandExecution");
      expect(command?.attributes[ATTR.processCommandLine]).toContain("echo never-runs");
      expect(command?.attributes[ATTR.codexItemStatus]).toMatch(/declined|incomplete/);
    },
    T,
  );

  it(
    "a failed turn: the span is an error with the failure recorded",
    async () => {
      const thread = await guardedThread();
      env.mock.enqueue(reply.responseFailed("mock failure"));
      await expect(thread.run("fail please")).rejects.toThrow();
      await waitForSpan("invoke_agent codex");
      const [turn] = spansNamed("invoke_agent codex");
      expect(turn?.status.code).toBe(SpanStatusCode.ERROR);
      expect(turn?.attributes[ATTR.codexTurnStatus]).toBe("failed");
      expect(turn?.events.some((e) => e.name === "exception")).toBe(true);
    },
    T,
  );
});

describe("MCP tool calls", () => {
  it(
    "an MCP tool call is a child span with server and tool; its approval (an elicitation) is an event",
    async () => {
      const thread = await codex.startThread({ cwd: env.workspace, approvalPolicy: "on-request" });
      env.mock.enqueue(
        reply.mcpToolCall("calc", "add", { a: 2, b: 3 }, { callId: "mcp_1" }),
        reply.message("2 + 3 = 5"),
      );
      await thread.run("add", {
        serverRequests: { "mcpServer/elicitation/request": () => ({ action: "accept", content: {} }) },
      });
      await waitForSpan("invoke_agent codex");
      const [turn] = spansNamed("invoke_agent codex");
      if (!turn) throw new Error("missing turn span");
      const mcp = childrenOf(turn).find((s) => s.attributes[ATTR.codexItemType] === "mcpToolCall");
      expect(mcp?.name).toBe("execute_tool add");
      expect(mcp?.attributes).toMatchObject({
        [ATTR.genAiToolName]: "add",
        [ATTR.codexMcpServer]: "calc",
        [ATTR.codexItemStatus]: "completed",
      });
      const event = [turn, ...childrenOf(turn)]
        .flatMap((s) => s.events)
        .find((e) => e.name === DECISION_EVENT);
      expect(event?.attributes).toMatchObject({
        [ATTR.codexDecisionMethod]: "mcpServer/elicitation/request",
        [ATTR.codexDecision]: "accept",
        [ATTR.codexDecisionSource]: "turn",
      });
    },
    T,
  );
});

describe("interrupted turns", () => {
  it(
    "an aborted turn: status interrupted, the abort recorded, its open command span ended as incomplete",
    async () => {
      const thread = await guardedThread();
      env.mock.enqueue(reply.execCommand("sleep 30"));
      const controller = new AbortController();
      const turn = thread.turn("wait", { signal: controller.signal, serverRequests: dangerouslyApproveAll });
      turn.on("item/started", ({ params }) => {
        if (params.item.type === "commandExecution") controller.abort(new Error("user stopped"));
      });
      await expect(turn.result()).rejects.toMatchObject({ name: "CodexAbortError" });
      await waitForSpan("invoke_agent codex");
      const [span] = spansNamed("invoke_agent codex");
      if (!span) throw new Error("missing turn span");
      expect(span.attributes[ATTR.codexTurnStatus]).toBe("interrupted");
      expect(span.attributes[ATTR.errorType]).toBe("CodexAbortError");
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      const command = childrenOf(span).find((s) => s.attributes[ATTR.codexItemType] === "commandExecution");
      expect(command?.attributes[ATTR.processCommandLine]).toContain("sleep 30");
      expect(command?.attributes[ATTR.codexItemStatus]).toBe("incomplete");
      expect(spansNamed("turn/interrupt")[0]?.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    },
    T,
  );
});

describe("JSON-RPC request spans", () => {
  it(
    "one CLIENT span per request with method and id; a server error carries its code",
    async () => {
      await codex.startThread({ cwd: env.workspace });
      const [start] = spansNamed("thread/start");
      expect(start?.attributes).toMatchObject({
        [ATTR.rpcSystem]: "jsonrpc",
        [ATTR.rpcMethod]: "thread/start",
      });
      expect(start?.attributes[ATTR.rpcJsonrpcRequestId]).toMatch(/^\d+$/);
      expect(start?.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(start && start.duration[0] * 1e9 + start.duration[1]).toBeGreaterThan(0);

      await expect(codex.readThread("00000000-0000-0000-0000-000000000000")).rejects.toThrow();
      const [read] = spansNamed("thread/read");
      expect(read?.status.code).toBe(SpanStatusCode.ERROR);
      expect(typeof read?.attributes[ATTR.rpcJsonrpcErrorCode]).toBe("number");
      expect(read?.attributes[ATTR.errorType]).toMatch(/Error$/);
    },
    T,
  );

  it(
    "request spans nest under the caller's active span",
    async () => {
      await appTracer.startActiveSpan("list", async (span) => {
        await codex.listThreads({});
        span.end();
      });
      const [list] = spansNamed("thread/list");
      const [app] = spansNamed("list");
      expect(list?.parentSpanContext?.spanId).toBe(app?.spanContext().spanId);
    },
    T,
  );
});

describe("enable / disable", () => {
  it(
    "disabled: turns and requests produce no spans; enabled again: they do",
    async () => {
      tracing.disable();
      const thread = await guardedThread();
      env.mock.enqueue(reply.message("quiet"), reply.message("loud"));
      await thread.run("not traced");
      expect(exporter.getFinishedSpans()).toEqual([]);
      tracing.enable();
      await thread.run("traced");
      await waitForSpan("invoke_agent codex");
      expect(spansNamed("turn/start")).toHaveLength(1);
    },
    T,
  );

  it("without a tracer provider (the global no-op) turns are left alone", async () => {
    const noop = instrumentCodex();
    try {
      const thread = await codex.startThread({ cwd: env.workspace });
      env.mock.enqueue(reply.message("fine"));
      const result = await thread.run("hello");
      expect(result.finalResponse).toBe("fine");
      expect(trace.getTracerProvider()).toBeDefined();
    } finally {
      noop.disable();
    }
  });
});

/** Turn spans end in a `.then` after `result()` settles: wait for that microtask chain. */
async function waitForSpan(name: string): Promise<void> {
  for (let i = 0; i < 50 && spansNamed(name).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
}
