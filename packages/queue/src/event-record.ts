import type { TurnEvent } from "@codex/app-server-sdk";
import type { FailedJobUsage, TurnJobResult } from "./job-outcome.js";
import type { RateLimitWait } from "./turn-admission.js";

/** A server request a worker forwarded to the producer (answer it with handlers on the producer). */
export interface ForwardedServerRequestEvent {
  readonly method: "queue/serverRequest";
  readonly params: {
    readonly requestKey: string;
    readonly method: string;
    readonly params: unknown;
    /** Codex's thread and turn ids on the worker. */
    readonly threadId: string | undefined;
    readonly turnId: string | undefined;
    readonly itemId: string | undefined;
  };
}

/** A worker took the job (again, after a crash or a requeue); events of an earlier attempt are void. */
export interface AttemptEvent {
  readonly method: "queue/attempt";
  readonly params: { readonly attempt: number; readonly workerId: string; readonly jobId: string };
}

/**
 * The job went back to wait in the queue instead of running now: the fleet's rate limit (concurrency,
 * tokens per minute) was reached, or codex reported a rate limit, usage limit or overload and every
 * worker backs off. It runs again after about `waitMs`; no attempt is used up.
 */
export interface RateLimitedEvent {
  readonly method: "queue/rateLimited";
  readonly params: RateLimitWait;
}

/** What the producer's handle yields: the turn's events as `thread.turn()` yields them, plus queue events. */
export type QueueTurnEvent = TurnEvent | ForwardedServerRequestEvent | AttemptEvent | RateLimitedEvent;

/** The last record of a job's stream. */
export type TerminalRecord =
  | { readonly method: "queue/result"; readonly params: TurnJobResult }
  | {
      readonly method: "queue/failed";
      /** Usage figures only when a turn ran (not for a job refused before it, e.g. a poison job). */
      readonly params: { readonly name: string; readonly message: string } & Partial<FailedJobUsage>;
    }
  | { readonly method: "queue/cancelled"; readonly params: Record<string, never> };

export type StreamRecord = QueueTurnEvent | TerminalRecord;

export function isTerminal(record: StreamRecord): record is TerminalRecord {
  return (
    record.method === "queue/result" ||
    record.method === "queue/failed" ||
    record.method === "queue/cancelled"
  );
}

/** Stream entries carry one field, `e`, with the record as JSON. */
export const RECORD_FIELD = "e";
