import { CodexError } from "@codex/app-server-protocol/light";

/** A review target that is not one of the four kinds `review/start` accepts, or lacks its field. */
export class ReviewTargetError extends CodexError {
  override name = "ReviewTargetError";
  constructor(
    message: string,
    /** The target as given. */
    readonly target: unknown,
  ) {
    super(message);
  }
}
