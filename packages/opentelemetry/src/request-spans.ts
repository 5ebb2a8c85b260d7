import { tracingChannel } from "node:diagnostics_channel";
import { context, type Span, SpanKind, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";
import type { TurnContexts } from "./turn-contexts.js";

/** The channel `@codex/app-server-protocol` publishes every client request on (via `tracePromise`). */
export const REQUEST_CHANNEL = "codex:app-server:request";

/** The context object the protocol publishes; `result` / `error` are added by `tracePromise`. */
interface RequestMessage {
  readonly method: string;
  readonly params: unknown;
  readonly requestId?: string | number;
  readonly result?: unknown;
  readonly error?: unknown;
}

/**
 * A CLIENT span per JSON-RPC request: method, request id, duration, and the error code when the server
 * (or the connection) failed it. `onResult` sees each successful result (thread models are read from it).
 */
export function subscribeRequestSpans(
  tracer: () => Tracer,
  onResult: (method: string, result: unknown) => void,
  turns: TurnContexts,
): () => void {
  const channel = tracingChannel<unknown, RequestMessage>(REQUEST_CHANNEL);
  const spans = new WeakMap<object, Span>();
  const handlers = {
    start(message: RequestMessage) {
      const span = tracer().startSpan(
        message.method,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR.rpcSystem]: "jsonrpc",
            [ATTR.rpcMethod]: message.method,
            [ATTR.rpcJsonrpcVersion]: "2.0",
          },
        },
        // A turn's own requests go under its span; anything else under the caller's active span.
        turns.parentOf(message.method, message.params) ?? context.active(),
      );
      if (span.isRecording()) spans.set(message, span);
    },
    end() {},
    asyncStart() {},
    asyncEnd(message: RequestMessage) {
      const span = spans.get(message);
      if (message.error === undefined) onResult(message.method, message.result);
      if (!span) return;
      spans.delete(message);
      if (message.requestId !== undefined)
        span.setAttribute(ATTR.rpcJsonrpcRequestId, String(message.requestId));
      span.end();
    },
    error(message: RequestMessage) {
      const span = spans.get(message);
      if (!span) return;
      const error = message.error;
      const code = (error as { code?: unknown } | undefined)?.code;
      if (typeof code === "number" || typeof code === "string")
        span.setAttribute(ATTR.rpcJsonrpcErrorCode, code);
      span.setAttribute(ATTR.errorType, errorName(error));
      if (error instanceof Error) {
        span.setAttribute(ATTR.rpcJsonrpcErrorMessage, error.message);
        span.recordException(error);
      }
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    },
  };
  channel.subscribe(handlers as never);
  return () => channel.unsubscribe(handlers as never);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
