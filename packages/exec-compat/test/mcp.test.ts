// MCP tool calls against a real stdio MCP server that codex starts (calcMcpServer() from @codex/app-server-testing).
import { calcMcpServer, reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { type AnyCodex, collect, normalize, useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv({
  mcp_servers: {
    calc: calcMcpServer(),
  },
});

/** The model calls the calc server's `add` tool, then answers. */
function scriptMcpCall(): void {
  fx.env.mock.enqueue(
    reply.mcpToolCall("calc", "add", { a: 2, b: 3 }, { callId: "mcp_1" }),
    reply.message("2 + 3 = 5"),
  );
}

async function mcpEvents(codex: AnyCodex) {
  scriptMcpCall();
  const thread = codex.startThread({ workingDirectory: fx.env.workspace });
  const { events } = await collect((await thread.runStreamed("add 2 and 3")).events);
  return normalize(events, fx.env.workspace);
}

describe("MCP tool calls", () => {
  it("stream the same mcp_tool_call items as @openai/codex-sdk", async () => {
    const ours = await mcpEvents(fx.compat());
    const original = await mcpEvents(fx.exec());
    expect(ours).toEqual(original);
    expect(JSON.stringify(ours)).toContain('"type":"mcp_tool_call"');
  });
});

describe("extension: approvalHandler for MCP tool calls", () => {
  it("asks the handler; approved, the call completes with the server's result", async () => {
    const asked: unknown[] = [];
    const codex = fx.compat({
      approvalHandler: (request) => {
        asked.push(request);
        return true;
      },
    });
    scriptMcpCall();
    const thread = codex.startThread({ workingDirectory: fx.env.workspace, approvalPolicy: "on-request" });
    const result = await thread.run("add 2 and 3");
    expect(asked).toEqual([
      expect.objectContaining({ kind: "mcp_tool_call", server: "calc", thread_id: thread.id }),
    ]);
    expect(result.items.find((item) => item.type === "mcp_tool_call")).toMatchObject({
      server: "calc",
      tool: "add",
      arguments: { a: 2, b: 3 },
      status: "completed",
      result: { content: [{ type: "text", text: "5" }] },
      error: null,
    });
  });
});
