/**
 * The base of every error the Codex packages throw. It lives here, in the lowest package, so the binary
 * resolver's errors share it with the protocol's and the SDK's (`instanceof CodexError` catches them all).
 */

/** Options of a CodexError: the standard `cause`, plus whether trying again may succeed. */
export interface CodexErrorOptions extends ErrorOptions {
  /** Whether the same operation may succeed if tried again later. Default false. */
  readonly retryable?: boolean;
}

/** Marks the prototypes of the CodexError family, whichever copy of the class made them. */
const FAMILY = Symbol.for("@codex/runtime/CodexError");

/**
 * Base class of every error the Codex packages throw.
 *
 * `instanceof` matches by class name within the family, not only by identity: the SDK's entry is bundled
 * on its own (so importing it loads one file, `pnpm bench:import`) and carries copies of the error classes
 * that the engine and the protocol package also define. `err instanceof TurnFailedError` is therefore true
 * for a TurnFailedError from any copy, as it is for two installed copies of a package. Class names are
 * unique across the Codex packages (scripts/bundle-package.mjs checks that bundling renamed none).
 */
export class CodexError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`.
    return isFamilyInstance(this, value);
  }

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

Object.defineProperty(CodexError.prototype, FAMILY, { value: true });

/** `value instanceof target`, or an instance of a class of the same name in the family (another copy). */
function isFamilyInstance(target: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(target, value)) return true;
  if (typeof value !== "object" || value === null || !(FAMILY in value) || !(FAMILY in target.prototype)) {
    return false;
  }
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, "constructor") && proto.constructor.name === target.name) return true;
  }
  return false;
}
