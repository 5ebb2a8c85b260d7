import { CodexError } from "@codex/app-server-protocol/light";
import { sharedGlobal } from "../client/shared-weak-map.js";

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

// Shared: the entry and the engine each bundle this module, and both hand out ids.
const processes = sharedGlobal("exec-process-count", () => ({ count: 0 }));

/** A connection-scoped process id for `command/exec`, unique in this process. */
export function newProcessId(): string {
  return `sdk-exec-${process.pid}-${++processes.count}`;
}
