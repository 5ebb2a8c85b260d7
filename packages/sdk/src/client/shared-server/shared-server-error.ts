import { CodexError } from "@codex/app-server-protocol/light";

/** The shared server could not be started, reached or stopped; `logTail` is the end of its log. */
export class SharedServerError extends CodexError {
  override name = "SharedServerError";
  constructor(
    message: string,
    /** The last lines of `<stateDir>/supervisor.log` (empty when there is none). */
    readonly logTail: string = "",
    options?: { cause?: unknown },
  ) {
    super(logTail ? `${message}\nsupervisor log:\n${logTail}` : message, options);
  }
}
