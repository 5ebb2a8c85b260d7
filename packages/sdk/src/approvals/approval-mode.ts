import type { ApprovalsReviewer, AskForApproval, SandboxMode } from "../protocol-types.js";
import { InvalidOptionError } from "./invalid-option-error.js";

/**
 * One word for who decides approvals (like the Python SDK's `ApprovalMode`):
 * - `"autoReview"`: codex asks for approval when it needs to (`on-request`) and its own reviewer agent
 *   decides (`approvalsReviewer: "auto_review"`); the verdicts stream as `item/autoApprovalReview/*`.
 * - `"denyAll"`: codex never asks (`never`), so anything needing approval is refused; the sandbox holds.
 * - `"dangerouslyBypassApprovalsAndSandbox"`: never asks and runs without a sandbox
 *   (`danger-full-access`), as `codex --dangerously-bypass-approvals-and-sandbox` does. Throwaway machines only.
 */
export type ApprovalMode = "autoReview" | "denyAll" | "dangerouslyBypassApprovalsAndSandbox";

/** The raw settings an approval mode stands for. */
export interface ApprovalModeSettings {
  readonly approvalPolicy: AskForApproval;
  readonly approvalsReviewer?: ApprovalsReviewer;
  readonly sandbox?: SandboxMode;
}

const MODES: { readonly [M in ApprovalMode]: ApprovalModeSettings } = {
  autoReview: { approvalPolicy: "on-request", approvalsReviewer: "auto_review" },
  denyAll: { approvalPolicy: "never", approvalsReviewer: "user" },
  dangerouslyBypassApprovalsAndSandbox: { approvalPolicy: "never", sandbox: "danger-full-access" },
};

/** What `mode` maps to; `undefined` for no mode. Throws InvalidOptionError for an unknown mode. */
export function approvalModeSettings(mode: ApprovalMode | undefined): ApprovalModeSettings | undefined {
  if (mode === undefined) return undefined;
  const settings = Object.hasOwn(MODES, mode) ? MODES[mode] : undefined;
  if (!settings) {
    throw new InvalidOptionError(
      `Unknown approvalMode ${JSON.stringify(mode)}; expected one of ${Object.keys(MODES).join(", ")}.`,
    );
  }
  return settings;
}
