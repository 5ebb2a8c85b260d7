import { NotLoggedInError, TurnFailedError } from "../errors.js";
import type { CodexErrorInfo, Turn } from "../protocol-types.js";

/** The error for a failed turn: NotLoggedInError when the provider rejected our credentials. */
export function turnFailure(turn: Turn, threadId: string): TurnFailedError | NotLoggedInError {
  const failed = new TurnFailedError(turn, threadId);
  if (isUnauthorized(failed.codexErrorInfo)) {
    return new NotLoggedInError(turn.error?.message, { cause: failed });
  }
  return failed;
}

function isUnauthorized(info: CodexErrorInfo | null): boolean {
  if (info === null) return false;
  if (info === "unauthorized") return true;
  if (typeof info !== "object") return false;
  const status = Object.values(info as Record<string, { httpStatusCode?: number | null } | undefined>)[0]
    ?.httpStatusCode;
  return status === 401;
}
