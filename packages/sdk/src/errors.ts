import { CodexError } from "@codex/app-server-protocol";
import type { CodexErrorInfo, Turn, TurnError } from "./protocol-types.js";

/** A turn ended with status "failed"; carries the server's error and its `codexErrorInfo`. */
export class TurnFailedError extends CodexError {
  override name = "TurnFailedError";
  readonly codexErrorInfo: CodexErrorInfo | null;
  readonly additionalDetails: string | null;
  constructor(
    readonly turn: Turn,
    readonly threadId: string,
  ) {
    const error: TurnError | null | undefined = turn.error;
    super(`Turn ${turn.id} failed: ${error?.message ?? "no error message"}`);
    this.codexErrorInfo = error?.codexErrorInfo ?? null;
    this.additionalDetails = error?.additionalDetails ?? null;
  }
}

/** The final response is not JSON, or does not match the output schema. `rawText` keeps the reply. */
export class StructuredOutputError extends CodexError {
  override name = "StructuredOutputError";
  constructor(
    message: string,
    readonly rawText: string,
    readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>,
  ) {
    super(
      `${message}${issues.length ? ` ${issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ")}` : ""}`,
    );
  }
}

/** Codex has no credentials: log in with `codex login`, `codex.loginWithApiKey()` or pass `apiKey`. */
export class NotLoggedInError extends CodexError {
  override name = "NotLoggedInError";
  constructor(detail?: string, options?: ErrorOptions) {
    super(
      "Codex is not logged in. Run `codex login`, call codex.loginWithApiKey(key) / codex.loginWithChatGpt(), " +
        `or pass { apiKey } to new Codex(...).${detail ? ` (${detail})` : ""}`,
      options,
    );
  }
}

/** The turn handle was used in a way its state does not allow (e.g. steering a finished turn). */
export class TurnStateError extends CodexError {
  override name = "TurnStateError";
}

/** A ChatGPT login flow finished without success, or was cancelled. */
export class LoginFailedError extends CodexError {
  override name = "LoginFailedError";
  constructor(
    message: string,
    readonly loginId: string | null,
  ) {
    super(message);
  }
}

/**
 * Turn input codex cannot take, refused before anything is sent. Today: an http(s) image URL, which
 * codex 0.169.0 rejects ("remote image URLs are not supported"); send a `data:` URL or a local image.
 */
export class UnsupportedInputError extends CodexError {
  override name = "UnsupportedInputError";
  constructor(
    message: string,
    /** The offending input part. */
    readonly part: unknown,
  ) {
    super(message);
  }
}
