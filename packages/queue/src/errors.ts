import type { ThreadTokenUsage, TokenUsageBreakdown } from "@codex/app-server-sdk";
import { CodexError } from "@codex/runtime";
import type { FailedJobUsage } from "./job-outcome.js";

/** A turn job that cannot run: rejected at enqueue (producer) or failed at once on the worker (poison job). */
export class InvalidTurnJobError extends CodexError {
  override name = "InvalidTurnJobError";
  /** Where in the payload the problem is, e.g. `turnOptions.signal`. */
  readonly path: string;

  constructor(path: string, message: string) {
    super(`Invalid turn job at ${path}: ${message}`);
    this.path = path;
  }
}

/** The turn job failed on a worker; `failedReason` is what BullMQ recorded. */
export class TurnJobFailedError extends CodexError {
  override name = "TurnJobFailedError";
  readonly jobId: string;
  readonly failedReason: string;
  /** The error's class name on the worker (e.g. `TurnFailedError`, `InvalidTurnJobError`). */
  readonly remoteName: string | undefined;
  /** What the failed turn used before it failed (the tokens were spent); null when no usage is known. */
  readonly usage: TokenUsageBreakdown | null;
  /** The thread's running usage after the failed turn; null when not known. */
  readonly threadUsage: ThreadTokenUsage | null;

  constructor(jobId: string, failedReason: string, remoteName?: string, figures?: Partial<FailedJobUsage>) {
    super(`Turn job ${jobId} failed: ${failedReason}`);
    this.jobId = jobId;
    this.failedReason = failedReason;
    this.remoteName = remoteName;
    this.usage = figures?.usage ?? null;
    this.threadUsage = figures?.threadUsage ?? null;
  }
}

/** `cancel()` reached the job before its turn started, so no turn ran. */
export class TurnJobCancelledError extends CodexError {
  override name = "TurnJobCancelledError";
  readonly jobId: string;

  constructor(jobId: string) {
    super(`Turn job ${jobId} was cancelled before its turn started.`);
    this.jobId = jobId;
  }
}

/** The queue was closed (producer or worker) while the operation was pending. */
export class QueueClosedError extends CodexError {
  override name = "QueueClosedError";
}
