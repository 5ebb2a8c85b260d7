import type { ApprovalsReviewer, AskForApproval, SandboxMode } from "../protocol-types.js";

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
