import type { ThreadItem } from "../protocol-types.js";
import { InvalidOptionError } from "./invalid-option-error.js";
import type { ServerRequestHandlers, ServerRequestParams, ServerRequestResult } from "./types.js";

/** The kinds of server request a rule can decide. */
export type RuleKind =
  /** `item/commandExecution/requestApproval` (and the legacy `execCommandApproval`). */
  | "command"
  /** `item/fileChange/requestApproval` (and the legacy `applyPatchApproval`). */
  | "fileChange"
  /** `item/permissions/requestApproval`: the agent asks for more file-system or network access. */
  | "permissions"
  /** `mcpServer/elicitation/request`: an MCP server (or an MCP tool-call approval) asks the user. */
  | "mcpElicitation"
  /** `item/tool/requestUserInput`: the agent asks the user questions (plan mode). Name it explicitly. */
  | "userInput"
  /** `item/tool/call`: a call to one of the thread's `dynamicTools`; a rule can only refuse it. Name it explicitly. */
  | "toolCall"
  /** command, fileChange, permissions and mcpElicitation (not userInput or toolCall, which need data). */
  | "any";

/** What a rule answers. Mapped per kind: see `rulePolicy`. */
export type RuleDecision = "accept" | "acceptForSession" | "decline" | "cancel";

/** One rule of a `rulePolicy`. Every condition given must hold; a rule with none matches its whole kind. */
export interface ApprovalRule {
  /**
   * Which requests the rule applies to (one kind or several). Default: `command` when it has
   * `command`, `fileChange` when it has `paths`, `permissions` when it has `network`/`fileSystem`,
   * `mcpElicitation` when it has `server`, `userInput` when it has `question`/`answers`, `toolCall`
   * when it has `tool`; with no condition, `command` and `fileChange`.
   */
  readonly kind?: RuleKind | readonly RuleKind[];
  /** command: tested against the command line (e.g. `/bin/bash -lc 'ls'`). */
  readonly command?: RegExp;
  /** command, fileChange, permissions: the working directory (or grant root) is this path or inside it. */
  readonly cwd?: string;
  /** fileChange: every changed file matches: a regex, or a list of path prefixes. */
  readonly paths?: RegExp | readonly string[];
  /** permissions: whether the request asks for network access (true) or not (false). */
  readonly network?: boolean;
  /** permissions: whether the request asks for more file-system access (true) or not (false). */
  readonly fileSystem?: boolean;
  /** mcpElicitation: the MCP server's name (exact, or a regex). */
  readonly server?: string | RegExp;
  /** mcpElicitation: tested against the elicitation's message. */
  readonly message?: RegExp;
  /** userInput: some question's text matches. */
  readonly question?: RegExp;
  /** userInput, required with `accept`: the answers by question id. */
  readonly answers?: Readonly<Record<string, readonly string[]>>;
  /** toolCall: the dynamic tool's name (exact, or a regex). */
  readonly tool?: string | RegExp;
  readonly decision: RuleDecision;
}

/** Options of `rulePolicy`. */
export interface RulePolicyOptions {
  /**
   * Decision for an approval (command, file change, permissions, MCP elicitation) no rule matches.
   * Default: none, so the request goes on to the next handler (and fails closed).
   */
  readonly otherwise?: RuleDecision;
}

const RULE_KEYS: ReadonlySet<string> = new Set([
  "kind",
  "command",
  "cwd",
  "paths",
  "network",
  "fileSystem",
  "server",
  "message",
  "question",
  "answers",
  "tool",
  "decision",
]);
const KINDS: ReadonlySet<string> = new Set([
  "command",
  "fileChange",
  "permissions",
  "mcpElicitation",
  "userInput",
  "toolCall",
  "any",
]);
const DECISIONS: ReadonlySet<string> = new Set(["accept", "acceptForSession", "decline", "cancel"]);
/** Which conditions make sense for which kind (a condition on another kind is a mistake: rejected). */
const CONDITIONS: Readonly<Record<string, readonly RuleKind[]>> = {
  command: ["command"],
  cwd: ["command", "fileChange", "permissions"],
  paths: ["fileChange"],
  network: ["permissions"],
  fileSystem: ["permissions"],
  server: ["mcpElicitation"],
  message: ["mcpElicitation"],
  question: ["userInput"],
  answers: ["userInput"],
  tool: ["toolCall"],
};
const APPROVAL_KINDS: readonly RuleKind[] = ["command", "fileChange", "permissions", "mcpElicitation"];

