// Extension (not in @openai/codex-sdk): a callback for approval requests, in the original's snake_case style.
// Commands and file changes are approval requests; MCP tool calls arrive as MCP elicitations.

/** An approval codex asks for: a command to run, a set of file changes to apply, an MCP tool to call. */
export type ApprovalRequest =
  | {
      kind: "command_execution";
      thread_id: string;
      /** The command line, as the command_execution item shows it. */
      command: string;
      cwd: string;
      /** Why the agent wants it (e.g. to run outside the sandbox), when it said. */
      reason: string | null;
    }
  | {
      kind: "file_change";
      thread_id: string;
      reason: string | null;
    }
  | {
      /** An MCP tool call (codex asks through an MCP elicitation). */
      kind: "mcp_tool_call";
      thread_id: string;
      /** The MCP server's name in the config. */
      server: string;
      /** What codex asks, e.g. whether to run the tool. */
      message: string;
    };

/** Return true to approve, false to decline. A throw or rejection declines. */
export type ApprovalHandler = (request: ApprovalRequest) => boolean | Promise<boolean>;
