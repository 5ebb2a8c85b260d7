import type { ServerRequestMethod, ThreadItem } from "../protocol-types.js";
import type { DecisionEvent, DecisionSource } from "./decision-event.js";
import { failClosedAnswer } from "./fail-closed.js";
import type { ServerRequestContext, ServerRequestHandler, ServerRequestHandlers } from "./types.js";

/** Handlers at one scope, tried in order. */
export interface HandlerScope {
  readonly source: "turn" | "thread" | "client";
  readonly handlers: readonly ServerRequestHandlers[];
}

/** What the dispatcher needs to know about threads and turns; provided by the client. */
export interface DispatcherHooks {
  /** Scopes from the most specific (turn) to the least (client). */
  scopes(threadId: string | undefined, turnId: string | undefined): readonly HandlerScope[];
  item(
    threadId: string | undefined,
    turnId: string | undefined,
    itemId: string | undefined,
  ): ThreadItem | undefined;
  /** Per-request timeout for this turn, or undefined for none (a human may take minutes). */
  timeoutMs(threadId: string | undefined, turnId: string | undefined): number | undefined;
  onDecision(event: DecisionEvent): void;
}

interface Outcome {
  readonly result?: unknown;
  readonly error?: Error;
  readonly source: DecisionSource;
  readonly handlerError?: unknown;
}

class TimeoutMarker extends Error {}

/**
 * Answers server requests: asks the handlers scope by scope, falls back to the fail-closed answer,
 * and records every decision. Never leaves a request unanswered.
 */
export class ServerRequestDispatcher {
  readonly #waiting = new Map<string, AbortController>();

  constructor(private readonly hooks: DispatcherHooks) {}

  /** `serverRequest/resolved`: the server no longer wants an answer to this request. */
  resolvedByServer(threadId: string | undefined, requestId: string | number): void {
    this.#waiting.get(waitKey(threadId, requestId))?.abort(new Error("resolved by the server"));
  }

  /** Returns the camelCase result to send, or throws an Error to send as a JSON-RPC error reply. */
  async dispatch(
    method: string,
    params: unknown,
    requestId: string | number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const startedAt = performance.now();
    const { threadId, turnId, itemId } = requestKeys(params);
    const controller = new AbortController();
    const key = waitKey(threadId, requestId);
    this.#waiting.set(key, controller);
    const abortFromConnection = (): void => controller.abort(signal?.reason);
    if (signal?.aborted) abortFromConnection();
    signal?.addEventListener("abort", abortFromConnection, { once: true });
    const timeoutMs = this.hooks.timeoutMs(threadId, turnId);
    const timer =
      timeoutMs !== undefined && timeoutMs > 0
        ? setTimeout(() => controller.abort(new TimeoutMarker()), timeoutMs)
        : undefined;
    const context: ServerRequestContext = {
      method: method as ServerRequestMethod,
      requestId,
      threadId,
      turnId,
      item: this.hooks.item(threadId, turnId, itemId),
      signal: controller.signal,
    };
    let outcome: Outcome;
    try {
      outcome = await Promise.race([
        this.#ask(method, params, context),
        whenAborted(controller.signal, method),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", abortFromConnection);
      this.#waiting.delete(key);
    }
    this.hooks.onDecision({
      method,
      requestId,
      threadId,
      turnId,
      itemId,
      params,
      result: outcome.error ? undefined : outcome.result,
      errorMessage: outcome.error?.message,
      source: outcome.source,
      handlerError: outcome.handlerError,
      elapsedMs: Math.round(performance.now() - startedAt),
    });
    if (outcome.error) throw outcome.error;
    return outcome.result;
  }

  async #ask(method: string, params: unknown, context: ServerRequestContext): Promise<Outcome> {
    for (const scope of this.hooks.scopes(context.threadId, context.turnId)) {
      for (const handlers of scope.handlers) {
        const handler = (handlers as Record<string, ServerRequestHandler<ServerRequestMethod> | undefined>)[
          method
        ];
        if (!handler) continue;
        try {
          const result = await handler(params as never, context as never);
          if (result !== undefined) return { result, source: scope.source };
        } catch (handlerError) {
          return { ...failClosedOutcome(method, "handlerError"), handlerError };
        }
      }
    }
    return failClosedOutcome(method, "default");
  }
}

function failClosedOutcome(method: string, source: DecisionSource): Outcome {
  try {
    return { result: failClosedAnswer(method), source };
  } catch (error) {
    return { error: error as Error, source };
  }
}

/** Settles with the fail-closed outcome when the request's signal aborts (timeout, server resolved it, close). */
function whenAborted(signal: AbortSignal, method: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const settle = (): void =>
      resolve(
        failClosedOutcome(method, signal.reason instanceof TimeoutMarker ? "timeout" : "resolvedByServer"),
      );
    if (signal.aborted) settle();
    else signal.addEventListener("abort", settle, { once: true });
  });
}

function waitKey(threadId: string | undefined, requestId: string | number): string {
  return `${threadId ?? ""}\u0000${typeof requestId}:${requestId}`;
}

function requestKeys(params: unknown): { threadId?: string; turnId?: string; itemId?: string } {
  if (typeof params !== "object" || params === null) return {};
  const p = params as Record<string, unknown>;
  const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
  return { threadId: str(p.threadId), turnId: str(p.turnId), itemId: str(p.itemId) ?? str(p.callId) };
}
