import type {
  RunResult,
  ThreadTokenUsage,
  TokenUsageBreakdown,
  TurnStatus,
  UsageCost,
} from "@codex/app-server-sdk";

/**
 * A job's result: the turn's RunResult (its own `usage` and `cost`, as `thread.run()` gives them) and the
 * thread's running usage after the job.
 */
export type TurnJobResult = RunResult<unknown> & {
  /**
   * The thread's running usage after this job as codex reported it (`thread.usage()` on the worker):
   * `total` covers every turn of the queue's thread, whichever worker ran it. Null before any report.
   */
  readonly threadUsage: ThreadTokenUsage | null;
};

/** A failed job's figures: what its turn used before failing, and the thread's total after it. */
export interface FailedJobUsage {
  /** The turn's own usage up to the failure; null when codex reported none (or no turn ran). */
  readonly usage: TokenUsageBreakdown | null;
  readonly threadUsage: ThreadTokenUsage | null;
}

/** BullMQ's return value of a completed job (`job.returnvalue`, the `completed` event of QueueEvents). */
export interface TurnJobReturnValue {
  readonly status: TurnStatus;
  readonly turnId: string;
  /** Codex's thread id. */
  readonly threadId: string;
  readonly usage: TokenUsageBreakdown | null;
  /** JSON: `usd` is left out when there is no estimate (`reason` says why). */
  readonly cost: UsageCost;
  readonly threadUsage: ThreadTokenUsage | null;
}

/** What a job ended with, as stored with the commit (a rerun of a committed job replays it). */
export type Outcome =
  | { readonly kind: "result"; readonly result: TurnJobResult }
  | ({ readonly kind: "failed"; readonly name: string; readonly message: string } & Partial<FailedJobUsage>);

/** A stored outcome; one committed before `threadUsage` existed gets null. */
export function parseOutcome(raw: string): Outcome {
  const outcome = JSON.parse(raw) as Outcome;
  if (outcome.kind !== "result") return outcome;
  return { kind: "result", result: { ...outcome.result, threadUsage: outcome.result.threadUsage ?? null } };
}

/**
 * The thread's running usage after a job: the worker's `thread.usage()`, else (a thread just resumed on
 * this worker whose turn got no report) the total stored with the thread's previous job.
 */
export function threadUsageAfter(
  current: ThreadTokenUsage | undefined,
  lastOutcome: string | undefined,
): ThreadTokenUsage | null {
  if (current) return current;
  if (lastOutcome === undefined) return null;
  const previous = parseOutcome(lastOutcome);
  return (previous.kind === "result" ? previous.result.threadUsage : previous.threadUsage) ?? null;
}

export function returnValueOf(result: TurnJobResult): TurnJobReturnValue {
  return {
    status: result.status,
    turnId: result.turn.id,
    threadId: result.threadId,
    usage: result.usage,
    cost: result.cost,
    threadUsage: result.threadUsage,
  };
}
