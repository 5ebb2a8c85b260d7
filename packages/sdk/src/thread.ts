import type { RequestOptions } from "@codex/app-server-protocol";
import type { Session } from "./client/session.js";
import { clearGoal, readGoal, setGoal } from "./goals/goal-calls.js";
import { GoalHandle, type GoalOptions } from "./goals/goal-handle.js";
import type { GoalResult, GoalUpdate, ThreadGoal } from "./goals/goal-types.js";
import { type Input, toUserInput } from "./input.js";
import type { ThreadInfo, ThreadTokenUsage, Turn, TurnStartParams } from "./protocol-types.js";
import { ReviewHandle, type ReviewOptions, type ReviewTarget } from "./review/review-handle.js";
import { prepareOutputSchema } from "./structured-output/output-schema.js";
import type { OutputOf, OutputSchema } from "./structured-output/schema-types.js";
import type { ThreadOptions, TurnOptions } from "./thread-options.js";
import { threadParams, turnParams } from "./thread-params.js";
import { assertToolsAllowed, threadServerRequests } from "./tools/thread-tools.js";
import type { RunResult } from "./turn/run-result.js";
import { serverTurnInit, type ThreadContext } from "./turn/server-started-turn.js";
import { TurnHandle } from "./turn/turn-handle.js";
import { NO_INPUT, type TurnStartMessage, turnStartChannel } from "./turn/turn-start-channel.js";
import type { BudgetMeter } from "./usage/budget-meter.js";
import { clientMeter, threadMeter, turnGuard } from "./usage/budget-scopes.js";
import type { TurnBudget } from "./usage/budget-types.js";
import { ThreadUsageTracker } from "./usage/turn-accounting.js";

/** Output type of a turn run with options `O`. */
export type TurnOutput<O> = O extends { outputSchema: infer S extends OutputSchema }
  ? OutputOf<S>
  : undefined;

/** Options of `thread.fork()` / `codex.forkThread()`. */
export interface ForkThreadOptions extends ThreadOptions {
  /** Fork through this turn (inclusive); later turns are left out. */
  readonly lastTurnId?: string;
}

/** Options of `thread.read()` / `codex.readThread()`. */
export interface ReadThreadOptions extends RequestOptions {
  /** Include the thread's stored turns. */
  readonly includeTurns?: boolean;
}

export { TURN_START_CHANNEL, type TurnStartMessage } from "./turn/turn-start-channel.js";

/**
 * One conversation with the agent. Turns on a thread run one at a time: `turn()` while another turn of
 * this thread is running waits for it to finish (codex would otherwise fold the new input into the
 * running turn under the same id). To add input to the running turn, use `turn.steer(input)`.
 */
export class Thread {
  /** The options this thread was started or resumed with. */
  readonly options: ThreadOptions;
  readonly #session: Session;
  #info: ThreadInfo;
  #tail: Promise<unknown> = Promise.resolve();
  readonly #usage = new ThreadUsageTracker();
  readonly #budget: BudgetMeter | undefined;
  /** The turn last started here (or found running on resume), for `runningTurn()`. */
  #latest: TurnHandle<unknown> | undefined;

  /** @internal Threads come from `codex.startThread()`, `resumeThread()` or `forkThread()`. */
  constructor(session: Session, info: ThreadInfo, options: ThreadOptions) {
    this.#session = session;
    this.#info = info;
    this.options = options;
    this.#budget = threadMeter(options.budget);
  }

  /** The thread id. */
  get id(): string {
    return this.#info.id;
  }

  /** The thread as the server last described it (from start/resume/fork/read). */
  get info(): ThreadInfo {
    return this.#info;
  }

  /**
   * The thread's running token usage as codex last reported it in this client's turns: `total` (the
   * thread's cumulative usage over all its turns, earlier sessions' included once codex reported it),
   * `last` (the latest model call's usage) and `modelContextWindow`. Undefined before the first report.
   */
  usage(): ThreadTokenUsage | undefined {
    return this.#usage.current;
  }

