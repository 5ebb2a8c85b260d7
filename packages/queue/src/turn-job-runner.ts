import { randomUUID } from "node:crypto";
import {
  type Codex,
  ConnectionClosedError,
  type Thread,
  type ThreadOptions,
  type TurnOptions,
} from "@codex/app-server-sdk";
import { DelayedError, type Job, type Queue, UnrecoverableError, WaitingError } from "bullmq";
import { InvalidTurnJobError } from "./errors.js";
import type { StreamRecord, TerminalRecord } from "./event-record.js";
import { EventWriter } from "./event-writer.js";
import {
  type Outcome,
  parseOutcome,
  returnValueOf,
  type TurnJobResult,
  threadUsageAfter,
} from "./job-outcome.js";
import type { QueueKeys } from "./keys.js";
import { AttemptSupersededError, LockKeeper } from "./lock-keeper.js";
import { lockToken as newLockToken } from "./lock-token.js";
import type { QueueWarningListener } from "./queue-warning.js";
import type { RedisClient } from "./redis-connection.js";
import { readFinishedRollout, rolloutPathInHome, writeRolloutIntoHome } from "./rollout-files.js";
import type { RolloutStore } from "./rollout-store.js";
import type { StoredThread, ThreadCoordination } from "./thread-coordination.js";
import { type AdmissionResult, modelOf, type RateLimitWait, type TurnAdmission } from "./turn-admission.js";
import { type TurnJobData, validateTurnJobData } from "./turn-job.js";
import type { WorkerSignals } from "./worker-signals.js";

export interface TurnJobRunnerInit {
  readonly codex: Codex;
  readonly codexHome: string;
  readonly redis: RedisClient;
  /** The BullMQ queue, to ask about other jobs' states. */
  readonly queue: Queue;
  readonly keys: QueueKeys;
  readonly coordination: ThreadCoordination;
  readonly store: RolloutStore;
  readonly signals: WorkerSignals;
  readonly workerId: string;
  readonly lockDurationMs: number;
  readonly requeueDelayMs: number;
  readonly eventsTtlSeconds: number;
  /** Unsent event records a job may hold (Redis unreachable) before its deltas are dropped. */
  readonly maxBufferedEvents: number;
  /** Fleet-wide admission control (undefined: off). */
  readonly admission: TurnAdmission | undefined;
  readonly warn: QueueWarningListener;
  /** The app-server died: the worker stops taking jobs (its supervisor should restart it). */
  readonly onCodexLost: (error: unknown) => void;
}

/** How long a thread's head job may be unknown to BullMQ before it is dropped from the thread's queue. */
const MISSING_HEAD_GRACE_MS = 30_000;

/** A thread this worker's app-server has loaded, and the stored version it was loaded at. */
interface LoadedThread {
  readonly thread: Thread;
  /** NaN once the local copy moved past the store without a commit (it must be reloaded). */
  version: number;
}

/** A turn running on this worker. */
interface RunningTurn {
  readonly jobId: string;
  readonly writer: EventWriter;
  interrupt(): void;
  /** Set by a graceful "interrupt" shutdown: requeue instead of completing. */
  requeue: boolean;
}

/**
 * Runs one turn job: waits its thread's turn, restores the thread's last committed rollout into this
 * worker's CODEX_HOME (unless already loaded at that version), runs the turn, streams its events, and
 * commits the new rollout under the thread lock's fencing token.
 */
export class TurnJobRunner {
  readonly #loaded = new Map<string, LoadedThread>();
  readonly #running = new Map<string, RunningTurn>();
  /** Codex thread id -> job id, to route forwarded server requests. */
  readonly #byCodexThread = new Map<string, string>();
  /** Head job ids BullMQ did not know, and since when (see #isDead). */
  readonly #missingSince = new Map<string, number>();

  constructor(private readonly init: TurnJobRunnerInit) {}

  get running(): number {
    return this.#running.size;
  }

  /** Graceful "interrupt" shutdown: every running turn stops and its job goes back to the queue. */
  interruptAll(): void {
    for (const turn of this.#running.values()) {
      turn.requeue = true;
      turn.interrupt();
    }
  }