type ConcreteKind = Exclude<RuleKind, "any">;
interface CheckedRule {
  readonly rule: ApprovalRule;
  readonly kinds: ReadonlySet<ConcreteKind>;
}

/**
 * Decides server requests from a list of rules; the first matching rule wins, else `otherwise`, else
 * the request passes on. Covers every request kind a rule can answer: commands, file changes,
 * permission requests (accept grants what was asked, for the turn; acceptForSession for the session),
 * MCP elicitations (accept/decline/cancel, no content), user-input questions (accept answers with the
 * rule's `answers`) and dynamic tool calls (decline/cancel only: a rule cannot run a tool).
 * Throws InvalidOptionError for an unknown key, kind or decision, or a condition on the wrong kind.
 */
export function rulePolicy(
  rules: readonly ApprovalRule[],
  options: RulePolicyOptions = {},
): ServerRequestHandlers {
  const checked = rules.map((rule, index) => checkRule(rule, index));
  for (const key of Object.keys(options)) {
    if (key !== "otherwise") throw new InvalidOptionError(`rulePolicy: unknown option "${key}".`);
  }
  if (options.otherwise !== undefined && !DECISIONS.has(options.otherwise)) {
    throw new InvalidOptionError(
      `rulePolicy: unknown otherwise decision ${JSON.stringify(options.otherwise)}.`,
    );
  }
  const decide = (kind: ConcreteKind, matches: (rule: ApprovalRule) => boolean): ApprovalRule | undefined => {
    const hit = checked.find(({ rule, kinds }) => kinds.has(kind) && matches(rule))?.rule;
    if (hit) return hit;
    if (options.otherwise !== undefined && APPROVAL_KINDS.includes(kind))
      return { decision: options.otherwise };
    return undefined;
  };
  const commandRule = (command: string, cwd: string) =>
    decide("command", (rule) => (!rule.command || rule.command.test(command)) && cwdMatches(rule, cwd));
  const fileRule = (paths: readonly string[], cwd: string) =>
    decide("fileChange", (rule) => pathsMatch(rule, paths) && cwdMatches(rule, cwd));

  return {
    "item/commandExecution/requestApproval": (params) => {
      const rule = commandRule(params.command ?? "", params.cwd ?? "");
      return rule && { decision: rule.decision };
    },
    "item/fileChange/requestApproval": (params, context) => {
      const rule = fileRule(changedPaths(context.item), params.grantRoot ?? "");
      return rule && { decision: rule.decision };
    },
    "item/permissions/requestApproval": (params) => {
      const asked = params.permissions;
      const rule = decide(
        "permissions",
        (r) =>
          (r.network === undefined || r.network === !!asked.network) &&
          (r.fileSystem === undefined || r.fileSystem === !!asked.fileSystem) &&
          cwdMatches(r, params.cwd),
      );
      return rule && permissionsAnswer(rule.decision, params);
    },
    "mcpServer/elicitation/request": (params) => {
      const message = "message" in params ? params.message : "";
      const rule = decide(
        "mcpElicitation",
        (r) => nameMatches(r.server, params.serverName) && (!r.message || r.message.test(message)),
      );
      if (!rule) return undefined;
      const action = rule.decision === "acceptForSession" ? "accept" : rule.decision;
      return { action, content: null } as ServerRequestResult<"mcpServer/elicitation/request">;
    },
    "item/tool/requestUserInput": (params) => {
      const rule = decide(
        "userInput",
        (r) => !r.question || params.questions.some((q) => r.question!.test(q.question)),
      );
      if (!rule) return undefined;
      if (rule.decision !== "accept" && rule.decision !== "acceptForSession") return { answers: {} };
      const answers: Record<string, { answers: string[] }> = {};
      for (const [id, values] of Object.entries(rule.answers ?? {})) answers[id] = { answers: [...values] };
      return { answers };
    },
    "item/tool/call": (params) => {
      const rule = decide("toolCall", (r) => nameMatches(r.tool, params.tool));
      return (
        rule && {
          success: false,
          contentItems: [
            { type: "inputText", text: `The tool call was declined by a rule (${rule.decision}).` },
          ],
        }
      );
    },
    execCommandApproval: (params) => {
      const rule = commandRule(params.command.join(" "), params.cwd);
      return rule && { decision: legacyDecision(rule.decision) };
    },
    applyPatchApproval: (params) => {
      const rule = fileRule(Object.keys(params.fileChanges), params.grantRoot ?? "");
      return rule && { decision: legacyDecision(rule.decision) };
    },
  };
}

