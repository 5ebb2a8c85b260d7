import type { CommandDecision, FileChangeDecision, ServerRequestHandlers } from "./types.js";

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

/** One rule of a `rulePolicy`. Every condition given must hold; a rule with none matches everything. */
export interface ApprovalRule {
  /** Which approvals the rule applies to. Default: commands when it has `command`/`cwd`, file changes when it has `paths`, else both. */
  readonly kind?: "command" | "fileChange" | "any";
  /** Tested against the command line (e.g. `/bin/bash -lc 'ls'`). */
  readonly command?: RegExp;
  /** The command's working directory starts with this path. */
  readonly cwd?: string;
  /** Every changed file matches: a regex, or a list of path prefixes. */
  readonly paths?: RegExp | readonly string[];
  readonly decision: "accept" | "acceptForSession" | "decline" | "cancel";
}

/** Options of `rulePolicy`. */
export interface RulePolicyOptions {
  /** Decision when no rule matches. Default: none, so the request goes on to the next handler (fail closed). */
  readonly otherwise?: ApprovalRule["decision"];
}

/** Decides command and file-change approvals from a list of rules; the first matching rule wins. */
export function rulePolicy(
  rules: readonly ApprovalRule[],
  options: RulePolicyOptions = {},
): ServerRequestHandlers {
  const decide = (subject: RuleSubject): ApprovalRule["decision"] | undefined =>
    rules.find((rule) => ruleMatches(rule, subject))?.decision ?? options.otherwise;
  return {
    "item/commandExecution/requestApproval": (params) => {
      const decision = decide({ kind: "command", command: params.command ?? "", cwd: params.cwd ?? "" });
      return decision === undefined ? undefined : { decision: decision satisfies CommandDecision };
    },
    "item/fileChange/requestApproval": (params, context) => {
      const item = context.item;
      const paths = item?.type === "fileChange" ? item.changes.map((change) => change.path) : [];
      const decision = decide({ kind: "fileChange", paths, cwd: params.grantRoot ?? "" });
      return decision === undefined ? undefined : { decision: decision satisfies FileChangeDecision };
    },
  };
}

type RuleSubject =
  | { readonly kind: "command"; readonly command: string; readonly cwd: string }
  | { readonly kind: "fileChange"; readonly paths: readonly string[]; readonly cwd: string };

function ruleMatches(rule: ApprovalRule, subject: RuleSubject): boolean {
  const kind = rule.kind ?? (rule.paths ? "fileChange" : rule.command || rule.cwd ? "command" : "any");
  if (kind !== "any" && kind !== subject.kind) return false;
  if (subject.kind === "command") {
    if (rule.command && !rule.command.test(subject.command)) return false;
    if (rule.cwd !== undefined && !isUnder(subject.cwd, rule.cwd)) return false;
    return rule.paths === undefined;
  }
  if (rule.command) return false;
  if (rule.paths !== undefined) {
    // Unknown paths (the item was not seen) never match a path rule.
    if (subject.paths.length === 0) return false;
    const patterns = rule.paths;
    const ok = (path: string): boolean =>
      patterns instanceof RegExp ? patterns.test(path) : patterns.some((prefix) => isUnder(path, prefix));
    if (!subject.paths.every(ok)) return false;
  }
  return rule.cwd === undefined || isUnder(subject.cwd, rule.cwd);
}

/** `path` is `root` or inside it (string prefix on a path-segment boundary). */
function isUnder(path: string, root: string): boolean {
  if (path === root) return true;
  const prefix = root.endsWith("/") ? root : `${root}/`;
  return path.startsWith(prefix);
}