  async process(job: Job, bullToken: string): Promise<unknown> {
    const jobId = job.id ?? "";
    const writer = this.#writer(jobId);
    let data: TurnJobData;
    try {
      data = validateTurnJobData(job.data);
    } catch (error) {
      // Poison job: recorded as failed, never retried, the worker carries on.
      await this.#end(writer, failedRecord(error));
      throw new UnrecoverableError(errorMessage(error));
    }
    const { threadId } = data;
    const { coordination, signals } = this.init;
    const lockToken = newLockToken(jobId, this.init.workerId);

    if (await signals.isCancelled(jobId)) {
      await coordination.finish(threadId, jobId, lockToken);
      await this.#end(writer, { method: "queue/cancelled", params: {} });
      return { cancelled: true };
    }
    let acquired = await coordination.acquire(threadId, jobId, lockToken, this.init.lockDurationMs);
    if (acquired.kind === "waiting" && (await this.#isDead(acquired.holder))) {
      // The head job ended without leaving the thread's queue (failed for stalling too often, or
      // removed): drop it so the thread does not wait for it forever.
      await coordination.finish(threadId, acquired.holder, "");
      acquired = await coordination.acquire(threadId, jobId, lockToken, this.init.lockDurationMs);
    }
    if (acquired.kind === "waiting" || acquired.kind === "locked") {
      // Not this turn's turn yet: back to the delayed set, picked up again shortly (no attempt used).
      const jitter = Math.random() * this.init.requeueDelayMs;
      await job.moveToDelayed(Date.now() + this.init.requeueDelayMs + jitter, bullToken);
      throw new DelayedError();
    }
    const stored = await coordination.read(threadId);
    if (acquired.kind === "missing") {
      // Not queued any more: committed by an attempt that died before BullMQ heard of it. Replay.
      // Its own outcome key first: later turns of the thread may have committed since.
      const raw =
        (await coordination.outcomeOf(jobId)) ??
        (stored?.lastJobId === jobId ? stored.lastOutcome : undefined);
      const outcome = raw ? parseOutcome(raw) : undefined;
      if (!outcome) {
        const error = new InvalidTurnJobError("threadId", `job ${jobId} is not queued on thread ${threadId}`);
        await this.#end(writer, failedRecord(error));
        throw new UnrecoverableError(error.message);
      }
      return this.#replay(writer, outcome);
    }
    if (!stored) {
      await coordination.finish(threadId, jobId, lockToken);
      const error = new InvalidTurnJobError("threadId", `unknown thread ${threadId}`);
      await this.#end(writer, failedRecord(error));
      throw new UnrecoverableError(error.message);
    }
    const model = modelOf(data.turnOptions, parseThreadOptions(stored.options));
    const admission = await this.init.admission?.admit(jobId, model);
    if (admission && !admission.admitted) {
      await coordination.release(threadId, lockToken);
      return this.#waitForRateLimit(job, bullToken, writer, admission.wait);
    }
    const attempt = await this.init.redis.incr(`${this.init.keys.events(jobId)}:attempts`);
    writer.write({ method: "queue/attempt", params: { attempt, workerId: this.init.workerId, jobId } });
    return this.#runLocked(job, bullToken, data, stored, lockToken, writer, admission);
  }

  /** Back to the delayed set until the rate limit lets the turn run; no attempt is used up. */
  async #waitForRateLimit(
    job: Job,
    bullToken: string,
    writer: EventWriter,
    wait: RateLimitWait,
  ): Promise<never> {
    writer.write({ method: "queue/rateLimited", params: wait });
    await writer.flush().catch(() => undefined);
    await job.moveToDelayed(Date.now() + wait.waitMs, bullToken);
    throw new DelayedError();
  }

