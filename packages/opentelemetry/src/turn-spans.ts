import { channel } from "node:diagnostics_channel";
import type { DecisionEvent, RunResult, TurnStartMessage } from "@codex/app-server-sdk";
import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import { ATTR, DECISION_EVENT } from "./attributes.js";
import { ItemSpans } from "./item-spans.js";
import type { ThreadModels } from "./thread-models.js";
import type { TurnContexts } from "./turn-contexts.js";
import { subagentAttributes, usageAttributes } from "./usage-attributes.js";

/** The channel `@codex/app-server-sdk` publishes on, synchronously inside `thread.turn()` / `run()`. */
export const TURN_CHANNEL = "codex:sdk:turn:start";

/**
 * A span per turn, child of the span active where `thread.turn()` was called, with child spans per tool
 * item and an event per answered server request. When the tracer does not record (no provider
 * registered, or sampled out) nothing is attached to the turn.
 */
export function subscribeTurnSpans(
  tracer: () => Tracer,
  models: ThreadModels,
  turns: TurnContexts,
): () => void {
  const turnChannel = channel(TURN_CHANNEL);
  const onTurn = (message: unknown): void => traceTurn(tracer(), models, turns, message as TurnStartMessage);
  turnChannel.subscribe(onTurn);
  return () => turnChannel.unsubscribe(onTurn);
}

function traceTurn(
  tracer: Tracer,
  models: ThreadModels,
  turns: TurnContexts,
  message: TurnStartMessage,
): void {
  const { turn, threadId, options } = message;
  const known = models.get(threadId);
  const requestModel = options.model ?? known?.model;
  const span = tracer.startSpan(
    "invoke_agent codex",
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [ATTR.genAiOperationName]: "invoke_agent",
        [ATTR.genAiAgentName]: "codex",
        [ATTR.genAiConversationId]: threadId,
        [ATTR.codexThreadId]: threadId,
        ...(known?.modelProvider !== undefined && { [ATTR.genAiProviderName]: known.modelProvider }),
        ...(requestModel !== undefined && { [ATTR.genAiRequestModel]: requestModel }),
      },
    },
    context.active(),
  );
  if (!span.isRecording()) {
    span.end();
    return;
  }
  const turnContext = trace.setSpan(context.active(), span);
  turns.queued(threadId, turnContext);
  const items = new ItemSpans(tracer, turnContext);
  const subscriptions = [
    turn.on("item/started", ({ params }) => items.started(params.item)),
    turn.on("item/completed", ({ params }) => items.completed(params.item)),
    turn.on("sdk/serverRequestDecision", ({ params }) =>
      recordDecision(items.span(params.itemId) ?? span, params),
    ),
  ];
  turn.started().then(
    (started) => {
      turns.started(threadId, started.id, turnContext);
      span.setAttribute(ATTR.codexTurnId, started.id);
      span.setAttribute(ATTR.genAiResponseId, started.id);
    },
    () => turns.ended(threadId, undefined, turnContext),
  );
  const finish = (result: RunResult<unknown> | undefined, error: unknown): void => {
    for (const subscription of subscriptions) subscription();
    turns.ended(threadId, turn.id, turnContext);
    items.endAll();
    const status = result?.status ?? turn.status;
    span.setAttribute(ATTR.codexTurnStatus, status);
    span.setAttribute(ATTR.genAiResponseFinishReasons, [status]);
    if (turn.id !== undefined) span.setAttribute(ATTR.codexTurnId, turn.id);
    const model = models.get(threadId)?.model ?? requestModel;
    if (model !== undefined) span.setAttribute(ATTR.genAiResponseModel, model);
    // The turn's own usage: the result's, else (failed, aborted) what the turn had counted so far.
    span.setAttributes(
      result
        ? { ...usageAttributes(result.usage, result.cost), ...subagentAttributes(result.subagents) }
        : usageAttributes(turn.snapshot().usage, turn.snapshot().cost),
    );
    if (error !== undefined) {
      span.setAttribute(ATTR.errorType, error instanceof Error ? error.name : typeof error);
      if (error instanceof Error) span.recordException(error);
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    span.end();
  };
  turn.result().then(
    (result) => finish(result as RunResult<unknown>, undefined),
    (error: unknown) => finish(undefined, error),
  );
}

function recordDecision(span: Span, event: DecisionEvent): void {
  span.addEvent(DECISION_EVENT, {
    [ATTR.codexDecisionMethod]: event.method,
    [ATTR.codexDecision]: decisionOf(event),
    [ATTR.codexDecisionSource]: event.source,
    [ATTR.codexDecisionRequestId]: String(event.requestId),
    [ATTR.codexDecisionElapsedMs]: event.elapsedMs,
    ...(event.itemId !== undefined && { [ATTR.codexItemId]: event.itemId }),
  });
}

/**
 * The answer in one word: the `decision` approvals carry, the `action` of an MCP elicitation (codex asks
 * MCP tool approvals that way), else "error" or "answered".
 */
function decisionOf(event: DecisionEvent): string {
  if (event.errorMessage !== undefined) return "error";
  const result = event.result as { decision?: unknown; action?: unknown } | undefined;
  if (typeof result?.action === "string") return result.action;
  const decision = result?.decision;
  if (typeof decision === "string") return decision;
  if (typeof decision === "object" && decision !== null) return Object.keys(decision)[0] ?? "answered";
  return "answered";
}
