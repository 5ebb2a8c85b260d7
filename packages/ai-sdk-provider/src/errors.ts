import { CodexError } from "@codex/app-server-sdk";

/** `providerOptions.codex` holds something the provider cannot use (a non-string thread id, ...). */
export class InvalidProviderOptionsError extends CodexError {
  override name = "InvalidProviderOptionsError";
}

/** The provider was closed; it starts no more turns. */
export class ProviderClosedError extends CodexError {
  override name = "ProviderClosedError";
  constructor() {
    super("This Codex provider was closed; create a new one to start more turns.");
  }
}
