import { AbortError } from "@codex/app-server-protocol";
import type { ApprovalHandlers } from "../approvals/types.js";
import type { TurnRouter, TurnSink } from "../client/turn-router.js";
import { TurnStateError } from "../errors.js";
import { type Input, toUserInput } from "../input.js";
import type { ThreadItem, Turn, TurnStartParams, UserInput } from "../protocol-types.js";
import type { PreparedOutputSchema } from "../structured-output/output-schema.js";
import { EventLog } from "./event-log.js";
import type { RunResult } from "./run-result.js";
import type { ItemOf, ItemType, TurnEvent, TurnEventMethod, TurnEventOf } from "./turn-event.js";
import { turnFailure } from "./turn-failure.js";
import { type TurnSnapshot, TurnState } from "./turn-state.js";
import {
  type CommandOutputChunk,
  commandOutputMapper,
  diffMapper,
  type FileChangeItem,
  fileChangeMapper,
  type PlanUpdate,
  planMapper,
  type ReasoningChunk,
  reasoningMapper,
  textMapper,
} from "./turn-streams.js";

/** What a turn needs from its client: the wire calls and the router. */
export interface TurnControl {
  readonly router: TurnRouter;
  /** Starts the connection if needed (lazy start); aborts with `signal`. */
  ensureStarted(signal?: AbortSignal): Promise<void>;
  startTurn(params: TurnStartParams): Promise<Turn>;
  steerTurn(threadId: string, turnId: string, input: UserInput[]): Promise<void>;
  interruptTurn(threadId: string, turnId: string): Promise<void>;
}

/** A function that stops listening. Also usable with `using`. */
export interface Unsubscribe {
  (): void;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface TurnHandleInit<T> {
  readonly threadId: string;
  readonly control: TurnControl;
  readonly params: Omit<TurnStartParams, "threadId">;
  readonly signal?: AbortSignal | undefined;
  readonly output?: PreparedOutputSchema<T> | undefined;
  readonly approvals?: ApprovalHandlers | undefined;
  /** The thread's handlers, kept here so they apply even if the Thread object is dropped mid-turn. */
  readonly threadApprovals?: ApprovalHandlers | undefined;
  readonly serverRequestTimeoutMs?: number | undefined;
  /** Settles when the thread's previous turn is done; this turn starts after it. */
  readonly after: Promise<unknown>;
}

/**
 * One turn, live. Iterate it for this turn's events only, or await `result()`. Breaking out of any of
 * its loops, `interrupt()`, or the AbortSignal interrupt the turn on the server.
 */
export class TurnHandle<T = undefined> implements AsyncIterable<TurnEvent>, AsyncDisposable, TurnSink {
  readonly threadId: string;
  /** Resolves with the turn as `turn/start` returned it (status inProgress). */
  readonly started: Promise<Turn>;
  /** @internal Turn-scoped server-request handlers. */
  readonly approvals: ApprovalHandlers | undefined;
  /** @internal */
  readonly threadApprovals: ApprovalHandlers | undefined;
  /** @internal */
  readonly serverRequestTimeoutMs: number | undefined;

  readonly #control: TurnControl;
  readonly #init: TurnHandleInit<T>;
  readonly #log = new EventLog<TurnEvent>();
  readonly #state = new TurnState();
  readonly #listeners = new Map<string, Set<(event: TurnEvent) => void>>();
  readonly #result: Promise<RunResult<T>>;
  #resolveResult!: (result: RunResult<T>) => void;
  #rejectResult!: (error: unknown) => void;
  #resolveStarted!: (turn: Turn) => void;
  #rejectStarted!: (error: unknown) => void;
  #turn: Turn | undefined;
  #completing = false;
  #settled = false;
  #interruptWanted = false;
  #interruptSent = false;
  #abort: { reason: unknown } | undefined;

