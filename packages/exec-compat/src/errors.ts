// Errors this package throws. They are CodexError subclasses (catch them all with `instanceof CodexError`),
// but keep the `name`, `message` and `code` that @openai/codex-sdk users see and may match on.
import { CodexError } from "@codex/runtime";

/**
 * What @openai/codex-sdk throws as a plain `Error`: failed turns (`run()` rejects with the turn's error
 * message), the checks codex exec makes before calling the model, and bad options.
 */
export class ExecCompatError extends CodexError {
  override name = "Error";
}

/** A failed turn; `run()` rejects with the turn's error message, as the original does. */
export class ExecCompatTurnError extends ExecCompatError {
  constructor(
    message: string,
    /** The thread the turn ran on. */
    readonly threadId: string | null,
  ) {
    super(message);
  }
}

/**
 * The turn's AbortSignal fired. Like Node's AbortError (which the original rethrows from `spawn`):
 * name "AbortError", code "ABORT_ERR", message "The operation was aborted", `cause` = the signal's reason.
 */
export class ExecCompatAbortError extends CodexError {
  override name = "AbortError";
  readonly code = "ABORT_ERR";
  constructor(reason: unknown) {
    super("The operation was aborted", { cause: reason });
  }
}

/** The message codex exec's failures reach users with: its exit status, then what it printed on stderr. */
export function execExitMessage(stderr: string): string {
  return `Codex Exec exited with code 1: ${stderr}`;
}
