import type { Codex, CodexOptions, ServerRequestHandlers, ThreadOptions } from "@codex/app-server-sdk";

/** Server-request handlers: one map keyed by wire method, or several tried in order. */
export type ServerRequestHandlerSet = ServerRequestHandlers | readonly ServerRequestHandlers[];

/** Thread options the provider passes through (the model comes from the model id, handlers from `serverRequests`). */
export type CodexThreadSettings = Omit<ThreadOptions, "model" | "serverRequests">;

/** Settings of one model instance (`codex("gpt-5.1-codex", { ... })`). */
export interface CodexModelSettings {
  /** How threads this model starts or resumes run: cwd, sandbox, approvalPolicy, ... */
  readonly threadOptions?: CodexThreadSettings;
  /**
   * Answers codex's server requests (command and file-change approvals, ...) during this model's turns:
   * the SDK's handlers or policies (`declineAll`, `dangerouslyApproveAll`, `rulePolicy(...)`). Requests
   * no handler answers fail closed (declined), which is also the default when this is not set.
   */
  readonly serverRequests?: ServerRequestHandlerSet;
}

export interface CodexProviderSettings extends CodexModelSettings {
  /**
   * Use this client (you close it). Default: the provider creates one from `codexOptions` on first use,
   * shares it between all calls and models, and closes it in `provider.close()`.
   */
  readonly codex?: Codex<boolean>;
  readonly codexOptions?: CodexOptions;
  /** How many conversations the provider remembers to map history to threads. Default 1000. */
  readonly maxConversations?: number;
}
