/** What one check is made of, and what it returns before the runner adds its id, title and duration. */
import type { DoctorContext } from "./context.js";
import type { DoctorCheckId, DoctorStatus, DoctorValue } from "./types.js";

/** A check's result as the check itself reports it. */
export interface CheckOutcome {
  readonly status: DoctorStatus;
  readonly summary: string;
  readonly measured: Readonly<Record<string, DoctorValue>>;
  readonly fix?: string;
}

/** One check of the doctor. */
export interface CheckDefinition {
  readonly id: DoctorCheckId;
  readonly title: string;
  /** Why the check cannot run now (it is reported "skipped" with this reason), or undefined. */
  skipReason(ctx: DoctorContext): string | undefined;
  /** Its time budget (ms); past it the check fails and its signal aborts. */
  timeoutMs(ctx: DoctorContext): number;
  /** What to do when it times out. */
  readonly timeoutFix: string;
  /** Runs the check; `signal` aborts on timeout or when the whole run is abandoned. */
  run(ctx: DoctorContext, signal: AbortSignal): Promise<CheckOutcome>;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Milliseconds rounded to 0.1. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The last `lines` non-empty lines of `text`, each cut to 300 characters. */
export function tailLines(text: string, lines = 5): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(-lines)
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
    .join("\n");
}