function checkRule(rule: ApprovalRule, index: number): CheckedRule {
  const where = `rulePolicy rule ${index}`;
  if (typeof rule !== "object" || rule === null) throw new InvalidOptionError(`${where} is not an object.`);
  for (const key of Object.keys(rule)) {
    if (!RULE_KEYS.has(key)) {
      throw new InvalidOptionError(`${where}: unknown key "${key}" (known: ${[...RULE_KEYS].join(", ")}).`);
    }
  }
  if (!DECISIONS.has(rule.decision)) {
    throw new InvalidOptionError(`${where}: unknown decision ${JSON.stringify(rule.decision)}.`);
  }
  const given = rule.kind === undefined ? [] : typeof rule.kind === "string" ? [rule.kind] : [...rule.kind];
  for (const kind of given) {
    if (!KINDS.has(kind)) throw new InvalidOptionError(`${where}: unknown kind ${JSON.stringify(kind)}.`);
  }
  const conditions = Object.keys(rule).filter((key) => key in CONDITIONS);
  const kinds = new Set<ConcreteKind>();
  const add = (kind: RuleKind): void => {
    for (const k of kind === "any" ? APPROVAL_KINDS : [kind]) kinds.add(k as ConcreteKind);
  };
  // Without a kind, it follows from the conditions; `cwd` alone keeps the old meaning (commands).
  const specific = conditions.filter((key) => key !== "cwd");
  const implied: readonly RuleKind[] =
    specific.length > 0
      ? specific.map((key) => CONDITIONS[key]![0]!)
      : conditions.length > 0
        ? ["command"]
        : ["command", "fileChange"];
  for (const kind of given.length > 0 ? given : implied) add(kind);
  for (const key of conditions) {
    const fits = [...kinds].some((kind) => CONDITIONS[key]!.includes(kind));
    if (!fits)
      throw new InvalidOptionError(`${where}: "${key}" does not apply to ${[...kinds].join(", ")} requests.`);
  }
  if (
    kinds.has("userInput") &&
    (rule.decision === "accept" || rule.decision === "acceptForSession") &&
    !rule.answers
  ) {
    throw new InvalidOptionError(`${where}: accepting user input needs \`answers\` (by question id).`);
  }
  if (kinds.has("toolCall") && (rule.decision === "accept" || rule.decision === "acceptForSession")) {
    throw new InvalidOptionError(`${where}: a rule cannot run a tool; only decline or cancel tool calls.`);
  }
  return { rule, kinds };
}

function permissionsAnswer(
  decision: RuleDecision,
  params: ServerRequestParams<"item/permissions/requestApproval">,
): ServerRequestResult<"item/permissions/requestApproval"> {
  if (decision === "decline" || decision === "cancel") return { permissions: {}, scope: "turn" };
  return {
    permissions: {
      fileSystem: params.permissions.fileSystem ?? null,
      network: params.permissions.network ?? null,
    },
    scope: decision === "acceptForSession" ? "session" : "turn",
  };
}

function legacyDecision(decision: RuleDecision): ServerRequestResult<"execCommandApproval">["decision"] {
  switch (decision) {
    case "accept":
      return "approved";
    case "acceptForSession":
      return "approved_for_session";
    case "cancel":
      return "abort";
    default:
      return { denied: { rejection: "Declined by a rulePolicy rule." } } as never;
  }
}

function changedPaths(item: ThreadItem | undefined): string[] {
  return item?.type === "fileChange" ? item.changes.map((change) => change.path) : [];
}

function pathsMatch(rule: ApprovalRule, paths: readonly string[]): boolean {
  if (rule.paths === undefined) return true;
  // Unknown paths (the item was not seen) never match a path rule.
  if (paths.length === 0) return false;
  const patterns = rule.paths;
  return paths.every((path) =>
    patterns instanceof RegExp ? patterns.test(path) : patterns.some((prefix) => isUnder(path, prefix)),
  );
}

function cwdMatches(rule: ApprovalRule, cwd: string): boolean {
  return rule.cwd === undefined || isUnder(cwd, rule.cwd);
}

function nameMatches(pattern: string | RegExp | undefined, name: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === "string" ? pattern === name : pattern.test(name);
}

/** `path` is `root` or inside it (string prefix on a path-segment boundary). */
function isUnder(path: string, root: string): boolean {
  if (path === root) return true;
  const prefix = root.endsWith("/") ? root : `${root}/`;
  return path.startsWith(prefix);
}
