import { type JsonRpcErrorObject, ProtocolError } from "../errors.js";
import type { ServerRequestMap, ServerRequestMethod } from "../protocol-types.js";
import { type Subscription, subscription } from "./subscription.js";

/**
 * Context of one server request, handed to a connection-level handler. (The SDK's handlers get a richer
 * `ServerRequestContext` with thread, turn and item; this is the wire-level one.)
 */
export interface ConnectionRequestContext<M extends string = string> {
  /** The server's id for this request (codex counts from 0; it may collide with client ids). */
  readonly requestId: string | number;
  /** The wire method, e.g. `"item/commandExecution/requestApproval"`. */
  readonly method: M;
  /** Aborted when the connection closes before the handler finished. */
  readonly signal: AbortSignal;
}

/**
 * Answers one server-request method with wire (snake_case where the schema says so) types; its result
 * is the reply and a throw becomes a JSON-RPC error reply.
 */
export type ConnectionRequestHandler<M extends ServerRequestMethod> = (
  params: ServerRequestMap[M]["params"],
  context: ConnectionRequestContext<M>,
) => Promise<ServerRequestMap[M]["result"]> | ServerRequestMap[M]["result"];

/** Catch-all for server requests without a method handler; its result goes back unchecked. */
export type AnyConnectionRequestHandler = (
  params: unknown,
  context: ConnectionRequestContext,
) => Promise<unknown> | unknown;

/** How the router talks back to its connection. */
export interface ServerRequestRouterHooks {
  /** Sends the reply (exactly one of result / error). */
  reply(id: string | number, result: unknown, error: JsonRpcErrorObject | undefined): void;
  /** Checks a method handler's result before it is sent; returns the problem, if any. */
  checkResult(method: string, result: unknown): Error | undefined;
}

/**
 * Runs server-request handlers off the read loop (a slow handler never holds up other messages; a
 * handler may itself send requests) and makes sure every request gets exactly one reply.
 */
export class ServerRequestRouter {
  private readonly handlers = new Map<string, AnyConnectionRequestHandler>();
  private fallback: AnyConnectionRequestHandler | undefined;
  private readonly running = new Set<AbortController>();

  constructor(private readonly hooks: ServerRequestRouterHooks) {}

  /** One handler per method; a new one replaces the old. */
  on(method: string, handler: AnyConnectionRequestHandler): Subscription {
    this.handlers.set(method, handler);
    return subscription(() => {
      if (this.handlers.get(method) === handler) this.handlers.delete(method);
    });
  }

  onAny(handler: AnyConnectionRequestHandler): Subscription {
    this.fallback = handler;
    return subscription(() => {
      if (this.fallback === handler) this.fallback = undefined;
    });
  }

  handle(id: string | number, method: string, params: unknown): void {
    const methodHandler = this.handlers.get(method);
    const handler = methodHandler ?? this.fallback;
    if (!handler) {
      this.hooks.reply(id, undefined, {
        code: -32601,
        message: `no handler registered for server request ${method}`,
      });
      return;
    }
    const controller = new AbortController();
    this.running.add(controller);
    const context: ConnectionRequestContext = { requestId: id, method, signal: controller.signal };
    Promise.resolve()
      .then(() => handler(params, context))
      .then(
        (result) => {
          const problem = methodHandler ? this.hooks.checkResult(method, result) : undefined;
          if (problem) this.hooks.reply(id, undefined, { code: -32603, message: problem.message });
          else this.hooks.reply(id, result ?? null, undefined);
        },
        (error: unknown) => this.hooks.reply(id, undefined, errorReplyFor(error)),
      )
      .finally(() => this.running.delete(controller));
  }

  /** The connection closed: tell running handlers to stop. */
  abortAll(reason: Error): void {
    for (const controller of this.running) controller.abort(reason);
    this.running.clear();
  }
}

/** The JSON-RPC error reply for a handler's throw; a ProtocolError keeps its code and data. */
function errorReplyFor(error: unknown): JsonRpcErrorObject {
  if (error instanceof ProtocolError) return { code: error.code, message: error.message, data: error.data };
  const message = error instanceof Error ? error.message : String(error);
  return { code: -32603, message: message || "server request handler failed" };
}
