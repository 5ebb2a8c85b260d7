// A minimal MCP server over stdio (newline-delimited JSON-RPC) with one tool, `add`, for tests where
// codex calls an MCP tool. Point codex at it with `mcp_servers.calc = calcMcpServer()` in its config.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
const tool = {
  name: "add",
  description: "Adds two numbers",
  inputSchema: {
    type: "object",
    properties: { a: { type: "number" }, b: { type: "number" } },
    required: ["a", "b"],
  },
};

createInterface({ input: process.stdin }).on("line", (line) => {
  const { id, method, params } = JSON.parse(line);
  if (id === undefined) return;
  if (method === "initialize") {
    const protocolVersion = params?.protocolVersion ?? "2025-06-18";
    send({
      id,
      result: {
        protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: "calc", version: "1.0.0" },
      },
    });
  } else if (method === "tools/list") {
    send({ id, result: { tools: [tool] } });
  } else if (method === "tools/call") {
    const { a, b } = params.arguments;
    send({ id, result: { content: [{ type: "text", text: String(a + b) }] } });
  } else {
    send({ id, error: { code: -32601, message: `no method ${method}` } });
  }
});