  /** The model this thread runs on, as the server last described it (or as its options asked). */
  #model(): string | undefined {
    return this.#info.model ?? this.options.model;
  }

  /**
   * Starts a turn and returns its live handle at once (iterate it, or await `result()`). Input codex
   * cannot take throws here, before anything is sent (UnsupportedInputError, also for an empty input;
   * OutputSchemaError for a schema that cannot be used).
   */
  turn<const O extends TurnOptions<OutputSchema | undefined> = TurnOptions>(
    input: Input,
    options?: O,
  ): TurnHandle<TurnOutput<O>> {
    const opts: TurnOptions<OutputSchema | undefined> = options ?? {};
    const output = opts.outputSchema ? prepareOutputSchema(opts.outputSchema) : undefined;
    const handle = new TurnHandle<TurnOutput<O>>({
      session: this.#session,
      threadId: this.id,
      params: {
        ...turnParams(opts),
        input: toUserInput(input),
        // A JSON Schema is JSON; the generated type says so more narrowly than JsonSchema.
        ...(output && { outputSchema: output.jsonSchema as TurnStartParams["outputSchema"] }),
      },
      signal: opts.signal,
      output: output as never,
      serverRequests: opts.serverRequests,
      threadServerRequests: threadServerRequests(this.#session, this.options),
      serverRequestTimeoutMs: opts.serverRequestTimeoutMs ?? this.options.serverRequestTimeoutMs,
      interruptTimeoutMs: opts.interruptTimeoutMs ?? this.options.interruptTimeoutMs,
      stallTimeoutMs: opts.stallTimeoutMs ?? this.options.stallTimeoutMs,
      replayWindow: opts.replayWindow ?? this.options.replayWindow,
      accounting: this.#usage.accounting(opts.model ?? this.#model(), this.options.prices),
      budget: this.#budgetGuard(opts.budget),
      after: this.#tail,
    });
    this.#tail = handle.result().catch(() => undefined);
    this.#latest = handle as TurnHandle<unknown>;
    if (turnStartChannel.hasSubscribers) {
      turnStartChannel.publish({
        turn: handle as TurnHandle<unknown>,
        threadId: this.id,
        input,
        options: opts,
      } satisfies TurnStartMessage);
    }
    return handle;
  }

  /**
   * The turn running on this thread now, as a live handle: the last one started through this object
   * while it is queued or running, or the turn that was still running on the server when
   * `codex.resumeThread()` returned this thread (another process started it; this handle streams the
   * rest of it and resolves with its result). Undefined when no turn runs.
   */
  runningTurn(): TurnHandle<unknown> | undefined {
    const turn = this.#latest;
    return turn && (turn.status === "queued" || turn.status === "running") ? turn : undefined;
  }

  /**
   * @internal `thread/resume` found `turn` still running (started by another client, e.g. a process that
   * died): a handle that streams the rest of it. Later turns of this thread wait for it, as for any turn.
   */
  attachRunningTurn(turn: Turn): TurnHandle<undefined> {
    const handle = new TurnHandle<undefined>({
      ...serverTurnInit(this.#context(), {}, async () => turn, Promise.resolve()),
      running: turn,
    });
    this.#tail = handle.result().catch(() => undefined);
    this.#latest = handle as TurnHandle<unknown>;
    return handle;
  }

  /** Runs a turn to the end. Resolves with the final response, items, usage and typed `output`. */
  run<const O extends TurnOptions<OutputSchema | undefined> = TurnOptions>(
    input: Input,
    options?: O,
  ): Promise<RunResult<TurnOutput<O>>> {
    try {
      return this.turn(input, options).result();
    } catch (error) {
      // Input refused locally (empty, a remote image URL): a rejection, as from any other failure.
      return Promise.reject(error);
    }
  }

  /** Copies this thread (through `lastTurnId` when given) into a new thread. */
  fork(options: ForkThreadOptions = {}): Promise<Thread> {
    return forkThread(this.#session, this.id, { ...this.options, ...options });
  }

  /** Reads the thread from the server (with its turns when `includeTurns`). */
  async read(options: ReadThreadOptions = {}): Promise<ThreadInfo> {
    const { includeTurns, ...requestOptions } = options;
    const { thread } = await this.#session.callStable(
      "thread/read",
      { threadId: this.id, includeTurns: !!includeTurns },
      requestOptions,
    );
    this.#info = thread;
    return thread;
  }

  /** The thread's stored turns, oldest first (`thread/read` with `includeTurns`). */
  async turns(options: RequestOptions = {}): Promise<Turn[]> {
    const thread = await this.read({ ...options, includeTurns: true });
    return thread.turns ?? [];
  }

  /** Names the thread (`thread/name/set`). */
  async setName(name: string, options?: RequestOptions): Promise<void> {
    await this.#session.callStable("thread/name/set", { threadId: this.id, name }, options);
  }

  /** Archives the thread (`thread/archive`). */
  async archive(options?: RequestOptions): Promise<void> {
    await this.#session.callStable("thread/archive", { threadId: this.id }, options);
  }

  /**
   * Takes the thread out of the archive (`thread/unarchive`) and loads it again (`thread/resume` with
   * this thread's options), so it takes turns at once. Returns this thread.
   */
  async unarchive(options?: RequestOptions): Promise<Thread> {
    await this.#session.callStable("thread/unarchive", { threadId: this.id }, options);
    const { ephemeral: _ephemeral, dynamicTools: _tools, ...params } = threadParams(this.options);
    const { thread } = await this.#session.callStable(
      "thread/resume",
      { ...params, threadId: this.id },
      options,
    );
    this.#info = thread;
    adoptThread(this.#session, this);
    return this;
  }

  /**
   * Compacts the thread's context (`thread/compact/start`). Codex runs compaction as a turn of its own;
   * this waits for it to finish (and queues like a turn), so the next turn starts on the compacted thread.
   */
  compact(options?: RequestOptions): Promise<Turn> {
    const compaction = this.#tail.then(async () => {
      // The compaction's model call is reported outside any TurnHandle: count it in `usage()`, or the
      // next turn would take it for its own.
      const stop = this.#session.onMethod("thread/tokenUsage/updated", ({ params }) => {
        if (params.threadId === this.id) this.#usage.report(params.tokenUsage);
      });
      try {
        return await compactThread(this.#session, this.id, options);
      } finally {
        stop();
      }
    });
    this.#tail = compaction.catch(() => undefined);
    return compaction;
  }

  /**
   * Starts codex's code review of `target` on this thread (`review/start`) and returns its live handle:
   * it streams like a turn, and `result()` adds the findings. Queues behind the thread's running turn.
   */
  review(target: ReviewTarget, options: ReviewOptions = {}): ReviewHandle {
    const handle = new ReviewHandle(this.#context(), target, options);
    this.#tail = handle.result().catch(() => undefined);
    if (turnStartChannel.hasSubscribers) {
      turnStartChannel.publish({
        turn: handle as TurnHandle<unknown>,
        threadId: this.id,
        input: NO_INPUT,
        options,
      } satisfies TurnStartMessage);
    }
    return handle;
  }

  /** Sets or changes the thread's goal (`thread/goal/set`); a string sets the objective. */
  setGoal(update: string | GoalUpdate, options?: RequestOptions): Promise<ThreadGoal> {
    return setGoal(this.#session, this.id, update, options);
  }

  /** The thread's goal, or null (`thread/goal/get`). */
  goal(options?: RequestOptions): Promise<ThreadGoal | null> {
    return readGoal(this.#session, this.id, options);
  }

  /** Removes the thread's goal (`thread/goal/clear`); resolves with whether there was one. */
  clearGoal(options?: RequestOptions): Promise<boolean> {
    return clearGoal(this.#session, this.id, options);
  }

  /**
   * Sets `objective` as the thread's active goal and returns a handle on the turns codex then runs for it
   * on its own, until the goal is complete, blocked, out of budget or paused. Queues like a turn.
   */
  startGoal(objective: string, options: GoalOptions = {}): GoalHandle {
    const handle = new GoalHandle(this.#context(), objective, options);
    this.#tail = handle.result().catch(() => undefined);
    return handle;
  }

  /** `startGoal(objective, options).result()`. */
  runGoal(objective: string, options?: GoalOptions): Promise<GoalResult> {
    try {
      return this.startGoal(objective, options).result();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #context(): ThreadContext {
    return {
      session: this.#session,
      threadId: this.id,
      threadOptions: this.options,
      threadServerRequests: threadServerRequests(this.#session, this.options),
      accounting: this.#usage.accounting(this.#model(), this.options.prices),
      budget: () => this.#budgetGuard(undefined),
      after: this.#tail,
    };
  }

  /** One turn's budgets: its own, this thread's, the client's. */
  #budgetGuard(turnBudget: TurnBudget | undefined) {
    const client = clientMeter(this.#session, this.#session.options.budget);
    return turnGuard(this.id, turnBudget, this.#budget, client);
  }

  /**
   * Drops `beforeTurnId` and every later turn from the stored history (`thread/revert`).
   * Files the agent changed are not restored.
   */
  async revert(beforeTurnId: string, options?: RequestOptions): Promise<void> {
    await this.#session.callStable("thread/revert", { threadId: this.id, beforeTurnId }, options);
  }
}

/** @internal `thread/fork` and a Thread for the copy. */
export async function forkThread(
  session: Session,
  threadId: string,
  options: ForkThreadOptions,
): Promise<Thread> {
  const { lastTurnId, ...threadOptions } = options;
  assertToolsAllowed("thread/fork", threadOptions, session.options.experimentalApi);
  const { dynamicTools: _tools, ...params } = threadParams(threadOptions);
  const { thread } = await session.callStable("thread/fork", {
    ...params,
    ephemeral: params.ephemeral ?? false,
    threadId,
    ...(lastTurnId !== undefined && { lastTurnId }),
  });
  return adoptThread(session, new Thread(session, thread, threadOptions));
}

/**
 * @internal Registers a Thread with its client: server requests of its thread that no running turn
 * claims (e.g. after the turn ended) are answered with its handlers and timeout.
 */
export function adoptThread(session: Session, thread: Thread): Thread {
  return session.threads.adopt(thread.id, thread, () => ({
    handlers: threadServerRequests(session, thread.options),
    timeoutMs: thread.options.serverRequestTimeoutMs,
  }));
}

/** @internal Starts compaction and waits for the turn codex runs for it. */
export async function compactThread(
  session: Session,
  threadId: string,
  options?: RequestOptions,
): Promise<Turn> {
  // Started first, so the wait below rejects if the connection closes instead of hanging.
  await session.ensureConnection(options?.signal);
  const completed = session.nextTurnCompleted(threadId, options?.signal);
  try {
    await session.callStable("thread/compact/start", { threadId }, options);
  } catch (error) {
    completed.cancel();
    throw error;
  }
  return completed.promise;
}