  constructor(init: TurnHandleInit<T>) {
    this.threadId = init.threadId;
    this.approvals = init.approvals;
    this.threadApprovals = init.threadApprovals;
    this.serverRequestTimeoutMs = init.serverRequestTimeoutMs;
    this.#control = init.control;
    this.#init = init;
    this.started = new Promise((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    this.#result = new Promise((resolve, reject) => {
      this.#resolveResult = resolve;
      this.#rejectResult = reject;
    });
    // Callers may never await these; a rejection must not crash the process as "unhandled".
    this.started.catch(() => {});
    this.#result.catch(() => {});
    const signal = init.signal;
    if (signal) {
      if (signal.aborted) this.#abort = { reason: signal.reason };
      else signal.addEventListener("abort", () => this.#onAbort(signal.reason), { once: true });
    }
    void this.#begin();
  }

  /** The turn id, once `turn/start` answered. */
  get id(): string | undefined {
    return this.#turn?.id;
  }

  /** True once the result is settled (completed, interrupted, failed or aborted). */
  get done(): boolean {
    return this.#settled;
  }

  /** Resolves when the turn completes or is interrupted; rejects with TurnFailedError, AbortError, StructuredOutputError or the connection's error. */
  result(): Promise<RunResult<T>> {
    return this.#result;
  }

  /** What the turn looks like so far: items, the message being written, plan, diff, usage. */
  snapshot(): TurnSnapshot {
    return this.#state.snapshot();
  }

  /** Adds input to the running turn (`turn/steer`). */
  async steer(input: Input): Promise<void> {
    const turn = await this.started;
    if (this.#settled || this.#completing) throw new TurnStateError(`Turn ${turn.id} has already finished.`);
    await this.#control.steerTurn(this.threadId, turn.id, toUserInput(input));
  }

  /** Interrupts the turn on the server and waits until it has stopped. Resolves once settled. */
  async interrupt(): Promise<void> {
    this.#requestInterrupt();
    await this.#result.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Calls `handler` for every event of this kind. */
  on<M extends TurnEventMethod>(method: M, handler: (event: TurnEventOf<M>) => void): Unsubscribe {
    const set = this.#listeners.get(method) ?? new Set();
    this.#listeners.set(method, set);
    const entry = handler as (event: TurnEvent) => void;
    set.add(entry);
    return unsubscribe(() => set.delete(entry));
  }

  /** Calls `handler` when an item of this type starts and when it completes. */
  onItem<K extends ItemType>(
    type: K,
    handler: (item: ItemOf<K>, phase: "started" | "completed") => void,
  ): Unsubscribe {
    const started = this.on("item/started", ({ params }) => {
      if (params.item.type === type) handler(params.item as ItemOf<K>, "started");
    });
    const completed = this.on("item/completed", ({ params }) => {
      if (params.item.type === type) handler(params.item as ItemOf<K>, "completed");
    });
    return unsubscribe(() => {
      started();
      completed();
    });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<TurnEvent> {
    return this.#log.reader(
      (event) => event,
      () => this.#requestInterrupt(),
    );
  }

  /** The agent's message text as it streams (all agent messages of the turn, in order). */
  get textStream(): AsyncIterable<string> {
    return this.#stream(textMapper);
  }

  get reasoningStream(): AsyncIterable<ReasoningChunk> {
    return this.#stream(() => reasoningMapper);
  }

  /** Each command's output as it streams; a command that sent no deltas yields its whole output at completion. */
  get commandOutputStream(): AsyncIterable<CommandOutputChunk> {
    return this.#stream(commandOutputMapper);
  }

  /** File-change items when proposed (started) and when finished (completed). */
  get fileChangeStream(): AsyncIterable<FileChangeItem> {
    return this.#stream(() => fileChangeMapper);
  }

  /** The turn's aggregated unified diff, each time it changes. */
  get diffStream(): AsyncIterable<string> {
    return this.#stream(() => diffMapper);
  }

  get planStream(): AsyncIterable<PlanUpdate> {
    return this.#stream(() => planMapper);
  }

  /** `await using turn = thread.turn(...)`: interrupts the turn if it is still running. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#settled) await this.interrupt();
  }

  /** @internal The item with this id, if this turn saw it. */
  item(id: string): ThreadItem | undefined {
    return this.#state.item(id);
  }

  /** @internal Router entry point. */
  deliver(event: TurnEvent): void {
    if (this.#settled || this.#completing) return;
    this.#state.apply(event);
    this.#log.push(event);
    const listeners = this.#listeners.get(event.method);
    if (listeners) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          process.emitWarning(`A turn listener for ${event.method} threw: ${String(error)}`, "CodexWarning");
        }
      }
    }
    if (event.method === "turn/completed") this.#complete(event.params.turn);
  }

  /** @internal The connection closed, or starting failed. */
  fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#turn) this.#control.router.release(this.threadId, this.#turn.id, this);
    this.#rejectStarted(error);
    this.#log.end({ error });
    this.#rejectResult(error);
  }

