// Extension (not in @openai/codex-sdk): a callback for approval requests, in the original's snake_case style.

/** An approval codex asks for: a command to run or a set of file changes to apply. */
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
    };

/** Return true to approve, false to decline. A throw or rejection declines. */
export type ApprovalHandler = (request: ApprovalRequest) => boolean | Promise<boolean>;
