/**
 * `thread.startGoal(objective)`: goal-driven work as one handle. Setting an active goal makes codex start
 * turns on its own (the first at once, then a continuation after each turn while the goal stays active)
 * until the model marks the goal complete or blocked, a budget runs out, or someone pauses it. Each of
 * those turns is claimed as a TurnHandle (so it streams, routes server requests and settles like
 * `thread.turn()`); the handle settles with the goal's outcome once no more turns will come.
 */
import { AsyncResource } from "node:async_hooks";
import { CodexAbortError, CodexError } from "@codex/app-server-protocol/light";
import { type Subscription, subscription } from "../client/listener-set.js";
import type { Turn } from "../protocol-types.js";
import type { RunResult } from "../turn/run-result.js";
import { type ServerTurnOptions, serverTurnInit, type ThreadContext } from "../turn/server-started-turn.js";
import type { TurnEvent, TurnEventMethod, TurnEventOf } from "../turn/turn-event.js";
import { TurnHandle, type TurnHandleStatus } from "../turn/turn-handle.js";
import { NO_INPUT, type TurnStartMessage, turnStartChannel } from "../turn/turn-start-channel.js";
import type { GoalResult, ThreadGoal } from "./goal-types.js";

/** Options of `thread.startGoal()` / `thread.runGoal()`. */
export interface GoalOptions extends ServerTurnOptions {
  /** Tokens the goal may use; codex stops it as "budgetLimited" beyond that. */
  readonly tokenBudget?: number;
  /** Pause the goal after this many turns (a guard against endless continuation). Default: no limit. */
  readonly maxTurns?: number;
}

type Listener = (event: TurnEvent) => void;

/**
 * Goal-driven work, live. Iterate it for the events of every goal turn in order (`break` pauses the goal
 * and interrupts the running turn), iterate `turns` for the turn handles, or await `result()`.
 */
export class GoalHandle implements AsyncIterable<TurnEvent>, AsyncDisposable {
  /** The thread the goal runs on. */
  readonly threadId: string;

  readonly #context: ThreadContext;
  readonly #options: GoalOptions;
  readonly #turns: TurnHandle<undefined>[] = [];
  readonly #results: RunResult[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #turnSubscriptions = new Map<string, Map<Listener, Subscription[]>>();
  readonly #result: Promise<GoalResult>;
  #resolve!: (result: GoalResult) => void;
  #reject!: (error: unknown) => void;
  #wake: (() => void) | undefined;
  #goal: ThreadGoal | undefined;
  #status: TurnHandleStatus = "queued";
  #settled = false;
  #stopping: Promise<void> | undefined;
  #pauseFailed = false;
  #interruptRequested = false;
  #abortReason: { reason: unknown } | undefined;
  #cleanup: (() => void)[] = [];
  /** The startGoal caller's async context, for the turn-start channel (only captured when it has subscribers). */
  readonly #callerScope: AsyncResource | undefined;

  /** @internal Created by `thread.startGoal()`. */
  constructor(context: ThreadContext, objective: string, options: GoalOptions = {}) {
    if (typeof objective !== "string" || objective.trim() === "") {
      throw new CodexError("A goal needs a non-empty objective.");
    }
    this.threadId = context.threadId;
    this.#context = context;
    this.#callerScope = turnStartChannel.hasSubscribers ? new AsyncResource("CodexGoalTurns") : undefined;
    this.#options = options;
    this.#result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#result.catch(() => {});
    void this.#begin(objective);
  }

  /** The goal as codex last reported it (undefined until `thread/goal/set` answered). */
  get goal(): ThreadGoal | undefined {
    return this.#goal;
  }

  /** Queued behind the thread's previous work, running, or how it settled. */
  get status(): TurnHandleStatus {
    return this.#status;
  }

  /** Resolves with the goal's outcome and every turn's result; rejects if a goal turn fails. Always settles. */
  result(): Promise<GoalResult> {
    return this.#result;
  }

