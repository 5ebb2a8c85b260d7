import { CodexError } from "@codex/runtime";
import type { Queue } from "bullmq";
import { type JobLockState, reclaimJobLock } from "./job-lock.js";
import { describeOwner } from "./lock-token.js";
import type { QueueWarningListener } from "./queue-warning.js";
import type { RedisClient } from "./redis-connection.js";
import type { ThreadCoordination } from "./thread-coordination.js";

/** This attempt's turn was taken over: it commits nothing and writes no last record (the owner will). */
export class AttemptSupersededError extends CodexError {
  override name = "AttemptSupersededError";
  readonly owner: string;

  constructor(jobId: string, threadId: string, workerId: string, owner: string) {
    const why =
      owner === ""
        ? `it is no longer queued on thread ${threadId} (another attempt committed or dropped it)`
        : `${describeOwner(owner)} owns thread ${threadId} now`;
    super(
      `Turn of job ${jobId} was not committed: ${why}, so this attempt (worker ${workerId}) stopped its turn.`,
    );
    this.owner = owner;
  }
}

export interface LockKeeperInit {
  readonly coordination: ThreadCoordination;
  readonly redis: RedisClient;
  readonly queue: Queue;
  readonly threadId: string;
  readonly jobId: string;
  readonly workerId: string;
  readonly lockToken: string;
  readonly bullToken: string;
  readonly ttlMs: number;
  readonly warn: QueueWarningListener;
  /** Another attempt owns the thread: stop the turn. */
  readonly onSuperseded: (error: AttemptSupersededError) => void;
}

/**
 * Keeps a running turn's two locks while it runs: the thread lock (renewed, or taken back when it
 * expired during a Redis outage and nobody took it) and BullMQ's job lock (taken back when it expired
 * and no stalled check moved the job yet). One renewal in flight at a time: while Redis is unreachable
 * the pending one waits and runs first thing when it is back.
 */
export class LockKeeper {
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy = false;
  #committing = false;
  #jobLock: JobLockState = "held";
  #superseded: AttemptSupersededError | undefined;

  constructor(private readonly init: LockKeeperInit) {}

  get superseded(): AttemptSupersededError | undefined {
    return this.#superseded;
  }

  start(): void {
    this.#timer = setInterval(() => void this.#tick(), Math.max(100, Math.floor(this.init.ttlMs / 3)));
  }

  /** The commit checks and takes the thread lock itself from here on (it pops the job and frees it). */
  committing(): void {
    this.#committing = true;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** The thread lock was found taken (by a renewal or the commit). */
  supersede(owner: string): AttemptSupersededError {
    if (this.#superseded) return this.#superseded;
    const { jobId, threadId, workerId } = this.init;
    const error = new AttemptSupersededError(jobId, threadId, workerId, owner);
    this.#superseded = error;
    this.init.warn({ kind: "attemptSuperseded", message: error.message, jobId, threadId, owner });
    this.init.onSuperseded(error);
    return error;
  }

  reclaimed(): void {
    const { jobId, threadId } = this.init;
    this.init.warn({
      kind: "threadLockReclaimed",
      message: `The lock of thread ${threadId} (job ${jobId}) expired while Redis was unreachable; nobody else took it, so it was taken back.`,
      jobId,
      threadId,
    });
  }

  async #tick(): Promise<void> {
    if (this.#busy || this.#superseded) return;
    this.#busy = true;
    const { coordination, threadId, jobId, lockToken, ttlMs } = this.init;
    try {
      const [thread, job] = await Promise.all([
        this.#committing ? undefined : coordination.renew(threadId, jobId, lockToken, ttlMs),
        this.#jobLock === "lost" ? ("lost" as const) : this.#keepJobLock(),
      ]);
      this.#noteJobLock(job);
      if (thread?.kind === "reclaimed") this.reclaimed();
      // Once committing, the commit judges a takeover ('' is then this attempt's own commit).
      else if (thread?.kind === "taken" && !this.#committing) this.supersede(thread.owner);
    } catch {
      // A failed renewal is tried again on the next tick; the commit checks the lock anyway.
    } finally {
      this.#busy = false;
    }
  }

  #keepJobLock(): Promise<JobLockState> {
    const { redis, queue, jobId, bullToken, ttlMs } = this.init;
    return reclaimJobLock(redis, queue, jobId, bullToken, ttlMs);
  }

  #noteJobLock(state: JobLockState): void {
    const { jobId, threadId } = this.init;
    if (state === "reclaimed") {
      this.init.warn({
        kind: "jobLockReclaimed",
        message: `BullMQ's lock on job ${jobId} expired while Redis was unreachable and was taken back before a stalled check moved the job.`,
        jobId,
        threadId,
      });
    } else if (state === "lost" && this.#jobLock !== "lost") {
      this.init.warn({
        kind: "jobLockLost",
        message: `BullMQ moved job ${jobId} as stalled while Redis was unreachable; this attempt keeps the thread and commits, the job's next attempt replays that commit.`,
        jobId,
        threadId,
      });
    }
    this.#jobLock = state;
  }
}
