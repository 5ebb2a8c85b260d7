/**
 * The base of every error the Codex packages throw. It lives here, in the lowest package, so the binary
 * resolver's errors share it with the protocol's and the SDK's (`instanceof CodexError` catches them all).
 */

/** Options of a CodexError: the standard `cause`, plus whether trying again may succeed. */
export interface CodexErrorOptions extends ErrorOptions {
  /** Whether the same operation may succeed if tried again later. Default false. */
  readonly retryable?: boolean;
}

/** Base class of every error the Codex packages throw. */
export class CodexError extends Error {
  override name = "CodexError";
  /**
   * Whether the same operation may succeed if tried again later, unchanged (e.g. the server was
   * overloaded). False unless the subclass or the thrower knows the cause is transient.
   */
  readonly retryable: boolean;

  constructor(message?: string, options?: CodexErrorOptions) {
    super(message, options);
    this.retryable = options?.retryable ?? false;
  }
}