  /**
   * Whether the job at a thread's head will never finish it: BullMQ has it as completed or failed, or
   * has not had it for a while (a producer appends to the thread's list just before adding the job).
   */
  async #isDead(headId: string): Promise<boolean> {
    const state = await this.init.queue.getJobState(headId);
    if (state !== "unknown") {
      this.#missingSince.delete(headId);
      return state === "completed" || state === "failed";
    }
    const since = this.#missingSince.get(headId) ?? Date.now();
    this.#missingSince.set(headId, since);
    return Date.now() - since > MISSING_HEAD_GRACE_MS;
  }

  /** Answers a server request of a running turn by asking its producer; undefined = fail closed. */
  async forwardServerRequest(
    method: string,
    params: unknown,
    context: {
      readonly threadId: string | undefined;
      readonly turnId: string | undefined;
      readonly signal: AbortSignal;
    },
  ): Promise<unknown> {
    const jobId = context.threadId === undefined ? undefined : this.#byCodexThread.get(context.threadId);
    const turn = jobId === undefined ? undefined : this.#running.get(jobId);
    if (!turn) return undefined;
    const requestKey = randomUUID();
    const itemId = itemIdOf(params);
    turn.writer.write({
      method: "queue/serverRequest",
      params: { requestKey, method, params, threadId: context.threadId, turnId: context.turnId, itemId },
    });
    const answer = await this.init.signals.waitForAnswer(requestKey, context.signal);
    if (answer?.error !== undefined) throw new Error(`producer handler failed: ${answer.error}`);
    return answer?.result;
  }

  async #runLocked(
    job: Job,
    bullToken: string,
    data: TurnJobData,
    stored: StoredThread,
    lockToken: string,
    writer: EventWriter,
    admission: Extract<AdmissionResult, { admitted: true }> | undefined,
  ): Promise<unknown> {
    const jobId = job.id ?? "";
    const { coordination, signals } = this.init;
    let running: RunningTurn | undefined;
    let tokensUsed: number | undefined;
    const keeper = new LockKeeper({
      coordination,
      redis: this.init.redis,
      queue: this.init.queue,
      threadId: data.threadId,
      jobId,
      workerId: this.init.workerId,
      lockToken,
      bullToken,
      ttlMs: this.init.lockDurationMs,
      warn: this.init.warn,
      onSuperseded: () => {
        // The owner writes the job's events from its own `queue/attempt` on; this attempt adds none.
        writer.close();
        running?.interrupt();
      },
    });
    keeper.start();
    let stopWatching: (() => void) | undefined;
    let loaded: LoadedThread | undefined;
    let touched = false;
    try {
      loaded = await this.#load(data.threadId, stored);
      const thread = loaded.thread;
      const turnOptions = (data.turnOptions ?? {}) as TurnOptions;
      touched = true;
      const handle = thread.turn(data.input, turnOptions);
      // Read from the first event on: a reader that starts late gets only the SDK's replay window.
      const forwarded = forwardEvents(handle, writer);
      running = {
        jobId,
        writer,
        interrupt: () => void Promise.resolve(handle.interrupt()).catch(() => undefined),
        requeue: false,
      };
      this.#running.set(jobId, running);
      this.#byCodexThread.set(thread.id, jobId);
      const current = running;
      let cancelled = false;
      stopWatching = await signals.watchCancel(jobId, () => {
        cancelled = true;
        current.interrupt();
      });
      await forwarded;
      let outcome: Outcome;
      try {
        const result = await handle.result();
        tokensUsed = result.usage?.totalTokens;
        outcome = {
          kind: "result",
          result: { ...result, threadUsage: threadUsageAfter(thread.usage(), stored.lastOutcome) },
        };
      } catch (error) {
        // The app-server died: not the turn's outcome. The outer handler puts the job back.
        if (isConnectionLoss(error)) throw error;
        tokensUsed = handle.snapshot().usage?.totalTokens;
        // Codex hit the account's rate limit, usage limit or overload: every worker backs off and this
        // job waits in the queue; nothing is committed (the turn runs again from the stored history).
        const wait = admission && (await this.init.admission?.onFailure(jobId, admission.lease.scope, error));
        if (wait && !current.requeue && !keeper.superseded) {
          loaded.version = Number.NaN;
          await coordination.release(data.threadId, lockToken);
          return await this.#waitForRateLimit(job, bullToken, writer, wait);
        }
        outcome = {
          kind: "failed",
          name: errorName(error),
          message: errorMessage(error),
          // The tokens were spent all the same.
          usage: handle.snapshot().usage,
          threadUsage: threadUsageAfter(thread.usage(), stored.lastOutcome),
        };
      }
      if (current.requeue || keeper.superseded) {
        loaded.version = Number.NaN;
        return await this.#giveBack(job, bullToken, data.threadId, lockToken, writer, keeper.superseded);
      }
      const turnId = handle.id;
      if (turnId === undefined) {
        // The turn never started (cancelled first, or codex refused it): history is unchanged.
        await coordination.finish(data.threadId, jobId, lockToken);
        if (cancelled) {
          await this.#end(writer, { method: "queue/cancelled", params: {} });
          return { cancelled: true };
        }
        return await this.#replay(writer, outcome);
      }
      const rollout = await readFinishedRollout(thread.info.path ?? "", turnId);
      const version = stored.version;
      // Both attempts of a taken-over turn would store version + 1: store only while the lock is ours.
      // The claim holds it for a lock duration, in which nobody else can take it and run a whole turn.
      keeper.committing();
      const claim = await coordination.renew(data.threadId, jobId, lockToken, this.init.lockDurationMs);
      // Another attempt took the thread: commit nothing; the owner writes the last record.
      const supersededBy = (owner: string): Promise<never> => {
        if (loaded) loaded.version = Number.NaN;
        return this.#giveBack(job, bullToken, data.threadId, lockToken, writer, keeper.supersede(owner));
      };
      if (claim.kind === "taken") return await supersededBy(claim.owner);
      if (claim.kind === "reclaimed") keeper.reclaimed();
      await this.init.store.put(data.threadId, version + 1, rollout);
      const committed = await coordination.commit(data.threadId, {
        token: lockToken,
        jobId,
        expectedVersion: version,
        codexThreadId: thread.id,
        rolloutPath: rolloutPathInHome(this.init.codexHome, thread.info.path ?? ""),
        outcome: JSON.stringify(outcome),
        ttlMs: this.init.lockDurationMs,
        outcomeTtlSeconds: this.init.eventsTtlSeconds,
      });
      // A real takeover: another attempt holds (or committed) the thread.
      if (committed.kind === "lost-lock") return await supersededBy(committed.owner);
      if (committed.kind === "conflict") {
        loaded.version = Number.NaN;
        throw new Error(`Turn of job ${jobId} was not committed: the thread's version moved (conflict).`);
      }
      if (committed.reclaimed) keeper.reclaimed();
      loaded.version = version + 1;
      if (version > 0) this.init.store.delete(data.threadId, version).catch(() => {});
      return await this.#replay(writer, outcome);
    } catch (error) {
      if (
        error instanceof DelayedError ||
        error instanceof WaitingError ||
        error instanceof UnrecoverableError ||
        error instanceof AttemptSupersededError
      )
        throw error;
      if (loaded && touched) loaded.version = Number.NaN;
      if (isConnectionLoss(error)) {
        // The app-server died under us: not the turn's fault. Requeue it; a fresh Codex comes with a restart.
        this.init.onCodexLost(error);
        return await this.#giveBack(job, bullToken, data.threadId, lockToken, writer, undefined);
      }
      await coordination.finish(data.threadId, jobId, lockToken);
      const record = failedRecord(error);
      await this.#end(writer, record);
      throw new UnrecoverableError(record.params.message);
    } finally {
      keeper.stop();
      if (admission) await this.init.admission?.release(admission, tokensUsed).catch(() => undefined);
      stopWatching?.();
      if (running) this.#running.delete(jobId);
      if (loaded) this.#byCodexThread.delete(loaded.thread.id);
    }
  }

  /** The thread as last committed, loaded in this worker's app-server (restored from the store if needed). */
  async #load(threadId: string, stored: StoredThread): Promise<LoadedThread> {
    const options = parseThreadOptions(stored.options);
    const cached = this.#loaded.get(threadId);
    if (cached && cached.version === stored.version) return cached;
    if (cached) {
      // Loaded here at another version: codex keeps a loaded thread in memory, so drop it first.
      this.#loaded.delete(threadId);
      await this.init.codex.request("thread/delete", { threadId: cached.thread.id }).catch(() => undefined);
    }
    let thread: Thread;
    if (stored.codexThreadId === undefined || stored.rolloutPath === undefined || stored.version === 0) {
      thread = await this.init.codex.startThread(options);
    } else {
      const rollout = await this.init.store.get(threadId, stored.version);
      await writeRolloutIntoHome(this.init.codexHome, stored.rolloutPath, rollout);
      thread = await this.init.codex.resumeThread(stored.codexThreadId, options);
    }
    const loaded: LoadedThread = { thread, version: stored.version };
    this.#loaded.set(threadId, loaded);
    return loaded;
  }

  /** Puts the job back for another attempt without committing anything. */
  async #giveBack(
    job: Job,
    bullToken: string,
    threadId: string,
    lockToken: string,
    writer: EventWriter,
    superseded: AttemptSupersededError | undefined,
  ): Promise<never> {
    await writer.flush().catch(() => undefined);
    // Not released: the lock is the owner's. BullMQ fails this attempt (or refuses to, if it moved the job).
    if (superseded) throw superseded;
    await this.init.coordination.release(threadId, lockToken);
    await job.moveToWait(bullToken);
    throw new WaitingError();
  }

  #writer(jobId: string): EventWriter {
    return new EventWriter(
      this.init.redis,
      this.init.keys.events(jobId),
      this.init.maxBufferedEvents,
      (unsent) =>
        this.init.warn({
          kind: "eventsDropped",
          message: `Job ${jobId} has ${unsent} event records waiting for Redis; its streaming deltas are dropped from now on (item/completed carries the text).`,
          jobId,
        }),
    );
  }

  async #succeed(writer: EventWriter, result: TurnJobResult): Promise<unknown> {
    await this.#end(writer, { method: "queue/result", params: result });
    return returnValueOf(result);
  }

  async #fail(writer: EventWriter, outcome: Extract<Outcome, { kind: "failed" }>): Promise<never> {
    await this.#end(writer, {
      method: "queue/failed",
      params: {
        name: outcome.name,
        message: outcome.message,
        usage: outcome.usage ?? null,
        threadUsage: outcome.threadUsage ?? null,
      },
    });
    throw new UnrecoverableError(`${outcome.name}: ${outcome.message}`);
  }

  async #replay(writer: EventWriter, outcome: Outcome): Promise<unknown> {
    return outcome.kind === "result" ? this.#succeed(writer, outcome.result) : this.#fail(writer, outcome);
  }

  async #end(writer: EventWriter, record: TerminalRecord): Promise<void> {
    await writer.end(record, this.init.eventsTtlSeconds);
  }
}

/** Writes every event of the turn to its stream; the outcome itself comes from `result()`. */
async function forwardEvents(handle: AsyncIterable<StreamRecord>, writer: EventWriter): Promise<void> {
  try {
    for await (const event of handle) writer.write(event);
  } catch {
    // A failed turn ends its iterator with the error; result() reports it.
  }
}

function parseThreadOptions(raw: string | undefined): ThreadOptions {
  return raw ? (JSON.parse(raw) as ThreadOptions) : {};
}

function failedRecord(error: unknown): Extract<TerminalRecord, { method: "queue/failed" }> {
  return { method: "queue/failed", params: { name: errorName(error), message: errorMessage(error) } };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "Error";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The app-server went away (exited, killed, pipe closed): `ProcessExitError` is a ConnectionClosedError too. */
function isConnectionLoss(error: unknown): boolean {
  return error instanceof ConnectionClosedError;
}

function itemIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const p = params as { itemId?: unknown; callId?: unknown };
  return typeof p.itemId === "string" ? p.itemId : typeof p.callId === "string" ? p.callId : undefined;
}
