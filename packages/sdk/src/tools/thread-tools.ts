import type { Camel } from "@codex/app-server-protocol";
import { CodexAbortError, ExperimentalApiError } from "@codex/app-server-protocol/light";
import type {
  ServerRequestContext,
  ServerRequestHandlerList,
  ServerRequestHandlers,
} from "../approvals/types.js";
import type { Session } from "../client/session.js";
import { toolRuntime } from "./tool.js";
import { ToolDefinitionError } from "./tool-errors.js";
import { toolErrorResponse, toToolResponse } from "./tool-output.js";
import type { ToolValidation } from "./tool-schema.js";
import type { Tool, ToolCallContext } from "./tool-types.js";

type ToolCallParams = Camel.DynamicToolCallParams;
type ToolCallResponse = Camel.DynamicToolCallResponse;

/** What a thread's `tools` option needs from the client. */
interface ToolsOptions {
  readonly tools?: readonly Tool<unknown>[] | undefined;
  readonly dynamicTools?: ThreadDynamicTools;
}
type ThreadDynamicTools = readonly Camel.DynamicToolSpec[] | null | undefined;

/**
 * Refuses `tools` before anything is sent: codex only offers dynamic tools to clients that opted in to
 * its experimental API.
 */
export function assertToolsAllowed(
  method: string,
  options: ToolsOptions,
  experimentalApi: boolean | undefined,
): void {
  if (options.tools?.length && !experimentalApi) throw new ExperimentalApiError(method, "tools");
}

/** The `dynamicTools` of `thread/start`: the raw specs given, then one function spec per tool. */
export function dynamicToolSpecs(options: ToolsOptions): Camel.DynamicToolSpec[] | undefined {
  const tools = options.tools ?? [];
  if (tools.length === 0) return options.dynamicTools ? [...options.dynamicTools] : undefined;
  const taken = new Set((options.dynamicTools ?? []).map((spec) => spec.name));
  const specs: Camel.DynamicToolSpec[] = [...(options.dynamicTools ?? [])];
  for (const tool of tools) {
    toolRuntime(tool);
    if (taken.has(tool.name)) {
      throw new ToolDefinitionError(`Two tools of this thread are named ${tool.name}.`, tool.name);
    }
    taken.add(tool.name);
    specs.push({
      type: "function",
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema as Camel.FunctionDynamicToolSpec["inputSchema"],
    });
  }
  return specs;
}

/**
 * The `item/tool/call` handler of a thread's tools: finds the tool by name (other names pass on to the
 * next handler), validates the arguments, runs `execute` with a signal that aborts when the turn ends,
 * and answers with its output, or with `success: false` and the reason (bad arguments, a throw, abort).
 */
export function toolCallHandlers(session: Session, tools: readonly Tool<unknown>[]): ServerRequestHandlers {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  return {
    "item/tool/call": (params, context) => {
      const found = params.namespace ? undefined : byName.get(params.tool);
      return found ? callTool(session, found, params, context) : undefined;
    },
  };
}

async function callTool(
  session: Session,
  found: Tool<unknown>,
  params: ToolCallParams,
  context: ServerRequestContext<"item/tool/call">,
): Promise<ToolCallResponse> {
  const runtime = toolRuntime(found);
  let validation: ToolValidation;
  try {
    validation = await runtime.schema.validate(params.arguments);
  } catch (error) {
    // A schema library that throws instead of reporting issues: still the model's arguments at fault.
    validation = { ok: false, issues: [error instanceof Error ? error.message : String(error)] };
  }
  if (!validation.ok) {
    return toolErrorResponse(
      `Invalid arguments for tool ${found.name}: ${validation.issues.join("; ")}. Call it again with arguments that match its schema.`,
    );
  }
  const controller = new AbortController();
  const stopWatching = abortWhenTurnEnds(session, params, context.signal, controller);
  const callContext: ToolCallContext = {
    callId: params.callId,
    threadId: params.threadId,
    turnId: params.turnId,
    signal: controller.signal,
  };
  try {
    const output = await raceAbort(
      Promise.resolve().then(() => runtime.execute(validation.value, callContext)),
      controller.signal,
    );
    return toToolResponse(output);
  } catch (error) {
    if (controller.signal.aborted) return toolErrorResponse(`Tool ${found.name} was cancelled.`);
    return toolErrorResponse(
      `Tool ${found.name} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    stopWatching();
    // The call is over either way: work execute left running should stop too.
    controller.abort(new CodexAbortError("the tool call is over", "item/tool/call"));
  }
}

/**
 * codex 0.169.0 sends no `serverRequest/resolved` for a tool call when the turn is interrupted (it fails
 * the item at once), so the request's own signal may never fire: watch the turn as well.
 */
function abortWhenTurnEnds(
  session: Session,
  params: ToolCallParams,
  requestSignal: AbortSignal,
  controller: AbortController,
): () => void {
  const abort = (reason: unknown): void => controller.abort(reason);
  const onRequestAbort = (): void => abort(new CodexAbortError(requestSignal.reason, "item/tool/call"));
  if (requestSignal.aborted) onRequestAbort();
  requestSignal.addEventListener("abort", onRequestAbort, { once: true });
  const stopListening = session.notifications.add((event) => {
    if (event.method === "turn/completed" && event.params.turn.id === params.turnId) {
      abort(new CodexAbortError(`turn ${params.turnId} ${event.params.turn.status}`, "item/tool/call"));
    }
  });
  // A turn the SDK settled on its own (an interrupt codex did not confirm in time) ends the call too.
  session.router
    .find(params.threadId, params.turnId)
    ?.result()
    .then(
      () => abort(new CodexAbortError(`turn ${params.turnId} ended`, "item/tool/call")),
      (error: unknown) => abort(error),
    );
  return () => {
    requestSignal.removeEventListener("abort", onRequestAbort);
    stopListening();
  };
}

function raceAbort<V>(promise: Promise<V>, signal: AbortSignal): Promise<V> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<V>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Per client, per thread options object (one options object may start threads on several clients). */
const threadHandlers = new WeakMap<Session, WeakMap<object, ServerRequestHandlerList>>();

/**
 * A thread's server-request handlers: its tools' `item/tool/call` handler first, then its own
 * `serverRequests`. Made once per options object (a Thread keeps its options for life).
 */
export function threadServerRequests(
  session: Session,
  options: (ToolsOptions & { readonly serverRequests?: ServerRequestHandlerList }) | undefined,
): ServerRequestHandlerList | undefined {
  if (!options?.tools?.length) return options?.serverRequests;
  let made = threadHandlers.get(session);
  if (!made) {
    made = new WeakMap();
    threadHandlers.set(session, made);
  }
  const known = made.get(options);
  if (known) return known;
  const own = options.serverRequests;
  const handlers: ServerRequestHandlerList = [
    toolCallHandlers(session, options.tools),
    ...(own === undefined ? [] : Array.isArray(own) ? own : [own as ServerRequestHandlers]),
  ];
  made.set(options, handlers);
  return handlers;
}
