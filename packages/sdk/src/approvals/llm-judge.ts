import { noteDecision } from "../client/decision-notes.js";
import { failClosedAnswer } from "../client/fail-closed.js";
import type { Codex } from "../entry/codex.js";
import type { ServerRequestMethod } from "../protocol-types.js";
import type { Thread } from "../thread.js";
import type { ThreadOptions } from "../thread-options.js";
import { InvalidOptionError } from "./invalid-option-error.js";
import { declineAll } from "./policies.js";
import type {
  ServerRequestContext,
  ServerRequestHandler,
  ServerRequestHandlers,
  ServerRequestParams,
} from "./types.js";

/** The requests an LLM judge can decide (approvals; user input and tool calls need real answers). */
export type JudgedRequestMethod =
  | "item/commandExecution/requestApproval"
  | "item/fileChange/requestApproval"
  | "item/permissions/requestApproval"
  | "mcpServer/elicitation/request";

/** Options of `llmJudgePolicy`. */
export type LlmJudgeOptions = LlmJudgeCommonOptions &
  (
    | {
        /** The client the judge threads start on (the same one as the judged thread is fine). */
        readonly codex: Codex<boolean>;
      }
    | {
        /** Starts a judge thread yourself (another client, another model provider); gets the options to use. */
        readonly startThread: (options: ThreadOptions) => Promise<Thread>;
      }
  );

/** The options every `llmJudgePolicy` takes. */
export interface LlmJudgeCommonOptions {
  /** What is acceptable and what is not, in plain words. The judge decides each request against it. */
  readonly rubric: string;
  /** The judge's model. Default: codex's configured model. */
  readonly model?: string;
  /** How long one judgement may take; then the request gets the fallback answer. Default 60 000 ms. */
  readonly timeoutMs?: number;
  /** The answer when the judge times out, fails or replies with something unusable. Default `"decline"`. */
  readonly fallback?: "decline" | "cancel";
  /** Which requests to judge. Default: all four kinds. Others pass on to the next handler. */
  readonly methods?: readonly JudgedRequestMethod[];
}

/** What the judge must reply (the turn's structured output). */
interface Verdict {
  readonly decision: "approve" | "decline";
  readonly reason: string;
}

const VERDICT_SCHEMA = {
  type: "object",
  properties: {
    decision: { type: "string", enum: ["approve", "decline"] },
    reason: { type: "string" },
  },
  required: ["decision", "reason"],
  additionalProperties: false,
} as const;

const ALL_METHODS: readonly JudgedRequestMethod[] = [
  "item/commandExecution/requestApproval",
  "item/fileChange/requestApproval",
  "item/permissions/requestApproval",
  "mcpServer/elicitation/request",
];

/**
 * How the judge starts its threads: `startThread`, else `codex.startThread`. Without either (a JS caller,
 * or a cast) the policy could only fail at run time, on every request: refused when it is built instead.
 */
function judgeThreadStarter(options: LlmJudgeOptions): (threadOptions: ThreadOptions) => Promise<Thread> {
  const given = options as { startThread?: unknown; codex?: { startThread?: unknown } };
  if (typeof given.startThread === "function") {
    return given.startThread as (threadOptions: ThreadOptions) => Promise<Thread>;
  }
  if (given.startThread !== undefined) {
    throw new InvalidOptionError("llmJudgePolicy: startThread must be a function.");
  }
  const codex = given.codex;
  if (typeof codex?.startThread !== "function") {
    throw new InvalidOptionError(
      "llmJudgePolicy needs `codex` (a Codex client the judge runs its threads on) or `startThread`.",
    );
  }
  return (threadOptions) =>
    (codex.startThread as (o: ThreadOptions) => Promise<Thread>).call(codex, threadOptions);
}

/**
 * A policy that asks a separate, ephemeral, read-only thread (an LLM judge) to decide each approval
 * against your rubric, with structured output (decision + reason). A judgement that times out, fails,
 * or is not a valid verdict gets the fail-closed fallback, so no request is left unanswered. Every
 * decision is in the audit (`onDecision`, the turn's `sdk/serverRequestDecision`) with source
 * `"llmJudge"` and the judge's reason.
 */
