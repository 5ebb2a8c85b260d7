/**
 * Turns that do not begin with `turn/start` (a review's, a goal's) still run as TurnHandles, so they
 * stream, route server requests and settle exactly like `thread.turn()`. This builds their TurnInit.
 */
import type { ServerRequestHandlerList } from "../approvals/types.js";
import type { Session } from "../client/session.js";
import type { Turn } from "../protocol-types.js";
import type { ThreadOptions } from "../thread-options.js";
import type { BudgetGuard } from "../usage/budget-guard.js";
import type { TurnAccounting } from "../usage/turn-accounting.js";
import type { TurnInit } from "./turn-handle.js";

/** @internal What a Thread hands the review and goal modules. */
export interface ThreadContext {
  readonly session: Session;
  readonly threadId: string;
  readonly threadOptions: ThreadOptions;
  /** The thread's server-request handlers (its host tools' first): a goal's turns may call the tools. */
  readonly threadServerRequests: ServerRequestHandlerList | undefined;
  /** Settles when the thread's previous turn (or review, or goal) is done. */
  readonly after: Promise<unknown>;
  /** The thread's usage tracking, for the turns' `usage` and `cost`. */
  readonly accounting?: TurnAccounting;
  /** A new guard over the thread's and client's budgets, one per turn. */
  readonly budget?: () => BudgetGuard | undefined;
}

/** Per-call options shared by reviews and goals (the subset of TurnOptions that applies). */
export interface ServerTurnOptions {
  /** Aborting interrupts the work on the server and rejects `result()` with CodexAbortError. */
  readonly signal?: AbortSignal;
  /** Server-request handlers for this work, tried before the thread's and the client's. */
  readonly serverRequests?: ServerRequestHandlerList;
  /** Answer with the fail-closed default when a handler takes longer than this. */
  readonly serverRequestTimeoutMs?: number;
  /** How long an interrupt may go unconfirmed before the turn settles as interrupted locally. */
  readonly interruptTimeoutMs?: number;
  /** Fail a turn when no event arrives for this long (default: never). */
  readonly stallTimeoutMs?: number;
  /** Events replayed verbatim to a late reader. */
  readonly replayWindow?: number;
}

/** @internal The TurnInit of a turn started by `start` instead of `turn/start`. */
export function serverTurnInit(
  context: ThreadContext,
  options: ServerTurnOptions,
  start: (signal: AbortSignal | undefined) => Promise<Turn>,
  after: Promise<unknown> = context.after,
  interruptTurnId?: (turnId: string) => string | Promise<string>,
): TurnInit<undefined> {
  const thread = context.threadOptions;
  return {
    session: context.session,
    threadId: context.threadId,
    params: { input: [] },
    signal: options.signal,
    serverRequests: options.serverRequests,
    threadServerRequests: context.threadServerRequests,
    serverRequestTimeoutMs: options.serverRequestTimeoutMs ?? thread.serverRequestTimeoutMs,
    interruptTimeoutMs: options.interruptTimeoutMs ?? thread.interruptTimeoutMs,
    stallTimeoutMs: options.stallTimeoutMs ?? thread.stallTimeoutMs,
    replayWindow: options.replayWindow ?? thread.replayWindow,
    after,
    start,
    interruptTurnId,
    accounting: context.accounting,
    budget: context.budget?.(),
  };
}
