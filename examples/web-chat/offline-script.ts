import { calcMcpServer, type MockResponsesServer, reply, type TomlTable } from "@codex/app-server-testing";

/** Commands the offline model asks to run for every prompt: the page accepts one and declines the other. */
export const ACCEPTED_COMMAND = "echo hello-from-the-accepted-command";
export const DECLINED_COMMAND = "touch declined-marker.txt";

/**
 * The offline CODEX_HOME config: no per-thread shell snapshot, and a tiny MCP server ("calc", one tool
 * `add`) so the page also shows an MCP tool call and its approval.
 */
export function offlineCodexConfig(): TomlTable {
  return {
    features: { shell_snapshot: false },
    mcp_servers: {
      calc: calcMcpServer(),
    },
  };
}

/**
 * Queues the mock model's replies for one prompt: a streamed answer that runs a command, writes a file,
 * calls the calc MCP tool, runs a second command, then a streamed summary. Under approval policy
 * "untrusted" each of the four asks first.
 */
export function scriptPrompt(mock: MockResponsesServer, prompt: string): void {
  const stream = { deltas: "auto", eventDelayMs: 40 } as const;
  mock.enqueue(
    reply.turn([
      reply.message(
        `You asked: "${prompt}". I will run two commands, write a note and add two numbers.`,
        stream,
      ),
      reply.execCommand(ACCEPTED_COMMAND),
    ]),
    reply.applyPatch({ add: { path: "notes.md", content: "# Notes\nWritten by the web chat.\n" } }),
    reply.mcpToolCall("calc", "add", { a: 2, b: 3 }, { callId: "mcp_add" }),
    reply.execCommand(DECLINED_COMMAND),
    reply.message(
      "Done: the first command ran, the note is written, 2 + 3 = 5, the second command was declined.",
      stream,
    ),
  );
}
