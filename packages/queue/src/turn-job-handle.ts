import type { ServerRequestHandlers, ThreadItem } from "@codex/app-server-sdk";
import { TurnJobCancelledError, TurnJobFailedError } from "./errors.js";
import {
  type ForwardedServerRequestEvent,
  isTerminal,
  type QueueTurnEvent,
  type StreamRecord,
} from "./event-record.js";
import type { TurnJobResult } from "./job-outcome.js";
import type { RemoteAnswer } from "./worker-signals.js";

/** Where a job is, as far as its events tell. */
export type TurnJobStatus = "queued" | "running" | "completed" | "interrupted" | "failed" | "cancelled";

/** What a handle needs from its producer. */
export interface TurnJobHandleHost {
  answer(requestKey: string, answer: RemoteAnswer): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** The handle settled: stop reading its stream. */
  settled(handle: TurnJobHandle): void;
}

type AnyHandler = (params: unknown, context: unknown) => unknown;

/**
 * A turn enqueued on the cluster. Iterate it for the turn's events (delivered from the worker through
 * Redis, in order, none lost; iteration starts at the first event whenever it begins), await `result()`
 * for the same RunResult `thread.run()` gives (plus the thread's running `threadUsage`), or `cancel()` it
 * wherever it runs.
 */
export class TurnJobHandle implements AsyncIterable<QueueTurnEvent> {
  /** The BullMQ job id. */
  readonly jobId: string;
  /** The queue's id of the thread; pass it as `threadId` to enqueue the thread's next turns. */
  readonly threadId: string;

  readonly #host: TurnJobHandleHost;
  readonly #handlers: readonly ServerRequestHandlers[];
  readonly #events: QueueTurnEvent[] = [];
  readonly #wakers = new Set<() => void>();
  readonly #items = new Map<string, ThreadItem>();
  readonly #requests = new AbortController();
  readonly #result: Promise<TurnJobResult>;
  #resolve!: (result: TurnJobResult) => void;
  #reject!: (error: unknown) => void;
  #status: TurnJobStatus = "queued";
  #ended: { readonly error?: unknown } | undefined;

  constructor(
    host: TurnJobHandleHost,
    jobId: string,
    threadId: string,
    handlers: readonly ServerRequestHandlers[],
  ) {
    this.#host = host;
    this.jobId = jobId;
    this.threadId = threadId;
    this.#handlers = handlers;
    this.#result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#result.catch(() => {});
  }

  get status(): TurnJobStatus {
    return this.#status;
  }

  /**
   * The turn's RunResult (status "completed", or "interrupted" after `cancel()` stopped a running turn):
   * its own `usage` and `cost`, and `threadUsage`, the thread's running total after it.
   * Rejects with TurnJobFailedError (the turn or the job failed; `failedReason` says why, `usage` what
   * the turn used) or TurnJobCancelledError (cancelled before it started).
   */
  result(): Promise<TurnJobResult> {
    return this.#result;
  }

  /** Interrupts the turn on whichever worker runs it; a turn not started yet never runs. */
  async cancel(): Promise<void> {
    if (this.#ended) return;
    await this.#host.cancel(this.jobId);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<QueueTurnEvent> {
    let index = 0;
    for (;;) {
      while (index < this.#events.length) yield this.#events[index++] as QueueTurnEvent;
      if (this.#ended) {
        if (this.#ended.error !== undefined) throw this.#ended.error;
        return;
      }
      await new Promise<void>((resolve) => this.#wakers.add(resolve));
    }
  }

  /** @internal Records read from the job's stream, in order. */
  consume(records: readonly StreamRecord[]): void {
    for (const record of records) {
      if (this.#ended) return;
      if (isTerminal(record)) {
        if (record.method === "queue/result") {
          this.#status = record.params.status === "interrupted" ? "interrupted" : "completed";
          this.#end();
          this.#resolve(record.params);
        } else if (record.method === "queue/cancelled") {
          this.#status = "cancelled";
          this.#fail(new TurnJobCancelledError(this.jobId));
        } else {
          this.#status = "failed";
          const { message, name, usage, threadUsage } = record.params;
          this.#fail(new TurnJobFailedError(this.jobId, message, name, { usage, threadUsage }));
        }
        continue;
      }
      if (record.method === "queue/attempt") this.#status = "running";
      if (record.method === "item/started" || record.method === "item/completed") {
        this.#items.set(record.params.item.id, record.params.item);
      }
      this.#push(record);
      if (record.method === "queue/serverRequest") void this.#answer(record);
    }
  }

  /** @internal BullMQ says the job failed and its stream holds no last record (stalled too often, removed). */
  jobFailed(failedReason: string): void {
    if (this.#ended) return;
    this.#status = "failed";
    this.#fail(new TurnJobFailedError(this.jobId, failedReason));
  }

  /** @internal The producer closed. */
  abandon(error: unknown): void {
    if (!this.#ended) this.#fail(error);
  }

  async #answer(event: ForwardedServerRequestEvent): Promise<void> {
    const { requestKey, method, params, threadId, turnId, itemId } = event.params;
    const context = {
      method,
      requestId: requestKey,
      threadId,
      turnId,
      item: itemId === undefined ? undefined : this.#items.get(itemId),
      signal: this.#requests.signal,
    };
    let answer: RemoteAnswer = {};
    try {
      for (const handlers of this.#handlers) {
        const handler = (handlers as Record<string, AnyHandler | undefined>)[method];
        if (!handler) continue;
        const result = await handler(params, context);
        if (result !== undefined) {
          answer = { result };
          break;
        }
      }
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    if (this.#ended) return;
    await this.#host.answer(requestKey, answer).catch(() => {});
  }

  #push(event: QueueTurnEvent): void {
    this.#events.push(event);
    this.#wakeAll();
  }

  #fail(error: unknown): void {
    this.#end(error);
    this.#reject(error);
  }

  #end(error?: unknown): void {
    this.#ended = error === undefined ? {} : { error };
    this.#requests.abort(new Error("the turn job ended"));
    this.#wakeAll();
    this.#host.settled(this);
  }

  #wakeAll(): void {
    for (const wake of this.#wakers) wake();
    this.#wakers.clear();
  }
}
