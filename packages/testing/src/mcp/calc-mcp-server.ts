import { fileURLToPath } from "node:url";

/** Absolute path of a tiny stdio MCP server with one tool, `add({ a, b })`, that answers `a + b` as text. */
export const CALC_MCP_SERVER_PATH = fileURLToPath(
  new URL("../../assets/calc-mcp-server.mjs", import.meta.url),
);

/** Its codex config entry: `config: { mcp_servers: { calc: calcMcpServer() } }` (codex starts it per thread). */
export function calcMcpServer(): { command: string; args: string[] } {
  return { command: process.execPath, args: [CALC_MCP_SERVER_PATH] };
}
