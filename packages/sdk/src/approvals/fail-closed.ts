import { CodexError } from "@codex/app-server-protocol";
import type { ServerRequestMethod } from "../protocol-types.js";
import type { ServerRequestResult } from "./types.js";

/** Raised for server requests that have no safe default answer; becomes a JSON-RPC error reply. */
export class NoDefaultAnswerError extends CodexError {
  override name = "NoDefaultAnswerError";
}

type FailClosedAnswers = { readonly [M in ServerRequestMethod]: () => ServerRequestResult<M> };

const NO_HANDLER = "No handler is registered for this request in the client; declined.";

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
  "item/tool/call": () => ({ contentItems: [{ type: "inputText", text: NO_HANDLER }], success: false }),
  "account/chatgptAuthTokens/refresh": () => {
    throw new NoDefaultAnswerError("No chatgptAuthTokens refresh handler is registered.");
  },
  "attestation/generate": () => {
    throw new NoDefaultAnswerError("No attestation handler is registered.");
  },
  applyPatchApproval: () => ({ decision: { denied: { rejection: NO_HANDLER } } }),
  execCommandApproval: () => ({ decision: { denied: { rejection: NO_HANDLER } } }),
};

/** The fail-closed answer for `method`; throws NoDefaultAnswerError when only an error reply is safe. */
export function failClosedAnswer(method: string): unknown {
  const answer = (FAIL_CLOSED as Record<string, (() => unknown) | undefined>)[method];
  if (!answer) throw new NoDefaultAnswerError(`The client does not handle ${method}.`);
  return answer();
}
