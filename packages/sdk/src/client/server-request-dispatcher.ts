import type { DecisionEvent, DecisionSource } from "../approvals/decision-event.js";
import type {
  ServerRequestContext,
  ServerRequestHandler,
  ServerRequestHandlerList,
  ServerRequestHandlers,
} from "../approvals/types.js";
import type { ServerRequestMethod } from "../protocol-types.js";
import type { CodexOptions } from "./codex-options.js";
import { decisionNoteOf } from "./decision-notes.js";
import { type FailClosedReason, failClosedAnswer } from "./fail-closed.js";
import type { ThreadRequestScope, TurnRequestScope } from "./request-scope.js";
import type { CodexWarning } from "./warnings.js";

/** What the dispatcher asks of its session: the client's options, the request scopes, where to report. */
export interface DispatchHost {
  readonly options: Pick<CodexOptions, "serverRequests" | "serverRequestTimeoutMs">;
  /** The routed turn a request belongs to (by turnId, else the thread's running turn). */
  turnScope(threadId: string | undefined, turnId: string | undefined): TurnRequestScope | undefined;
  /** The thread object's scope, for requests no routed turn claims. */
  threadScope(threadId: string | undefined): ThreadRequestScope | undefined;
  warn(warning: CodexWarning): void;
  recordDecision(event: DecisionEvent): void;
}

/** Handlers at one scope, tried in order. */
interface HandlerScope {
  readonly source: "turn" | "thread" | "client";
  readonly handlers: readonly ServerRequestHandlers[];
}

interface Outcome {
  readonly result?: unknown;
  readonly error?: Error;
  readonly source: DecisionSource;
  readonly reason?: string | undefined;
  readonly handlerError?: unknown;
}

class TimeoutMarker extends Error {}

/**
 * Answers server requests: asks the handlers scope by scope (turn > thread > client), falls back to the
 * fail-closed answer, and records every decision. Never leaves a request unanswered.
 */
export class ServerRequestDispatcher {
  readonly #waiting = new Map<string, AbortController>();
  readonly #host: DispatchHost;

  constructor(host: DispatchHost) {
    this.#host = host;
  }

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
    const turn = this.#host.turnScope(threadId, turnId);
    const controller = new AbortController();
    const key = waitKey(threadId, requestId);
    this.#waiting.set(key, controller);
    const abortFromConnection = (): void => controller.abort(signal?.reason);
    if (signal?.aborted) abortFromConnection();
    signal?.addEventListener("abort", abortFromConnection, { once: true });
    const timeoutMs =
      turn?.timeoutMs ??
      this.#host.threadScope(threadId)?.timeoutMs ??
      this.#host.options.serverRequestTimeoutMs;
    const timer =
      timeoutMs !== undefined && timeoutMs > 0
        ? setTimeout(() => controller.abort(new TimeoutMarker()), timeoutMs)
        : undefined;
    const context: ServerRequestContext = {
      method: method as ServerRequestMethod,
      requestId,
      threadId,
      turnId,
      item: turn && itemId !== undefined ? turn.item(itemId) : undefined,
      signal: controller.signal,
    };
    turn?.serverRequestPending(1);
    let outcome: Outcome;
    try {
      outcome = await Promise.race([
        this.#ask(method, params, context, this.#scopes(threadId, turn)),
        whenAborted(controller.signal, method),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", abortFromConnection);
      this.#waiting.delete(key);
      turn?.serverRequestPending(-1);
    }
    if (outcome.source === "handlerError") {
      const error = outcome.handlerError;
      this.#host.warn({
        kind: "serverRequestHandlerError",
        method,
        message: `The ${method} handler threw (answered with the fail-closed default): ${
          error instanceof Error ? error.message : String(error)
        }`,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
    this.#host.recordDecision({
      method,
      requestId,
      threadId,
      turnId,
      itemId,
      params,
      result: outcome.error ? undefined : outcome.result,
      errorMessage: outcome.error?.message,
      source: outcome.source,
      reason: outcome.reason,
      handlerError: outcome.handlerError,
      elapsedMs: Math.round(performance.now() - startedAt),
    } satisfies DecisionEvent);
    if (outcome.error) throw outcome.error;
    return outcome.result;
  }

  /** Scopes from the most specific (turn) to the least (client). */
  #scopes(threadId: string | undefined, turn: TurnRequestScope | undefined): HandlerScope[] {
    const scopes: HandlerScope[] = [];
    if (turn?.handlers) scopes.push({ source: "turn", handlers: asList(turn.handlers) });
    // A running turn carries its thread's handlers, so they apply even if the Thread object was dropped.
    const threadHandlers = turn ? turn.threadHandlers : this.#host.threadScope(threadId)?.handlers;
    if (threadHandlers) scopes.push({ source: "thread", handlers: asList(threadHandlers) });
    const clientHandlers = this.#host.options.serverRequests;
    if (clientHandlers) scopes.push({ source: "client", handlers: asList(clientHandlers) });
    return scopes;
  }

  async #ask(
    method: string,
    params: unknown,
    context: ServerRequestContext,
    scopes: readonly HandlerScope[],
  ): Promise<Outcome> {
    for (const scope of scopes) {
      for (const handlers of scope.handlers) {
        const handler = (handlers as Record<string, ServerRequestHandler<ServerRequestMethod> | undefined>)[
          method
        ];
        if (!handler) continue;
        try {
          const result = await handler(params as never, context as never);
          if (result !== undefined) {
            // A policy that decided for a reason (an LLM judge) says so in the audit.
            const note = decisionNoteOf(result);
            return { result, source: note?.source ?? scope.source, reason: note?.reason };
          }
        } catch (handlerError) {
          return { ...failClosedOutcome(method, "handlerError"), handlerError };
        }
      }
    }
    return failClosedOutcome(method, "default");
  }
}

function asList(handlers: ServerRequestHandlerList): readonly ServerRequestHandlers[] {
  return Array.isArray(handlers) ? handlers : [handlers as ServerRequestHandlers];
}

function failClosedOutcome(method: string, source: DecisionSource & FailClosedReason): Outcome {
  try {
    return { result: failClosedAnswer(method, source), source };
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
