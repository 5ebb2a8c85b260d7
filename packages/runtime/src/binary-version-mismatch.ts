import { CodexError } from "./codex-error.js";

/** What the resolver knows about a platform-package binary that is not the pinned codex. */
export interface BinaryVersionMismatch {
  /** The codex version this SDK pins. */
  readonly expected: string;
  /** The codex version of the package the binary came from (`unknown` when it has none). */
  readonly actual: string;
  /** The binary. */
  readonly binaryPath: string;
  /** The package.json that says which version it is. */
  readonly manifestPath: string;
}

/**
 * The codex binary found through the platform package is not the pinned version (e.g. a hoisted
 * `@openai/codex-<platform>` another dependency installed, or a stale node_modules). Thrown with
 * `versionCheck: "strict"`; otherwise the same facts come as a warning.
 */
export class BinaryVersionMismatchError extends CodexError {
  override name = "BinaryVersionMismatchError";
  readonly expected: string;
  readonly actual: string;
  readonly binaryPath: string;
  readonly manifestPath: string;

  constructor(mismatch: BinaryVersionMismatch) {
    super(describeBinaryVersionMismatch(mismatch));
    this.expected = mismatch.expected;
    this.actual = mismatch.actual;
    this.binaryPath = mismatch.binaryPath;
    this.manifestPath = mismatch.manifestPath;
  }
}

/** One sentence naming both versions and both paths, and what to do. */
export function describeBinaryVersionMismatch(mismatch: BinaryVersionMismatch): string {
  return (
    `the codex binary found through the platform package is codex ${mismatch.actual} (${mismatch.binaryPath}, ` +
    `from ${mismatch.manifestPath}), but this SDK pins codex ${mismatch.expected}. Reinstall so that the ` +
    "runtime-bin package gets its own binary, or set CODEX_PATH / codexPath to the codex you mean to run."
  );
}
