/**
 * Where the server-request dispatcher finds the handlers of a request. The core knows no Thread or
 * TurnHandle: turns register a TurnRequestScope with the router, threads a ThreadRequestScope with the
 * thread registry, and the dispatcher asks them by threadId + turnId.
 */
import type { ServerRequestHandlerList } from "../approvals/types.js";
import type { ThreadItem } from "../protocol-types.js";

/** A thread's scope: asked for requests of its thread that no routed turn claims. */
export interface ThreadRequestScope {
  /** The thread's handlers (its host tools' first, then its `serverRequests`). */
  readonly handlers: ServerRequestHandlerList | undefined;
  readonly timeoutMs: number | undefined;
}

/** A running turn's scope: its own handlers, then the thread's it was started with. */
export interface TurnRequestScope {
  readonly handlers: ServerRequestHandlerList | undefined;
  /** Kept by the turn, so they apply even if the Thread object was dropped mid-turn. */
  readonly threadHandlers: ServerRequestHandlerList | undefined;
  readonly timeoutMs: number | undefined;
  /** The turn's item a request is about (the context handlers get). */
  item(itemId: string): ThreadItem | undefined;
  /** A request of this turn waits (+1) or was answered (-1); the turn pauses its stall watchdog meanwhile. */
  serverRequestPending(delta: 1 | -1): void;
}
