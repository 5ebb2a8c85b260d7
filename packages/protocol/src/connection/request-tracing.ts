import { tracingChannel } from "node:diagnostics_channel";

/** Name of the tracing channel on which every client request is published (OpenTelemetry, logging). */
export const REQUEST_TRACING_CHANNEL = "codex:app-server:request";

/**
 * The context object of one traced request. `requestId` is filled in once the request is written (a
 * request retried after overload carries the id of its latest attempt); on failure the channel's `error`
 * event carries the CodexError.
 */
export interface RequestTraceContext {
  /** The wire method, e.g. `"thread/start"`. */
  readonly method: string;
  /** The params as sent (`{}` when none were given). */
  readonly params: unknown;
  /** The JSON-RPC id, once the request was sent. */
  requestId?: string | number;
}

const channel = tracingChannel<unknown, RequestTraceContext>(REQUEST_TRACING_CHANNEL);

/**
 * Runs `send` traced on the request channel when someone listens; otherwise calls it directly, so an
 * untraced request costs one property read.
 */
export function traceRequest<T>(
  method: string,
  params: unknown,
  send: (context: RequestTraceContext | undefined) => Promise<T>,
): Promise<T> {
  if (!channel.hasSubscribers) return send(undefined);
  const context: RequestTraceContext = { method, params };
  return channel.tracePromise(() => send(context), context);
}
