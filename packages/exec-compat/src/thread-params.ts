// The original's ThreadOptions as app-server params: what codex exec passes as flags and `--config`
// overrides on every run goes into thread/start (or thread/resume) once per thread here.
import type { ApprovalMode, ThreadOptions } from "./options.js";

export interface ThreadParamsInput {
  readonly options: ThreadOptions;
  readonly cwd: string;
  /** An approval handler is installed: honour approvalPolicy. Otherwise "never", as codex exec forces. */
  readonly approvals: boolean;
}

export function threadStartParams({ options, cwd, approvals }: ThreadParamsInput): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (options.modelReasoningEffort) config.model_reasoning_effort = options.modelReasoningEffort;
  const workspaceWrite: Record<string, unknown> = {};
  if (options.networkAccessEnabled !== undefined)
    workspaceWrite.network_access = options.networkAccessEnabled;
  if (options.additionalDirectories?.length)
    workspaceWrite.writable_roots = [...options.additionalDirectories];
  if (Object.keys(workspaceWrite).length > 0) config.sandbox_workspace_write = workspaceWrite;
  const webSearch = webSearchMode(options);
  if (webSearch) config.web_search = webSearch;
  const approvalPolicy = approvals ? appServerApprovalPolicy(options.approvalPolicy) : "never";
  return {
    cwd,
    ...(approvalPolicy && { approvalPolicy }),
    ...(options.model && { model: options.model }),
    ...(options.sandboxMode && { sandbox: options.sandboxMode }),
    ...(options.threadSource !== undefined && { threadSource: options.threadSource }),
    ...(Object.keys(config).length > 0 && { config }),
  };
}

/** thread/resume takes the same settings, except the source (codex exec applies it only to new threads). */
export function threadResumeParams(input: ThreadParamsInput, threadId: string): Record<string, unknown> {
  const { threadSource: _source, ...params } = threadStartParams(input);
  return { ...params, threadId };
}

function webSearchMode(options: ThreadOptions): string | undefined {
  if (options.webSearchMode) return options.webSearchMode;
  if (options.webSearchEnabled === true) return "live";
  if (options.webSearchEnabled === false) return "disabled";
  return undefined;
}

/** codex 0.169 has no "on-failure" policy any more; its closest is "on-request". */
function appServerApprovalPolicy(policy: ApprovalMode | undefined): string | undefined {
  return policy === "on-failure" ? "on-request" : policy;
}
