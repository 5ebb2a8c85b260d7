/** How thread and turn options become `thread/start` and `turn/start` params. */
import { approvalModeSettings } from "./approvals/approval-mode-settings.js";
import type { ThreadStartParams, TurnStartParams } from "./protocol-types.js";
import { sandboxPolicyFor } from "./sandbox-presets.js";
import type { OutputSchema } from "./structured-output/schema-types.js";
import type { ThreadOptions, TurnOptions } from "./thread-options.js";
import { dynamicToolSpecs } from "./tools/thread-tools.js";

/** `thread/start` (and resume/fork) params for these options. */
export function threadParams(options: ThreadOptions): ThreadStartParams {
  const config = threadConfig(options);
  const mode = approvalModeSettings(options.approvalMode);
  return dropUndefined({
    model: options.model,
    modelProvider: options.modelProvider,
    cwd: options.cwd,
    sandbox: options.sandbox ?? mode?.sandbox,
    approvalPolicy: options.approvalPolicy ?? mode?.approvalPolicy,
    approvalsReviewer: options.approvalsReviewer ?? mode?.approvalsReviewer,
    personality: options.personality,
    baseInstructions: options.baseInstructions,
    developerInstructions: options.developerInstructions,
    ephemeral: options.ephemeral,
    serviceTier: options.serviceTier,
    dynamicTools: dynamicToolSpecs(options),
    config: Object.keys(config).length > 0 ? config : undefined,
  }) as ThreadStartParams;
}

/** Options without a thread/start field go in as per-thread config, the keys codex reads. */
function threadConfig(options: ThreadOptions): Record<string, unknown> {
  const config: Record<string, unknown> = { ...options.config };
  if (options.reasoningEffort !== undefined) config.model_reasoning_effort = options.reasoningEffort;
  if (options.reasoningSummary !== undefined) config.model_reasoning_summary = options.reasoningSummary;
  if (options.webSearch !== undefined) config.web_search = options.webSearch;
  if (options.networkAccess !== undefined || options.additionalDirectories !== undefined) {
    const existing = config.sandbox_workspace_write;
    config.sandbox_workspace_write = {
      ...(typeof existing === "object" && existing !== null ? existing : {}),
      ...(options.networkAccess !== undefined && { network_access: options.networkAccess }),
      ...(options.additionalDirectories !== undefined && {
        writable_roots: [...options.additionalDirectories],
      }),
    };
  }
  return config;
}

/** `turn/start` params (without threadId and input) for these options. */
export function turnParams(
  options: TurnOptions<OutputSchema | undefined>,
): Omit<TurnStartParams, "threadId" | "input"> {
  const mode = approvalModeSettings(options.approvalMode);
  const sandbox = options.sandbox ?? mode?.sandbox;
  return dropUndefined({
    model: options.model,
    cwd: options.cwd,
    approvalPolicy: options.approvalPolicy ?? mode?.approvalPolicy,
    approvalsReviewer: options.approvalsReviewer ?? mode?.approvalsReviewer,
    sandboxPolicy: options.sandboxPolicy ?? (sandbox === undefined ? undefined : sandboxPolicyFor(sandbox)),
    effort: options.reasoningEffort,
    summary: options.reasoningSummary,
    personality: options.personality,
    serviceTier: options.serviceTier,
    collaborationMode: options.collaborationMode,
  }) as Omit<TurnStartParams, "threadId" | "input">;
}

function dropUndefined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
