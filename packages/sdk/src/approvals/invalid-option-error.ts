import { CodexError } from "@codex/app-server-protocol/light";

/**
 * An option the SDK cannot use (an unknown approval mode, an unknown `rulePolicy` rule key, a sandbox
 * preset that does not exist). Thrown when the options are built, before anything reaches the server.
 */
export class InvalidOptionError extends CodexError {
  override name = "InvalidOptionError";
}