  /** `newMapper` runs per reader: stateful mappers (text, command output) must not share state. */
  #stream<U>(newMapper: () => (event: TurnEvent) => U | undefined): AsyncIterable<U> {
    return { [Symbol.asyncIterator]: () => this.#log.reader(newMapper(), () => this.#requestInterrupt()) };
  }

  async #begin(): Promise<void> {
    const { control, signal } = this.#init;
    try {
      this.#throwIfAborted();
      await raceAbort(
        this.#init.after.catch(() => undefined),
        signal,
      );
      this.#throwIfAborted();
      await control.ensureStarted(signal);
      this.#throwIfAborted();
      // interrupt() or a `break` before the turn was sent: do not start it at all.
      if (this.#interruptWanted) throw new AbortError("interrupted before the turn started");
      const release = control.router.expectTurn(this.threadId);
      try {
        const turn = await control.startTurn({ ...this.#init.params, threadId: this.threadId });
        this.#turn = turn;
        control.router.claim(this.threadId, turn.id, this);
        this.#resolveStarted(turn);
      } finally {
        release();
      }
      if (this.#abort || this.#interruptWanted) this.#requestInterrupt();
    } catch (error) {
      this.fail(error instanceof AbortError || !this.#abort ? error : new AbortError(this.#abort.reason));
    }
  }

  #onAbort(reason: unknown): void {
    if (this.#settled) return;
    this.#abort = { reason };
    this.#requestInterrupt();
  }

  #throwIfAborted(): void {
    if (this.#abort) throw new AbortError(this.#abort.reason);
  }

  #requestInterrupt(): void {
    this.#interruptWanted = true;
    const turn = this.#turn;
    if (!turn || this.#interruptSent || this.#settled || this.#completing) return;
    this.#interruptSent = true;
    this.#control.interruptTurn(this.threadId, turn.id).catch((error: unknown) => {
      // "no active turn": it finished meanwhile and turn/completed is on its way or already here.
      if (this.#abort && !this.#settled && !this.#completing && !isNoActiveTurn(error)) {
        this.fail(new AbortError(this.#abort.reason));
      }
    });
  }

  #complete(turn: Turn): void {
    this.#completing = true;
    this.#control.router.release(this.threadId, turn.id, this);
    const snapshot = this.#state.snapshot();
    const items = this.#state.closedItems(turn);
    const finalResponse = this.#state.finalResponse();
    const base = {
      threadId: this.threadId,
      turn: { ...turn, items },
      status: turn.status,
      finalResponse,
      items,
      incompleteItemIds: snapshot.openItemIds,
      usage: snapshot.usage,
      diff: snapshot.diff,
    };
    if (this.#abort) {
      this.fail(new AbortError(this.#abort.reason));
      return;
    }
    if (turn.status === "failed") {
      this.fail(turnFailure(turn, this.threadId));
      return;
    }
    const output = this.#init.output;
    if (!output) {
      this.#succeed({ ...base, output: undefined as T });
      return;
    }
    output.parse(turn.status === "completed" ? (finalResponse ?? "") : "").then(
      (value) => this.#succeed({ ...base, output: value }),
      (error: unknown) => this.fail(error),
    );
  }

  #succeed(result: RunResult<T>): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#log.end();
    this.#resolveResult(result);
  }
}

function raceAbort<V>(promise: Promise<V>, signal: AbortSignal | undefined): Promise<V> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError(signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function isNoActiveTurn(error: unknown): boolean {
  return error instanceof Error && /no active turn|expected active turn/i.test(error.message);
}

function unsubscribe(stop: () => void): Unsubscribe {
  const fn = (() => stop()) as Unsubscribe;
  fn.dispose = stop;
  fn[Symbol.dispose] = stop;
  return fn;
}
