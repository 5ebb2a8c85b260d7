import type { ApprovalMode, ApprovalModeSettings } from "./approval-mode.js";
import { InvalidOptionError } from "./invalid-option-error.js";

/** The raw fields behind each mode (the same mapping the Python SDK documents). */
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
