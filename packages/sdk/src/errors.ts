import { CodexError, ERROR_CODES, ProtocolError } from "@codex/app-server-protocol/light";
import type { CodexErrorInfo, ThreadItem, TokenUsageBreakdown, Turn, TurnError } from "./protocol-types.js";

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

/** What a StructuredOutputError knows about the turn that produced the reply. */
export interface StructuredOutputTurn {
  readonly turnId: string | undefined;
  readonly items: readonly ThreadItem[];
  readonly usage: TokenUsageBreakdown | null;
}

/**
 * The final response is not JSON, or does not match the output schema. `rawText` keeps the reply;
 * `turnId`, `items` and `usage` describe the turn that produced it (the tokens were spent all the same).
 */
export class StructuredOutputError extends CodexError {
  override name = "StructuredOutputError";
  /** The turn that produced the reply (undefined when parsed outside a turn). */
  readonly turnId: string | undefined;
  /** The turn's items. */
  readonly items: readonly ThreadItem[];
  /** The turn's token usage. */
  readonly usage: TokenUsageBreakdown | null;
  constructor(
    message: string,
    readonly rawText: string,
    readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>,
    turn?: StructuredOutputTurn,
  ) {
    super(
      `${message}${issues.length ? ` ${issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ")}` : ""}`,
    );
    this.turnId = turn?.turnId;
    this.items = turn?.items ?? [];
    this.usage = turn?.usage ?? null;
  }
}

/** The same error with the details of the turn that produced the reply (module-internal). */
export function withTurn(error: StructuredOutputError, turn: StructuredOutputTurn): StructuredOutputError {
  const message = error.message.slice(0, error.message.length - issuesSuffixLength(error.issues));
  return new StructuredOutputError(message, error.rawText, error.issues, turn);
}

function issuesSuffixLength(
  issues: ReadonlyArray<{ readonly path: string; readonly message: string }>,
): number {
  return issues.length ? ` ${issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ")}`.length : 0;
}

/** The output schema cannot be used: it does not describe itself as JSON Schema, or is not valid JSON Schema. */
export class OutputSchemaError extends CodexError {
  override name = "OutputSchemaError";
}

/**
 * The server sent a turn event the SDK cannot use (e.g. `turn/completed` without a turn, or with wrong
 * types), or completing the turn threw. The turn settles with this error; `data` keeps the raw message.
 */
export class MalformedTurnEventError extends ProtocolError {
  override name = "MalformedTurnEventError";
  constructor(rawMessage: { readonly method: string; readonly params?: unknown }, cause: unknown) {
    super(
      rawMessage.method,
      ERROR_CODES.invalidRequest,
      `Malformed ${rawMessage.method} from the server: ${cause instanceof Error ? cause.message : String(cause)}`,
      rawMessage,
    );
    if (cause instanceof Error) Object.defineProperty(this, "cause", { value: cause, configurable: true });
  }
}

/** Opt-in watchdog (`stallTimeoutMs`): the turn sent no event for that long while no server request was pending. */
export class TurnStalledError extends CodexError {
  override name = "TurnStalledError";
  constructor(
    readonly threadId: string,
    readonly turnId: string | undefined,
    readonly stallTimeoutMs: number,
  ) {
    super(`Turn ${turnId ?? "(not started)"} on thread ${threadId} sent no event for ${stallTimeoutMs} ms.`);
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
