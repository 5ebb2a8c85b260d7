import { CodexError } from "@codex/app-server-protocol/light";

/** `codex.exec()` was given an argv codex cannot run (empty, or not strings). */
export class CommandInputError extends CodexError {
  override name = "CommandInputError";
}

/** Throws CommandInputError unless `command` is a non-empty array of strings. */
export function assertArgv(command: readonly string[]): void {
  if (!Array.isArray(command) || command.length === 0 || command.some((arg) => typeof arg !== "string")) {
    throw new CommandInputError("codex.exec() needs a non-empty array of strings (the argv).");
  }
}

// On the global object, like shared-weak-map.ts: the entry and the engine each bundle this module.
const COUNTER = Symbol.for("@codex/app-server-sdk/exec-process-count");

/** A connection-scoped process id for `command/exec`, unique in this process. */
export function newProcessId(): string {
  const global = globalThis as { [COUNTER]?: number };
  global[COUNTER] = (global[COUNTER] ?? 0) + 1;
  return `sdk-exec-${process.pid}-${global[COUNTER]}`;
}