export function llmJudgePolicy(options: LlmJudgeOptions): ServerRequestHandlers {
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (typeof options.rubric !== "string" || options.rubric.trim() === "") {
    throw new InvalidOptionError("llmJudgePolicy needs a non-empty rubric.");
  }
  if (!(timeoutMs > 0)) throw new InvalidOptionError("llmJudgePolicy: timeoutMs must be a positive number.");
  const fallback = options.fallback ?? "decline";
  if (fallback !== "decline" && fallback !== "cancel") {
    throw new InvalidOptionError(`llmJudgePolicy: unknown fallback ${JSON.stringify(fallback)}.`);
  }
  const methods = options.methods ?? ALL_METHODS;
  for (const method of methods) {
    if (!ALL_METHODS.includes(method)) throw new InvalidOptionError(`llmJudgePolicy cannot judge ${method}.`);
  }
  const startThread = judgeThreadStarter(options);
  const judgeThreadOptions: ThreadOptions = {
    ephemeral: true,
    sandbox: "read-only",
    approvalMode: "denyAll",
    ...(options.model !== undefined && { model: options.model }),
    developerInstructions: judgeInstructions(options.rubric),
    // The judge's own thread never gets anything approved, and never gets judged (no recursion when
    // this policy is also the client's): thread handlers are asked before the client's.
    serverRequests: [
      declineAll,
      { "mcpServer/elicitation/request": () => ({ action: "decline", content: null }) },
    ],
  };

  const judge = async (
    method: JudgedRequestMethod,
    params: unknown,
    context: ServerRequestContext,
  ): Promise<object> => {
    const signal = AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]);
    let verdict: Verdict;
    let thread: Thread | undefined;
    try {
      thread = await withSignal(startThread(judgeThreadOptions), signal);
      const result = await thread.run(describeRequest(method, params, context), {
        outputSchema: VERDICT_SCHEMA,
        signal,
      });
      verdict = result.output as Verdict;
    } catch (error) {
      const why =
        signal.aborted && !context.signal.aborted ? `timed out after ${timeoutMs} ms` : errorText(error);
      return noteDecision(fallbackAnswer(method, fallback), {
        source: "llmJudge",
        reason: `No usable verdict from the judge (${why}); answered with the fail-closed fallback.`,
      });
    } finally {
      // One judge thread per request: unload it from the app-server once it answered (best effort).
      if (thread && "codex" in options) void unload(options.codex, thread.id);
    }
    const answer =
      verdict.decision === "approve" ? approveAnswer(method, params) : fallbackAnswer(method, "decline");
    return noteDecision(answer, { source: "llmJudge", reason: verdict.reason });
  };

  const handlers: Record<string, ServerRequestHandler<ServerRequestMethod>> = {};
  for (const method of methods) {
    handlers[method] = ((params: unknown, context: ServerRequestContext) =>
      judge(method, params, context)) as never;
  }
  return handlers as ServerRequestHandlers;
}

async function unload(codex: Codex<boolean>, threadId: string): Promise<void> {
  try {
    await codex.request("thread/unsubscribe", { threadId });
  } catch {
    // The client may be closing; the thread is ephemeral and goes with the server anyway.
  }
}

function judgeInstructions(rubric: string): string {
  return [
    "You are an approval judge for a coding agent. You receive one action the agent wants to take.",
    "Decide whether to approve or decline it according to this rubric, and give a one-sentence reason.",
    "Do not run tools; judge only from the description. When unsure, decline.",
    "Rubric:",
    rubric,
  ].join("\n");
}

/** The judged action, as data the judge can read. */
function describeRequest(
  method: JudgedRequestMethod,
  params: unknown,
  context: ServerRequestContext,
): string {
  const item = context.item;
  const extra =
    method === "item/fileChange/requestApproval" && item?.type === "fileChange"
      ? {
          changes: item.changes.map((change) => ({
            path: change.path,
            kind: change.kind.type,
            diff: clip(change.diff),
          })),
        }
      : {};
  return [
    "Judge this action (approval request):",
    JSON.stringify({ method, ...(params as object), ...extra }, null, 2),
    'Reply with JSON: {"decision": "approve" | "decline", "reason": string}.',
  ].join("\n");
}

function approveAnswer(method: JudgedRequestMethod, params: unknown): object {
  switch (method) {
    case "item/commandExecution/requestApproval":
    case "item/fileChange/requestApproval":
      return { decision: "accept" };
    case "item/permissions/requestApproval": {
      const asked = (params as ServerRequestParams<"item/permissions/requestApproval">).permissions;
      return {
        permissions: { fileSystem: asked.fileSystem ?? null, network: asked.network ?? null },
        scope: "turn",
      };
    }
    case "mcpServer/elicitation/request":
      return { action: "accept", content: null };
  }
}

function fallbackAnswer(method: JudgedRequestMethod, fallback: "decline" | "cancel"): object {
  if (fallback === "cancel") {
    if (method === "mcpServer/elicitation/request") return { action: "cancel", content: null };
    if (method !== "item/permissions/requestApproval") return { decision: "cancel" };
  }
  return failClosedAnswer(method) as object;
}

function withSignal<V>(promise: Promise<V>, signal: AbortSignal): Promise<V> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function clip(text: string, max = 4_000): string {
  return text.length > max ? `${text.slice(0, max)}\n…(${text.length - max} more characters)` : text;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
