import { type CodexTestEnv, calcMcpServer, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODEX_TOOL_NAMES, type CodexProvider, createCodexProvider } from "../src/index.js";

const T = 60_000;
let env: CodexTestEnv;
let codex: CodexProvider;

beforeAll(async () => {
  env = await startCodexTestEnv({
    config: {
      features: { shell_snapshot: false },
      mcp_servers: {
        calc: calcMcpServer(),
      },
    },
  });
  codex = createCodexProvider({
    codexOptions: { codexPath: env.codexPath, env: env.env, cwd: env.workspace },
    threadOptions: { cwd: env.workspace, approvalPolicy: "on-request" },
  });
}, T);
afterAll(async () => {
  await codex?.close();
  await env?.close();
}, T);

/** The model calls the calc server's `add` tool (codex offers MCP tools as a namespace per server). */
function scriptMcpCall(): void {
  env.mock.enqueue(
    reply.mcpToolCall("calc", "add", { a: 2, b: 3 }, { callId: "mcp_1" }),
    reply.message("2 + 3 = 5"),
  );
}

describe("MCP tool calls", () => {
  it(
    "approved through serverRequests: a provider-executed codex_mcp_tool call and its result",
    async () => {
      scriptMcpCall();
      const model = codex("default", {
        serverRequests: { "mcpServer/elicitation/request": () => ({ action: "accept", content: {} }) },
      });
      const result = streamText({ model, prompt: "add 2 and 3" });
      const parts = [];
      for await (const part of result.fullStream) parts.push(part);
      const call = parts.find((p) => p.type === "tool-call");
      const done = parts.find((p) => p.type === "tool-result");
      expect(call).toMatchObject({
        toolName: CODEX_TOOL_NAMES.mcpToolCall,
        providerExecuted: true,
        input: { server: "calc", tool: "add", arguments: { a: 2, b: 3 } },
      });
      expect(done).toMatchObject({
        toolName: CODEX_TOOL_NAMES.mcpToolCall,
        output: { status: "completed", result: { content: [{ type: "text", text: "5" }] } },
      });
    },
    T,
  );

  it(
    "default (no handler): the MCP call is declined, a tool error",
    async () => {
      scriptMcpCall();
      const result = streamText({ model: codex(), prompt: "add 2 and 3" });
      const parts = [];
      for await (const part of result.fullStream) parts.push(part);
      expect(parts.find((p) => p.type === "tool-error")).toMatchObject({
        toolName: CODEX_TOOL_NAMES.mcpToolCall,
        error: { status: "failed" },
      });
      expect(parts.some((p) => p.type === "tool-result")).toBe(false);
    },
    T,
  );
});
