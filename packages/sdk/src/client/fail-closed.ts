import { CodexError } from "@codex/app-server-protocol/light";
import type { ServerRequestResult } from "../approvals/types.js";
import type { ServerRequestMethod } from "../protocol-types.js";

/** Raised for server requests that have no safe default answer; becomes a JSON-RPC error reply. */
export class NoDefaultAnswerError extends CodexError {
  override name = "NoDefaultAnswerError";
}

/** Why the fail-closed answer is sent; the words codex (and so the model) gets depend on it. */
export type FailClosedReason = "default" | "timeout" | "handlerError" | "resolvedByServer";

type FailClosedAnswers = {
  readonly [M in ServerRequestMethod]: (why: string) => ServerRequestResult<M>;
};

/** What the model reads when a tool call or a legacy approval gets the fail-closed answer. */
const WHY: Readonly<Record<FailClosedReason, string>> = {
  default: "No handler is registered for this request in the client; declined.",
  timeout: "The client's handler did not answer in time (serverRequestTimeoutMs); declined.",
  handlerError: "The client's handler failed; declined.",
  resolvedByServer: "The request was withdrawn before the client answered; declined.",
};

/**
 * What the SDK answers when nobody else does: nothing approved, nothing granted, nothing made up.
 * Requests that need real data (tokens, attestation) get an error reply; none is left unanswered.
 */
const FAIL_CLOSED: FailClosedAnswers = {
  "item/commandExecution/requestApproval": () => ({ decision: "decline" }),
  "item/fileChange/requestApproval": () => ({ decision: "decline" }),
  "item/permissions/requestApproval": () => ({ permissions: {}, scope: "turn" }),
  "item/tool/requestUserInput": () => ({ answers: {} }),
  "mcpServer/elicitation/request": () => ({ action: "decline" }),
  "item/tool/call": (why) => ({ contentItems: [{ type: "inputText", text: why }], success: false }),
  "account/chatgptAuthTokens/refresh": () => {
    throw new NoDefaultAnswerError("No chatgptAuthTokens refresh handler is registered.");
  },
  "attestation/generate": () => {
    throw new NoDefaultAnswerError("No attestation handler is registered.");
  },
  applyPatchApproval: (why) => ({ decision: { denied: { rejection: why } } }),
  execCommandApproval: (why) => ({ decision: { denied: { rejection: why } } }),
};

/** The fail-closed answer for `method`; throws NoDefaultAnswerError when only an error reply is safe. */
export function failClosedAnswer(method: string, reason: FailClosedReason = "default"): unknown {
  const answer = (FAIL_CLOSED as Record<string, ((why: string) => unknown) | undefined>)[method];
  if (!answer) throw new NoDefaultAnswerError(`The client does not handle ${method}.`);
  return answer(WHY[reason]);
}
