// Options of @openai/codex-sdk 0.163.0, plus this package's optional extensions (marked as such).
import type { Codex as AppServerCodex } from "@codex/app-server-sdk";
import type { ApprovalHandler } from "./approval-handler.js";

export type CodexConfigValue = string | number | boolean | CodexConfigValue[] | CodexConfigObject;
export type CodexConfigObject = {
  [key: string]: CodexConfigValue;
};

export type CodexOptions = {
  codexPathOverride?: string;
  baseUrl?: string;
  apiKey?: string;
  /**
   * Additional `--config key=value` overrides to pass to the Codex CLI.
   *
   * Provide a JSON object and the SDK will flatten it into dotted paths and
   * serialize values as TOML literals so they are compatible with the CLI's
   * `--config` parsing.
   */
  config?: CodexConfigObject;
  /**
   * Raw `--config key=value` overrides to pass unchanged to the Codex CLI after
   * structured configuration and before SDK-managed or thread-specific overrides.
   */
  configOverrides?: string[];
  /**
   * Environment variables passed to the Codex CLI process. When provided, the SDK
   * will not inherit variables from `process.env`.
   */
  env?: Record<string, string>;
  /**
   * Extension (not in @openai/codex-sdk): run on this `@codex/app-server-sdk` client instead of spawning
   * an app-server. `codexPathOverride`, `config`, `configOverrides`, `env`, `apiKey` and `baseUrl` are then
   * the client's business and ignored here; the client is not closed by `close()`.
   */
  appServer?: AppServerCodex;
  /**
   * Extension (not in @openai/codex-sdk): answers the approval requests of commands and file changes.
   * Without it, turns run like `codex exec`: approval policy "never", nothing asks. With it, the thread's
   * `approvalPolicy` is honoured and each request is passed to this function.
   */
  approvalHandler?: ApprovalHandler;
};

export type ApprovalMode = "never" | "on-request" | "on-failure" | "untrusted";
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
export type ModelReasoningEffort =
  | "minimal"
  | "low"
  | "medium"
  | "high"
  | "xhigh"
  | "max"
  | "ultra"
  | "persistent";
export type WebSearchMode = "disabled" | "cached" | "live";

export type ThreadOptions = {
  model?: string;
  /** Source classification applied when this thread is first created. */
  threadSource?: string;
  sandboxMode?: SandboxMode;
  workingDirectory?: string;
  skipGitRepoCheck?: boolean;
  modelReasoningEffort?: ModelReasoningEffort;
  networkAccessEnabled?: boolean;
  webSearchMode?: WebSearchMode;
  webSearchEnabled?: boolean;
  approvalPolicy?: ApprovalMode;
  additionalDirectories?: string[];
};

export type CyberAccessProgram = "standard" | "daybreak_blue" | "daybreak_red";

export type TurnOptions = {
  /**
   * Experimental Cyber selection for this turn with the built-in OpenAI provider.
   * Omit to use server defaults.
   */
  cyberAccessProgram?: CyberAccessProgram;
  /** JSON schema describing the expected agent output. */
  outputSchema?: unknown;
  /** AbortSignal to cancel the turn. */
  signal?: AbortSignal;
};
