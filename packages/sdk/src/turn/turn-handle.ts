import { CodexAbortError } from "@codex/app-server-protocol/light";
import type { ServerRequestHandlerList } from "../approvals/types.js";
import {
  addKeyedListener,
  listenerWarning,
  type Subscription,
  subscription,
} from "../client/listener-set.js";
import type { Session } from "../client/session.js";
import type { RoutedTurn } from "../client/turn-router.js";
import {
  MalformedTurnEventError,
  StructuredOutputError,
  TurnStalledError,
  TurnStateError,
  withTurn,
} from "../errors.js";
import { type Input, toUserInput } from "../input.js";
import type { Turn, TurnStartParams } from "../protocol-types.js";
import type { PreparedOutputSchema } from "../structured-output/output-schema.js";
import { BudgetExceededError } from "../usage/budget-errors.js";
import type { BudgetCrossings, BudgetGuard, BudgetStop } from "../usage/budget-guard.js";
import { estimateCost } from "../usage/cost.js";
import type { TurnAccounting } from "../usage/turn-accounting.js";
import type { PriceTable } from "../usage/usage-types.js";
import type { EventLog, Many } from "./event-log.js";
import type { RunResult } from "./run-result.js";
import { SubagentUsageTracker } from "./subagent-usage.js";
import type { ItemOf, ItemType, TurnEvent, TurnEventMethod, TurnEventOf } from "./turn-event.js";
import { turnEventLog } from "./turn-event-retention.js";
import { turnFailure } from "./turn-failure.js";
import { type TurnSnapshot, TurnState } from "./turn-state.js";
import {
  type AgentMessageChunk,
  agentMessageMapper,
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

/**
 * Where a turn is: waiting behind the thread's previous turn or for `turn/start` ("queued"), running on
 * the server, or settled. An abort or an interrupt settles it as "interrupted".
 */
export type TurnHandleStatus = "queued" | "running" | "completed" | "interrupted" | "failed";

/** How long an interrupt may go unconfirmed before the turn settles as interrupted locally. */
export const DEFAULT_INTERRUPT_TIMEOUT_MS = 10_000;

/** @internal What `thread.turn()` hands a new turn. */
export interface TurnInit<T> {
  readonly session: Session;
  readonly threadId: string;
  readonly params: Omit<TurnStartParams, "threadId">;
  readonly signal?: AbortSignal | undefined;
  readonly output?: PreparedOutputSchema<T> | undefined;
  readonly serverRequests?: ServerRequestHandlerList | undefined;
  /** The thread's handlers, kept here so they apply even if the Thread object is dropped mid-turn. */
  readonly threadServerRequests?: ServerRequestHandlerList | undefined;
  readonly serverRequestTimeoutMs?: number | undefined;
  readonly interruptTimeoutMs?: number | undefined;
  readonly stallTimeoutMs?: number | undefined;
  /** Events replayed verbatim to a late reader (TurnOptions.replayWindow); default: the client's, else 1000. */
  readonly replayWindow?: number | undefined;
  /** Settles when the thread's previous turn is done; this turn starts after it. */
  readonly after: Promise<unknown>;
  /**
   * Starts the turn another way than `turn/start` (`review/start`, or a turn codex starts on its own for
   * a goal): resolves with the turn whose events this handle then routes.
   */
  readonly start?: ((signal: AbortSignal | undefined) => Promise<Turn>) | undefined;
  /** The thread's usage before this turn, its model and prices (`result.usage`, `result.cost`). */
  readonly accounting?: TurnAccounting | undefined;
  /** The budgets this turn is charged to (its own, its thread's, the client's); undefined if none. */
  readonly budget?: BudgetGuard | undefined;
  /**
   * A turn already running on the server when this handle was made (found by `thread/resume`): the handle
   * is `running` at once, so an `interrupt()` right away reaches the server, and the items the turn
   * completed so far are delivered as `item/completed` events first (state, result and late readers).
   */
  readonly running?: Turn | undefined;
  /** The id `turn/interrupt` needs when it is not the turn's own (a review runs as an inner turn). */
  readonly interruptTurnId?: ((turnId: string) => string | Promise<string>) | undefined;
}

type Listener = ((event: TurnEvent) => void) & { original?: (event: never) => void };

/**
 * One turn, live. Iterate it for this turn's events only, listen with `on`/`once`, or await `result()`.
 * Breaking out of any of its loops, `interrupt()`, or the AbortSignal interrupt the turn on the server.
 */
export class TurnHandle<T = undefined> implements AsyncIterable<TurnEvent>, AsyncDisposable {
  /** The thread this turn runs on. */
  readonly threadId: string;

  readonly #session: Session;
  readonly #init: TurnInit<T>;
  readonly #log: EventLog<TurnEvent>;
  readonly #state: TurnState;
  /** The model this turn runs on, when known (turn option, thread, or codex's reroute). */
  #model: string | undefined;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #started: Promise<Turn>;
  readonly #result: Promise<RunResult<T>>;
  #resolveResult!: (result: RunResult<T>) => void;
  #rejectResult!: (error: unknown) => void;
  #resolveStarted!: (turn: Turn) => void;
  #rejectStarted!: (error: unknown) => void;
  #turn: Turn | undefined;
  #status: TurnHandleStatus = "queued";
  #startSent = false;
  #completing = false;
  #settled = false;
  #interruptWanted = false;
  #interruptSent = false;
  #abort: { reason: unknown } | undefined;
  /** A budget this turn reached: it is being interrupted and settles with this error. */
  #budgetStop: BudgetStop | undefined;
  /** Counts the subagent threads this turn spawns, from its first `collabAgentToolCall` on. */
  #subagents: SubagentUsageTracker | undefined;
  #interruptTimer: NodeJS.Timeout | undefined;
  #stallTimer: NodeJS.Timeout | undefined;
  #stallMs: number | undefined;
  #pendingServerRequests = 0;
  #stopListening: (() => void) | undefined;
  /** This turn as the router and the dispatcher reach it; private, so the public type stays as it is. */
  readonly #routed: RoutedTurn;

  /** @internal Created by `thread.turn()` / `thread.run()`. */
  constructor(init: TurnInit<T>) {
    this.threadId = init.threadId;
    this.#session = init.session;
    this.#init = init;
    if (init.running) {
      this.#turn = init.running;
      this.#status = "running";
      this.#startSent = true;
    }
    const accounting = init.accounting;
    this.#state = new TurnState(accounting && (() => accounting.baseline()));
    this.#model = init.params.model ?? accounting?.model;
    this.#routed = {
      handlers: init.serverRequests,
      threadHandlers: init.threadServerRequests,
      timeoutMs: init.serverRequestTimeoutMs,
      deliver: (event) => this.#deliver(event),
      fail: (error) => this.#fail(error),
      interrupt: () => this.interrupt(),
      result: () => this.result(),
      item: (itemId) => this.#state.item(itemId),
      serverRequestPending: (delta) => this.#serverRequestPending(delta),
    };
    this.#log = turnEventLog(init.replayWindow ?? init.session.options.replayWindow, this.#state);
    this.#started = new Promise((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    this.#result = new Promise((resolve, reject) => {
      this.#resolveResult = resolve;
      this.#rejectResult = reject;
    });
    // Callers may never await these; a rejection must not crash the process as "unhandled".
    this.#started.catch(() => {});
    this.#result.catch(() => {});
    const signal = init.signal;
    if (signal) {
      if (signal.aborted) this.#abort = { reason: signal.reason };
      else {
        const onAbort = (): void => this.#onAbort(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        // A long-lived signal must not keep settled turns (and their events) alive.
        this.#stopListening = () => signal.removeEventListener("abort", onAbort);
      }
    }
    init.session.trackTurn(this);
    void this.#begin();
  }

  /** The turn id, once `turn/start` answered. */
  get id(): string | undefined {
    return this.#turn?.id;
  }

  /** Where the turn is now: queued, running, or how it settled. */
  get status(): TurnHandleStatus {
    return this.#status;
  }

  /** Resolves with the turn as `turn/start` returned it (status inProgress); rejects if it never started. */
  started(): Promise<Turn> {
    return this.#started;
  }

  /**
   * Resolves when the turn completes or is interrupted; rejects with TurnFailedError, CodexAbortError,
   * StructuredOutputError, TurnStalledError, a ProtocolError for a malformed completion, or the
   * connection's error. Always settles.
   */
  result(): Promise<RunResult<T>> {
    return this.#result;
  }

  /** What the turn looks like so far: items, the message being written, plan, diff, usage. */
  snapshot(): TurnSnapshot {
    const snapshot = this.#state.snapshot();
    return { ...snapshot, cost: estimateCost(snapshot.usage, this.#model, this.#prices()) };
  }

  /** Adds input to the running turn (`turn/steer`). */
  async steer(input: Input): Promise<void> {
    const userInput = toUserInput(input);
    const turn = await this.#started;
    if (this.#settled || this.#completing) throw new TurnStateError(`Turn ${turn.id} has already finished.`);
    await this.#session.callStable("turn/steer", {
      threadId: this.threadId,
      expectedTurnId: turn.id,
      input: userInput,
    });
  }

  /**
   * Interrupts the turn and resolves once it has settled. A turn still queued settles at once (nothing
   * is sent); a running one when the server confirms, or after `interruptTimeoutMs` at the latest.
   */
  async interrupt(): Promise<void> {
    this.#requestInterrupt();
    await this.#result.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Calls `handler` for every event of this kind. */
  on<M extends TurnEventMethod>(method: M, handler: (event: TurnEventOf<M>) => void): Subscription {
    return this.#addListener(method, handler as Listener);
  }

  /** Stops calling `handler` (added with `on` or `once`) for this kind of event. */
  off<M extends TurnEventMethod>(method: M, handler: (event: TurnEventOf<M>) => void): void {
    const set = this.#listeners.get(method);
    if (!set) return;
    for (const entry of set) {
      if (entry === (handler as unknown) || entry.original === handler) set.delete(entry);
    }
  }

  /** Calls `handler` for the next event of this kind only. */
  once<M extends TurnEventMethod>(method: M, handler: (event: TurnEventOf<M>) => void): Subscription {
    const wrapper: Listener = (event) => {
      stop();
      handler(event as TurnEventOf<M>);
    };
    wrapper.original = handler;
    const stop = this.#addListener(method, wrapper);
    return stop;
  }

  /** Calls `handler` when an item of this type starts and when it completes. */
  onItem<K extends ItemType>(
    type: K,
    handler: (item: ItemOf<K>, phase: "started" | "completed") => void,
  ): Subscription {
    const started = this.on("item/started", ({ params }) => {
      if (params.item.type === type) handler(params.item as ItemOf<K>, "started");
    });
    const completed = this.on("item/completed", ({ params }) => {
      if (params.item.type === type) handler(params.item as ItemOf<K>, "completed");
    });
    return subscription(() => {
      started();
      completed();
    });
  }

  /**
   * This turn's events in order; `break` interrupts the turn. An iterator started late gets the turn's
   * lifecycle events so far, earlier deltas merged per item, the last `replayWindow` events, then live
   * ones (docs/streaming-events.md).
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<TurnEvent> {
    return this.#log.reader(
      (event) => event,
      () => this.#requestInterrupt(),
    );
  }

  /**
   * The agent's message text as it streams: every agent message of the turn in order, with "\n\n" between
   * two messages. A message that arrived without deltas is yielded whole when it completes. Of a turn
   * reattached mid-stream (`runningTurn()` after `resumeThread`), the message already streaming yields
   * only the deltas from the reattach on; `result().finalResponse` has its whole text.
   */
  get textStream(): AsyncIterable<string> {
    return this.#stream(() => textMapper(this.#init.running !== undefined));
  }

  /** The same text as `textStream`, per message: each chunk names its agent message; no separators. */
  get agentMessageStream(): AsyncIterable<AgentMessageChunk> {
    return this.#stream(() => agentMessageMapper(this.#init.running !== undefined));
  }

  /**
   * The model's reasoning (summary and raw text) as it streams. A reasoning item that streamed no deltas
   * yields its whole summary and content parts when it completes.
   */
  get reasoningStream(): AsyncIterable<ReasoningChunk> {
    return this.#stream(reasoningMapper);
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

  /** The agent's plan, each time it changes. */
  get planStream(): AsyncIterable<PlanUpdate> {
    return this.#stream(() => planMapper);
  }

  /** `await using turn = thread.turn(...)`: interrupts the turn if it is still running. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#settled) await this.interrupt();
  }

  #addListener(method: string, listener: Listener): Subscription {
    return addKeyedListener(this.#listeners, method, listener);
  }

  /** `newMapper` runs per reader: stateful mappers (text, command output) must not share state. */
  #stream<U>(newMapper: () => (event: TurnEvent) => U | Many<U> | undefined): AsyncIterable<U> {
    return { [Symbol.asyncIterator]: () => this.#log.reader(newMapper(), () => this.#requestInterrupt()) };
  }

  #deliver(event: TurnEvent): void {
    if (this.#settled || this.#completing) return;
    this.#stallTimer?.refresh();
    try {
      this.#state.apply(event);
      if (event.method === "thread/tokenUsage/updated")
        this.#init.accounting?.report(event.params.tokenUsage);
      else if (event.method === "model/rerouted") this.#model = event.params.toModel;
      else if (event.method === "item/started" && event.params.item.type === "collabAgentToolCall")
        this.#trackSubagents();
    } catch (error) {
      this.#fail(new MalformedTurnEventError(event, error));
      return;
    }
    this.#log.push(event);
    const listeners = this.#listeners.get(event.method);
    if (listeners) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.#session.warn(listenerWarning("turn", error, event.method));
        }
      }
    }
    if (event.method === "thread/tokenUsage/updated") this.#chargeBudget();
    if (event.method !== "turn/completed") return;
    try {
      this.#complete(event);
    } catch (error) {
      // Whatever went wrong while completing, the turn settles and the thread's queue moves on.
      this.#fail(new MalformedTurnEventError(event, error));
    }
  }

  async #begin(): Promise<void> {
    const session = this.#session;
    try {
      await this.#init.after.catch(() => undefined);
      // interrupt(), a `break` or the signal while queued settled the turn already: send nothing.
      if (this.#settled) return;
      this.#throwIfAborted();
      await session.ensureConnection(this.#init.signal);
      if (this.#settled) return;
      this.#throwIfAborted();
      // A turn/start turn over a budget is not started; a turn codex started (a goal's) is stopped below.
      const refusal = this.#init.start ? undefined : this.#init.budget?.refusal(this.#model, this.#prices());
      if (refusal) throw refusal;
      this.#startSent = true;
      const release = session.router.expectTurn(this.threadId);
      try {
        const turn = this.#init.start
          ? await this.#init.start(this.#init.signal)
          : (await session.callStable("turn/start", { ...this.#init.params, threadId: this.threadId })).turn;
        if (typeof turn?.id !== "string") {
          throw new MalformedTurnEventError({ method: "turn/start", params: { turn } }, "no turn id");
        }
        this.#turn = turn;
        if (this.#settled) return;
        this.#status = "running";
        for (const item of this.#init.running?.items ?? []) {
          this.#deliver({
            method: "item/completed",
            params: { item, threadId: this.threadId, turnId: turn.id },
          } as TurnEventOf<"item/completed">);
        }
        session.router.claim(this.threadId, turn.id, this.#routed);
        this.#resolveStarted(turn);
      } finally {
        release();
      }
      this.#armStallWatchdog();
      this.#budgetStarted();
      if (this.#abort || this.#interruptWanted) this.#requestInterrupt();
    } catch (error) {
      this.#fail(
        error instanceof CodexAbortError || !this.#abort ? error : new CodexAbortError(this.#abort.reason),
      );
    }
  }

  #onAbort(reason: unknown): void {
    if (this.#settled) return;
    this.#abort = { reason };
    this.#requestInterrupt();
  }

  #throwIfAborted(): void {
    if (this.#abort) throw new CodexAbortError(this.#abort.reason);
  }

  #requestInterrupt(): void {
    this.#interruptWanted = true;
    if (this.#settled || this.#completing) return;
    if (!this.#startSent) {
      // Nothing was sent yet: settle now instead of waiting for the turns queued before this one.
      this.#fail(
        new CodexAbortError(this.#abort ? this.#abort.reason : "interrupted before the turn started"),
      );
      return;
    }
    const turn = this.#turn;
    if (!turn || this.#interruptSent) return;
    this.#interruptSent = true;
    this.#armInterruptTimeout(turn);
    const target = this.#init.interruptTurnId?.(turn.id) ?? turn.id;
    Promise.resolve(target)
      .then((id) => this.#session.interruptTurn(this.threadId, id))
      .catch((error: unknown) => {
        // "no active turn": it finished meanwhile and turn/completed is on its way or already here.
        if (this.#settled || this.#completing || isNoActiveTurn(error)) return;
        if (this.#abort) this.#fail(new CodexAbortError(this.#abort.reason));
        else if (this.#budgetStop) this.#fail(this.#budgetStop);
      });
  }

  /** Bounds the wait for the server's `turn/completed` after an interrupt. */
  #armInterruptTimeout(turn: Turn): void {
    const ms =
      this.#init.interruptTimeoutMs ??
      this.#session.options.interruptTimeoutMs ??
      DEFAULT_INTERRUPT_TIMEOUT_MS;
    if (ms <= 0) return;
    this.#interruptTimer = setTimeout(() => {
      if (this.#settled || this.#completing) return;
      this.#session.warn({
        kind: "interruptTimeout",
        method: "turn/interrupt",
        message: `codex did not confirm the interrupt of turn ${turn.id} within ${ms} ms; settled it as interrupted locally`,
      });
      try {
        this.#complete({
          method: "turn/completed",
          params: { threadId: this.threadId, turn: { ...turn, status: "interrupted", items: [] } },
        } as TurnEventOf<"turn/completed">);
      } catch (error) {
        this.#fail(error);
      }
    }, ms);
  }

  /** Opt-in: fail the turn when no event arrives for `stallTimeoutMs` (paused while a server request waits). */
  #armStallWatchdog(): void {
    const ms = this.#init.stallTimeoutMs ?? this.#session.options.stallTimeoutMs;
    if (ms === undefined || ms <= 0) return;
    this.#stallMs = ms;
    this.#resumeStallWatchdog();
  }

  #resumeStallWatchdog(): void {
    const ms = this.#stallMs;
    if (ms === undefined || this.#settled || this.#completing || this.#pendingServerRequests > 0) return;
    this.#stallTimer = setTimeout(() => this.#onStall(ms), ms);
  }

  #serverRequestPending(delta: 1 | -1): void {
    this.#pendingServerRequests = Math.max(0, this.#pendingServerRequests + delta);
    if (this.#pendingServerRequests > 0) {
      // A human may take minutes to answer an approval: that is not a stall.
      clearTimeout(this.#stallTimer);
      this.#stallTimer = undefined;
    } else if (!this.#stallTimer) this.#resumeStallWatchdog();
  }

  #onStall(ms: number): void {
    if (this.#settled || this.#completing) return;
    const turn = this.#turn;
    this.#fail(new TurnStalledError(this.threadId, turn?.id, ms));
    // Best effort: stop the silent turn on the server too.
    if (turn) this.#session.interruptTurn(this.threadId, turn.id).catch(() => {});
  }

  #complete(event: TurnEventOf<"turn/completed">): void {
    const turn = event.params.turn as Turn | null | undefined;
    if (!isSettledTurn(turn)) {
      throw new Error("turn/completed without a turn that has an id, a final status and an items list");
    }
    this.#completing = true;
    this.#release(turn.id);
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
      cost: estimateCost(snapshot.usage, this.#model, this.#prices()),
      diff: snapshot.diff,
      subagents: this.#subagents?.list(this.#prices()) ?? [],
    };
    if (this.#abort) {
      this.#fail(new CodexAbortError(this.#abort.reason));
      return;
    }
    const budgetStop = this.#budgetStop;
    if (budgetStop) {
      this.#fail(
        budgetStop instanceof BudgetExceededError
          ? new BudgetExceededError(budgetStop, this.threadId, turn.id, snapshot.usage)
          : budgetStop,
      );
      return;
    }
    if (turn.status === "failed") {
      this.#fail(turnFailure(turn, this.threadId));
      return;
    }
    const output = this.#init.output;
    if (!output) {
      this.#succeed({ ...base, output: undefined as T });
      return;
    }
    output.parse(turn.status === "completed" ? (finalResponse ?? "") : "").then(
      (value) => this.#succeed({ ...base, output: value }),
      (error: unknown) =>
        this.#fail(
          error instanceof StructuredOutputError
            ? withTurn(error, { turnId: turn.id, items, usage: snapshot.usage })
            : error,
        ),
    );
  }

  /** The turn started: a goal turn codex began over a budget stops; otherwise the turn is counted. */
  #budgetStarted(): void {
    const guard = this.#init.budget;
    if (!guard) return;
    const refusal = this.#init.start ? guard.refusal(this.#model, this.#prices()) : undefined;
    this.#onBudget(refusal ? { stop: refusal, warnings: [] } : guard.started());
  }

  /** Codex reported usage: charge its growth to every budget of this turn. */
  #chargeBudget(): void {
    const guard = this.#init.budget;
    if (!guard || this.#budgetStop) return;
    this.#onBudget(guard.charge(this.#state.usage, this.#model, this.#prices(), this.#turn?.id));
  }

  #onBudget({ stop, warnings }: BudgetCrossings): void {
    for (const status of warnings) {
      const params = { ...status, threadId: this.threadId, turnId: this.#turn?.id };
      this.#session.warn({
        kind: "budgetWarning",
        message: `${status.spent} of the ${status.scope} budget's ${status.max} ${status.limit} spent (warning at ${Math.round(status.fraction * 100)}%)`,
        budget: params,
      });
      this.#deliver({ method: "sdk/budgetWarning", params });
    }
    if (stop && !this.#budgetStop) {
      this.#budgetStop = stop;
      this.#requestInterrupt();
    }
  }

  #trackSubagents(): void {
    const turnId = this.#turn?.id;
    if (this.#subagents || turnId === undefined) return;
    this.#subagents = new SubagentUsageTracker(this.#session, turnId, (_childTurn, growth, model) => {
      const guard = this.#init.budget;
      if (guard && !this.#budgetStop)
        this.#onBudget(guard.chargeGrowth(growth, model, this.#prices(), turnId));
    });
  }

  /** The client's `prices` with the thread's over them. */
  #prices(): PriceTable | undefined {
    const client = this.#session.options.prices;
    const thread = this.#init.accounting?.prices;
    return client && thread ? { ...client, ...thread } : (thread ?? client);
  }

  #release(turnId: string | undefined): void {
    if (turnId !== undefined) this.#session.router.release(this.threadId, turnId, this.#routed);
  }

  #stopTimers(): void {
    this.#subagents?.stop();
    if (this.#interruptTimer) clearTimeout(this.#interruptTimer);
    if (this.#stallTimer) clearTimeout(this.#stallTimer);
    this.#stopListening?.();
  }

  /** The connection closed, starting failed, or the turn could not complete: settle with `error`. */
  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#session.untrackTurn(this);
    this.#status =
      error instanceof CodexAbortError || (this.#budgetStop !== undefined && this.#turn !== undefined)
        ? "interrupted"
        : "failed";
    this.#stopTimers();
    this.#release(this.#turn?.id);
    this.#rejectStarted(error);
    this.#log.end({ error });
    this.#rejectResult(error);
  }

  #succeed(result: RunResult<T>): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#session.untrackTurn(this);
    this.#status = result.status === "interrupted" ? "interrupted" : "completed";
    this.#stopTimers();
    this.#log.end();
    this.#resolveResult(result);
  }
}

const SETTLED_STATUSES: ReadonlySet<string> = new Set(["completed", "interrupted", "failed"]);

/** A `turn/completed` turn the SDK can build a result from. */
function isSettledTurn(turn: Turn | null | undefined): turn is Turn {
  return (
    typeof turn === "object" &&
    turn !== null &&
    typeof turn.id === "string" &&
    SETTLED_STATUSES.has(turn.status) &&
    Array.isArray(turn.items)
  );
}

function isNoActiveTurn(error: unknown): boolean {
  return error instanceof Error && /no active turn|expected active turn/i.test(error.message);
}
