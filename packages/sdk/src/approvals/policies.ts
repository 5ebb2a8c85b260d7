import type { ServerRequestHandlers } from "./types.js";

/** Declines every approval and grants nothing. The same answers as the fail-closed default, made explicit. */
export const declineAll: ServerRequestHandlers = Object.freeze({
  "item/commandExecution/requestApproval": () => ({ decision: "decline" }),
  "item/fileChange/requestApproval": () => ({ decision: "decline" }),
  "item/permissions/requestApproval": () => ({ permissions: {}, scope: "turn" }),
  execCommandApproval: () => ({ decision: { denied: { rejection: "Declined by the declineAll policy." } } }),
  applyPatchApproval: () => ({ decision: { denied: { rejection: "Declined by the declineAll policy." } } }),
} satisfies ServerRequestHandlers);

/**
 * Approves every command, every file change and every permission request, for this turn only.
 * The agent then runs anything the model asks for (still inside the sandbox you chose). Meant for
 * throwaway containers and tests; the name is long on purpose.
 */
export const dangerouslyApproveAll: ServerRequestHandlers = Object.freeze({
  "item/commandExecution/requestApproval": () => ({ decision: "accept" }),
  "item/fileChange/requestApproval": () => ({ decision: "accept" }),
  "item/permissions/requestApproval": (params) => ({
    permissions: {
      fileSystem: params.permissions.fileSystem ?? null,
      network: params.permissions.network ?? null,
    },
    scope: "turn",
  }),
  execCommandApproval: () => ({ decision: "approved" }),
  applyPatchApproval: () => ({ decision: "approved" }),
} satisfies ServerRequestHandlers);

export {
  type ApprovalRule,
  type RuleDecision,
  type RuleKind,
  type RulePolicyOptions,
  rulePolicy,
} from "./rule-policy.js";