  /** Pauses the goal (so codex starts no further turn), interrupts the running turn, and waits until settled. */
  async interrupt(): Promise<void> {
    await this.#stop();
    await this.#result.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Each goal turn's handle, as codex starts it. */
  get turns(): AsyncIterable<TurnHandle<undefined>> {
    return { [Symbol.asyncIterator]: () => this.#turnHandles() };
  }

  /** The agent's text of every goal turn, in order (see `TurnHandle.textStream`). */
  get textStream(): AsyncIterable<string> {
    const turns = this.turns;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const turn of turns) yield* turn.textStream;
      },
    };
  }

  /** Every event of every goal turn, in order; `break` pauses the goal and interrupts the running turn. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TurnEvent> {
    let finished = false;
    try {
      for await (const turn of this.turns) yield* turn;
      finished = true;
    } finally {
      if (!finished && !this.#settled) void this.#stop();
    }
  }

  /** Calls `handler` for every event of this kind, on every goal turn (running and later ones). */
  on<M extends TurnEventMethod>(method: M, handler: (event: TurnEventOf<M>) => void): Subscription {
    const listener = handler as Listener;
    let set = this.#listeners.get(method);
    if (!set) {
      set = new Set();
      this.#listeners.set(method, set);
    }
    set.add(listener);
    let byListener = this.#turnSubscriptions.get(method);
    if (!byListener) {
      byListener = new Map();
      this.#turnSubscriptions.set(method, byListener);
    }
    byListener.set(
      listener,
      this.#turns.map((turn) => turn.on(method, listener as never)),
    );
    return subscription(() => this.off(method, handler));
  }

  /** Stops calling `handler` for this kind of event. */
  off<M extends TurnEventMethod>(method: M, handler: (event: TurnEventOf<M>) => void): void {
    const listener = handler as Listener;
    this.#listeners.get(method)?.delete(listener);
    for (const stop of this.#turnSubscriptions.get(method)?.get(listener) ?? []) stop();
    this.#turnSubscriptions.get(method)?.delete(listener);
  }

  /** Calls `handler` for the next event of this kind only. */
  once<M extends TurnEventMethod>(method: M, handler: (event: TurnEventOf<M>) => void): Subscription {
    const wrapper = (event: TurnEventOf<M>): void => {
      this.off(method, wrapper);
      handler(event);
    };
    return this.on(method, wrapper);
  }

  /** `await using goal = thread.startGoal(...)`: pauses and interrupts it if it is still running. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#settled) await this.interrupt();
  }

  async *#turnHandles(): AsyncGenerator<TurnHandle<undefined>> {
    let next = 0;
    for (;;) {
      const turn = this.#turns[next];
      if (turn) {
        next++;
        yield turn;
        continue;
      }
      if (this.#settled) return;
      await new Promise<void>((resolve) => {
        const previous = this.#wake;
        this.#wake = () => {
          previous?.();
          resolve();
        };
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #begin(objective: string): Promise<void> {
    const { session, threadId } = this.#context;
    const signal = this.#options.signal;
    try {
      await this.#context.after.catch(() => undefined);
      if (signal?.aborted) throw new CodexAbortError(signal.reason);
      // A thread or client budget already used up: do not set the goal (codex would start a turn at once).
      const accounting = this.#context.accounting;
      const refusal = this.#context.budget?.()?.refusal(accounting?.model, accounting?.prices);
      if (refusal) throw refusal;
      const connection = await session.ensureConnection(signal);
      if (this.#settled) return;
      // Held from here to the end: events of a goal turn that arrive before it is claimed wait for it.
      this.#cleanup.push(session.router.expectTurn(threadId));
      this.#cleanup.push(
        session.notifications.add((event) => {
          if (event.params === undefined || (event.params as { threadId?: unknown }).threadId !== threadId)
            return;
          if (event.method === "turn/started") this.#onTurnStarted(event.params.turn);
          else if (event.method === "thread/goal/updated") this.#onGoal(event.params.goal);
          else if (event.method === "thread/goal/cleared") this.#goalCleared();
        }),
      );
      void connection.closed.then((error) => this.#fail(error));
      if (signal) {
        const onAbort = (): void => {
          this.#abortReason = { reason: signal.reason };
          void this.#stop();
        };
        signal.addEventListener("abort", onAbort, { once: true });
        this.#cleanup.push(() => signal.removeEventListener("abort", onAbort));
      }
      this.#status = "running";
      const { goal } = await session.callStable(
        "thread/goal/set",
        {
          threadId,
          objective,
          status: "active",
          ...(this.#options.tokenBudget !== undefined && { tokenBudget: this.#options.tokenBudget }),
        },
        { signal },
      );
      this.#goal ??= goal;
      this.#maybeSettle();
    } catch (error) {
      this.#fail(
        error instanceof CodexAbortError || !signal?.aborted ? error : new CodexAbortError(signal.reason),
      );
    }
  }

  #onTurnStarted(turn: Turn): void {
    if (this.#settled || this.#context.session.router.find(this.threadId, turn.id)) return;
    const handle = new TurnHandle<undefined>(
      serverTurnInit(
        this.#context,
        { ...this.#options, signal: undefined },
        async () => turn,
        Promise.resolve(),
      ),
    );
    for (const [method, listeners] of this.#listeners) {
      for (const listener of listeners)
        this.#turnSubscriptions
          .get(method)
          ?.get(listener)
          ?.push(handle.on(method as never, listener));
    }
    this.#turns.push(handle);
    if (turnStartChannel.hasSubscribers) this.#publishTurnStart(handle);
    this.#notify();
    // Started while an interrupt was on its way (the pause reached codex after it began this turn).
    if (this.#interruptRequested) void interruptStarted(handle);
    handle.result().then(
      (result) => this.#onTurnSettled(result),
      (error: unknown) =>
        this.#fail(this.#abortReason ? new CodexAbortError(this.#abortReason.reason) : error),
    );
    const max = this.#options.maxTurns;
    if (max !== undefined && this.#turns.length >= max) void this.#pause();
  }

  /** Publishes a claimed goal turn like `thread.turn()` does, in the startGoal caller's context. */
  #publishTurnStart(turn: TurnHandle<undefined>): void {
    const message: TurnStartMessage = {
      turn: turn as TurnHandle<unknown>,
      threadId: this.threadId,
      input: NO_INPUT,
      options: this.#options,
    };
    if (this.#callerScope) this.#callerScope.runInAsyncScope(() => turnStartChannel.publish(message));
    else turnStartChannel.publish(message);
  }

  #onTurnSettled(result: RunResult): void {
    this.#results.push(result);
    if (this.#abortReason) this.#fail(new CodexAbortError(this.#abortReason.reason));
    else this.#maybeSettle();
  }

  #onGoal(goal: ThreadGoal): void {
    this.#goal = goal;
    this.#maybeSettle();
  }

  #goalCleared(): void {
    if (this.#goal) this.#goal = { ...this.#goal, status: "paused" };
    this.#maybeSettle();
  }

  /** Settles once the goal is no longer active (or is being stopped) and no goal turn is still running. */
  #maybeSettle(): void {
    const goal = this.#goal;
    if (this.#settled || !goal) return;
    // A pause counts once codex confirmed it: a turn it started before the pause may still be announced.
    if (goal.status === "active" && !this.#pauseFailed) return;
    if (this.#results.length < this.#turns.length) return;
    this.#settle("completed");
    this.#resolve({
      goal,
      status: goal.status,
      turns: this.#results,
      finalResponse: this.#results.at(-1)?.finalResponse ?? null,
    });
  }

  /** Pauses the goal on the server so no continuation starts. */
  async #pause(): Promise<void> {
    try {
      const { goal } = await this.#context.session.callStable("thread/goal/set", {
        threadId: this.threadId,
        status: "paused",
      });
      this.#goal = goal;
    } catch {
      // The goal may be gone already (cleared, connection closed): settle without the confirmation.
      this.#pauseFailed = true;
    }
    this.#maybeSettle();
  }

  /** interrupt(), the signal, or a `break`: pause, then interrupt the running turn. */
  #stop(): Promise<void> {
    if (this.#settled) return Promise.resolve();
    this.#interruptRequested = true;
    this.#stopping ??= (async () => {
      if (this.#status === "queued") {
        this.#fail(new CodexAbortError(this.#abortReason?.reason));
        return;
      }
      await this.#pause();
      await Promise.all(this.#turns.map(interruptStarted));
      this.#maybeSettle();
    })();
    return this.#stopping;
  }

  #settle(status: TurnHandleStatus): void {
    this.#settled = true;
    this.#status = status === "completed" && this.#interruptRequested ? "interrupted" : status;
    for (const stop of this.#cleanup) stop();
    this.#cleanup = [];
    this.#notify();
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    const aborted = error instanceof CodexAbortError;
    this.#settle(aborted ? "interrupted" : "failed");
    // Nobody follows the goal any more: stop codex from continuing it (best effort; paused, not cleared).
    if (!aborted && this.#goal?.status === "active" && this.#context.session.connection?.isClosed === false) {
      void this.#pause();
    }
    for (const turn of this.#turns)
      if (turn.status === "queued" || turn.status === "running") void turn.interrupt();
    this.#reject(error);
  }
}

/**
 * Interrupts a goal turn once its handle has claimed it: interrupting a handle that has not claimed its
 * turn yet would only settle the handle locally and leave codex's turn running.
 */
function interruptStarted(turn: TurnHandle<undefined>): Promise<void> {
  return turn.started().then(
    () => turn.interrupt(),
    () => undefined,
  );
}
