import { type MockRateLimits, rateLimitHeaders } from "./rate-limits.js";
import type { RecordedRequest } from "./recorded-request.js";
import type { SseEvent } from "./sse-event.js";

/** Timing knobs every reply accepts. */
export interface ReplyTiming {
  /** Wait this long after the request arrives before sending anything (status line included). */
  readonly delayMs?: number;
  /** Wait this long before each SSE event after the first. */
  readonly eventDelayMs?: number;
}

export interface ResponseUsage {
  readonly input_tokens: number;
  readonly input_tokens_details: null | Record<string, number>;
  readonly output_tokens: number;
  readonly output_tokens_details: null | Record<string, number>;
  readonly total_tokens: number;
}

/** How an SSE reply ends. */
export type StreamEnd =
  | { readonly kind: "completed"; readonly usage?: ResponseUsage }
  | { readonly kind: "failed"; readonly message: string; readonly code: string }
  /** The body ends without `response.completed`. */
  | { readonly kind: "cut" }
  /** The stream stays open until the client disconnects or the server closes. */
  | { readonly kind: "hang" };

/** Extra HTTP response headers a reply sends (rate limits, request ids, ...). */
export interface ReplyHeaders {
  /**
   * Sent with the status line, names lowercased; they go over the defaults (`content-type`, ...).
   * Add them with `reply.withHeaders` or `reply.withRateLimits`.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A 200 `text/event-stream` reply: `response.created`, the output items' events, then its end. */
export interface StreamReply extends ReplyTiming, ReplyHeaders {
  readonly kind: "stream";
  readonly responseId?: string;
  /** The events of each output item, in order. */
  readonly items: readonly (readonly SseEvent[])[];
  readonly end: StreamEnd;
}

/** A plain HTTP reply (errors, or anything that is not an SSE stream). */
export interface HttpReply extends ReplyTiming, ReplyHeaders {
  readonly kind: "http";
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

export type MockReply = StreamReply | HttpReply;

/** A reply computed from the request it answers (echo the input, answer a structured-output request, ...). */
export type ReplyFactory = (request: RecordedRequest) => MockReply | Promise<MockReply>;

export type ScriptedReply = MockReply | ReplyFactory;

export interface MessageOptions extends ReplyTiming {
  /** Text deltas to stream before the final item; "auto" splits the text after each space. */
  readonly deltas?: readonly string[] | "auto";
  readonly id?: string;
  /** false: stop after the deltas without `output_item.done` (a message still in flight, e.g. before `hang`). */
  readonly done?: boolean;
}

export interface ReasoningOptions extends ReplyTiming {
  readonly id?: string;
  /** Raw reasoning text, sent as `reasoning_text` content. */
  readonly content?: string;
}

export interface FunctionCallOptions extends ReplyTiming {
  readonly callId?: string;
}

export interface ExecCommandOptions extends FunctionCallOptions {
  /** "require_escalated" asks to run outside the sandbox (approval under on-request). */
  readonly sandboxPermissions?: "use_default" | "require_escalated";
  readonly justification?: string;
  readonly workdir?: string;
  /**
   * How long codex waits for the command before answering the model (default 10 s; codex answers as soon
   * as the command exits). A command still running then keeps running, but its item ends "failed" with no
   * exit code once the turn ends: keep the default for a command a test expects to complete, since a
   * loaded machine can take seconds to start a sandboxed shell.
   */
  readonly yieldTimeMs?: number;
}

/** Either a full patch in the apply_patch format, or one file operation to build it from. */
export type PatchSpec =
  | string
  | { readonly add: { readonly path: string; readonly content: string } }
  | { readonly delete: { readonly path: string } }
  | {
      readonly update: {
        readonly path: string;
        readonly oldLines: readonly string[];
        readonly newLines: readonly string[];
      };
    };

/** One choice of a `request_user_input` question. */
export interface UserInputOption {
  readonly label: string;
  readonly description: string;
}

export interface UserInputQuestion {
  readonly id: string;
  readonly header: string;
  readonly question: string;
  /**
   * Required, and at least one (checked by reply.requestUserInput): codex refuses a question without
   * options ("request_user_input requires non-empty options for every question") and makes no server request.
   */
  readonly options: readonly UserInputOption[];
}

let idCounter = 0;
function nextId(prefix: string): string {
  idCounter += 1;
  return `${prefix}_${idCounter}`;
}

function timingOf(options: ReplyTiming | undefined): ReplyTiming {
  const timing: { delayMs?: number; eventDelayMs?: number } = {};
  if (options?.delayMs !== undefined) timing.delayMs = options.delayMs;
  if (options?.eventDelayMs !== undefined) timing.eventDelayMs = options.eventDelayMs;
  return timing;
}

/** The headers of `base`, for a builder that makes a new reply from it. */
function headersOf(base: ReplyHeaders | undefined): ReplyHeaders {
  return base?.headers === undefined ? {} : { headers: base.headers };
}

function lowercaseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  return lowered;
}

function stream(items: readonly (readonly SseEvent[])[], options?: ReplyTiming): StreamReply {
  return { kind: "stream", items, end: { kind: "completed" }, ...timingOf(options) };
}

function autoDeltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function messageEvents(text: string, options: MessageOptions | undefined): SseEvent[] {
  const id = options?.id ?? nextId("msg");
  const deltas = options?.deltas === "auto" ? autoDeltas(text) : (options?.deltas ?? []);
  const events: SseEvent[] = [];
  if (deltas.length > 0 || options?.done === false) {
    events.push({
      type: "response.output_item.added",
      item: { type: "message", role: "assistant", id, content: [] },
    });
    for (const delta of deltas) {
      events.push({ type: "response.output_text.delta", item_id: id, output_index: 0, delta });
    }
  }
  if (options?.done !== false) {
    events.push({
      type: "response.output_item.done",
      item: { type: "message", role: "assistant", id, content: [{ type: "output_text", text }] },
    });
  }
  return events;
}

/** The namespace codex offers its multi-agent tools in. */
const MULTI_AGENT = "multi_agent_v1";

function functionCallEvents(
  name: string,
  args: unknown,
  callId: string | undefined,
  namespace?: string,
): SseEvent[] {
  const item: Record<string, unknown> = { type: "function_call", call_id: callId ?? nextId("call") };
  if (namespace !== undefined) item.namespace = namespace;
  item.name = name;
  item.arguments = typeof args === "string" ? args : JSON.stringify(args);
  return [{ type: "response.output_item.done", item }];
}

/** Renders a PatchSpec in the apply_patch envelope format. */
export function renderPatch(spec: PatchSpec): string {
  if (typeof spec === "string") {
    const body = spec.endsWith("\n") ? spec : `${spec}\n`;
    return body.startsWith("*** Begin Patch") ? body : `*** Begin Patch\n${body}*** End Patch\n`;
  }
  const lines = (text: string) => (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  let body: string;
  if ("add" in spec) {
    body = `*** Add File: ${spec.add.path}\n${lines(spec.add.content)
      .map((line) => `+${line}\n`)
      .join("")}`;
  } else if ("delete" in spec) {
    body = `*** Delete File: ${spec.delete.path}\n`;
  } else {
    const removed = spec.update.oldLines.map((line) => `-${line}\n`).join("");
    const added = spec.update.newLines.map((line) => `+${line}\n`).join("");
    body = `*** Update File: ${spec.update.path}\n@@\n${removed}${added}`;
  }
  return `*** Begin Patch\n${body}*** End Patch\n`;
}

/** The exec_command `cmd` that codex intercepts as apply_patch (the mock model has no apply_patch tool). */
export function applyPatchCommand(spec: PatchSpec): string {
  return `apply_patch <<'EOF'\n${renderPatch(spec)}EOF\n`;
}

/**
 * Reply builders. Every builder returns plain data; stream replies compose with `reply.turn`.
 */
export const reply = {
  /** An assistant message, optionally streamed as text deltas. */
  message(text: string, options?: MessageOptions): StreamReply {
    return stream([messageEvents(text, options)], options);
  },

  /** A reasoning item with a summary (several strings: several summary parts). */
  reasoning(summary: string | readonly string[], options?: ReasoningOptions): StreamReply {
    const parts = typeof summary === "string" ? [summary] : summary;
    const item: Record<string, unknown> = {
      type: "reasoning",
      id: options?.id ?? nextId("rs"),
      summary: parts.map((text) => ({ type: "summary_text", text })),
    };
    if (options?.content !== undefined) item.content = [{ type: "reasoning_text", text: options.content }];
    return stream([[{ type: "response.output_item.done", item }]], options);
  },

  /** Any function call by name; `args` is sent as the JSON `arguments` string. */
  functionCall(name: string, args: unknown, options?: FunctionCallOptions): StreamReply {
    return stream([functionCallEvents(name, args, options?.callId)], options);
  },

  /**
   * A call of tool `tool` on the MCP server configured as `server` (codex offers MCP tools as a namespace
   * per server, `mcp__<server>`, and the model calls them by namespace and name).
   */
  mcpToolCall(server: string, tool: string, args: unknown, options?: FunctionCallOptions): StreamReply {
    return stream([functionCallEvents(tool, args, options?.callId, `mcp__${server}`)], options);
  },

  /**
   * A call of codex's multi-agent tool `spawn_agent` (namespace `multi_agent_v1`, offered while the
   * `multi_agent` feature is on, the default): codex starts a subagent thread whose first turn has
   * `message` as input and the spawning turn's id as `rootTurnId`.
   */
  spawnAgent(message: string, options?: FunctionCallOptions): StreamReply {
    return stream([functionCallEvents("spawn_agent", { message }, options?.callId, MULTI_AGENT)], options);
  },

  /**
   * `wait_agent` for subagent threads (ids from the spawn item's `receiverThreadIds`; a reply factory
   * can read them when the request comes): codex answers the call once one of them finished.
   */
  waitAgent(
    targets: readonly string[],
    options?: FunctionCallOptions & { readonly timeoutMs?: number },
  ): StreamReply {
    const args = { targets, timeout_ms: options?.timeoutMs ?? 30_000 };
    return stream([functionCallEvents("wait_agent", args, options?.callId, MULTI_AGENT)], options);
  },

  /** A web search the model ran (a completed hosted `web_search_call`); codex reports a webSearch item. */
  webSearch(query: string, options?: ReplyTiming & { readonly id?: string }): StreamReply {
    const item = {
      type: "web_search_call",
      id: options?.id ?? nextId("ws"),
      status: "completed",
      action: { type: "search", query },
    };
    return stream([[{ type: "response.output_item.done", item }]], options);
  },

  /** An `exec_command` call, which codex turns into a commandExecution item (and maybe an approval). */
  execCommand(cmd: string, options?: ExecCommandOptions): StreamReply {
    const args: Record<string, unknown> = { cmd, yield_time_ms: options?.yieldTimeMs ?? 10_000 };
    if (options?.workdir !== undefined) args.workdir = options.workdir;
    if (options?.sandboxPermissions !== undefined) args.sandbox_permissions = options.sandboxPermissions;
    if (options?.justification !== undefined) args.justification = options.justification;
    return stream([functionCallEvents("exec_command", args, options?.callId)], options);
  },

  /** A file change: `exec_command` with an apply_patch heredoc, which codex intercepts. */
  applyPatch(patch: PatchSpec, options?: FunctionCallOptions): StreamReply {
    return reply.execCommand(applyPatchCommand(patch), options);
  },

  /**
   * A `request_user_input` tool call, which codex turns into an `item/tool/requestUserInput` server
   * request. Codex 0.169.0 allows it only in plan mode (initialize with `experimentalApi`, turn/start
   * with `collaborationMode: planCollaborationMode()`); otherwise the model gets
   * "request_user_input is unavailable in Default mode" back and no server request is made. Every
   * question needs options (codex refuses it otherwise): a question without them is a TypeError here.
   */
  requestUserInput(questions: readonly UserInputQuestion[], options?: FunctionCallOptions): StreamReply {
    for (const question of questions) {
      if (!Array.isArray(question.options) || question.options.length === 0) {
        throw new TypeError(
          `reply.requestUserInput: question ${JSON.stringify(question.id)} has no options; codex refuses a request_user_input question without them`,
        );
      }
    }
    return stream([functionCallEvents("request_user_input", { questions }, options?.callId)], options);
  },

  /**
   * One response with the output items of several replies; it ends the way the last part ends and
   * sends the headers of every part (a later part's value wins).
   */
  turn(parts: readonly StreamReply[], options?: ReplyTiming & { readonly responseId?: string }): StreamReply {
    const last = parts.at(-1);
    const headers = Object.assign({}, ...parts.map((part) => part.headers ?? {})) as Record<string, string>;
    const merged: StreamReply = {
      kind: "stream",
      items: parts.flatMap((part) => part.items),
      end: last?.end ?? { kind: "completed" },
      ...timingOf(options),
      ...(Object.keys(headers).length > 0 && { headers }),
    };
    return options?.responseId === undefined ? merged : { ...merged, responseId: options.responseId };
  },

  /** Raw SSE events, sent as they are between `response.created` and the end. */
  events(events: readonly SseEvent[], options?: ReplyTiming & { readonly end?: StreamEnd }): StreamReply {
    return {
      kind: "stream",
      items: [events],
      end: options?.end ?? { kind: "completed" },
      ...timingOf(options),
    };
  },

  /** A non-streaming HTTP error. */
  httpError(status: number, body?: string | Record<string, unknown>, options?: ReplyTiming): HttpReply {
    const payload = body ?? { error: { message: `mock HTTP ${status}`, type: "server_error", code: null } };
    return {
      kind: "http",
      status,
      body: typeof payload === "string" ? payload : JSON.stringify(payload),
      contentType: typeof payload === "string" ? "text/plain" : "application/json",
      ...timingOf(options),
    };
  },

  /** A stream that ends with `response.failed`, after the items (and headers) of `prefix` if given. */
  responseFailed(
    message: string,
    options?: ReplyTiming & { readonly code?: string; readonly prefix?: StreamReply },
  ): StreamReply {
    return {
      kind: "stream",
      items: options?.prefix?.items ?? [],
      end: { kind: "failed", message, code: options?.code ?? "server_error" },
      ...timingOf(options),
      ...headersOf(options?.prefix),
    };
  },

  /** A stream that ends without `response.completed`, after the items (and headers) of `prefix` if given. */
  cutStream(prefix?: StreamReply, options?: ReplyTiming): StreamReply {
    return {
      kind: "stream",
      items: prefix?.items ?? [],
      end: { kind: "cut" },
      ...timingOf(options),
      ...headersOf(prefix),
    };
  },

  /**
   * A stream that never ends on its own (for interrupt tests): it sends the headers and items of
   * `prefix`, then keeps the connection open until the client disconnects or the mock closes.
   */
  hang(prefix?: StreamReply, options?: ReplyTiming): StreamReply {
    return {
      kind: "stream",
      items: prefix?.items ?? [],
      end: { kind: "hang" },
      ...timingOf(options),
      ...headersOf(prefix),
    };
  },

  /**
   * The same stream reply, completed with `usage` reported in `response.completed` (default usage:
   * 10 input, 5 output). Numbers: input (cached part included), cached input, output (reasoning part included), reasoning.
   */
  withUsage(
    base: StreamReply,
    usage: {
      readonly input: number;
      readonly cached?: number;
      readonly output: number;
      readonly reasoning?: number;
    },
  ): StreamReply {
    return {
      ...base,
      end: {
        kind: "completed",
        usage: {
          input_tokens: usage.input,
          input_tokens_details: { cached_tokens: usage.cached ?? 0 },
          output_tokens: usage.output,
          output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
          total_tokens: usage.input + usage.output,
        },
      },
    };
  },

  /**
   * The same reply with extra HTTP response headers, merged over the ones it already has (names are
   * lowercased; a later value wins).
   */
  withHeaders<R extends MockReply>(base: R, headers: Readonly<Record<string, string>>): R {
    return { ...base, headers: { ...base.headers, ...lowercaseHeaders(headers) } };
  },

  /**
   * The same reply, reporting the account's rate limits in its response headers, as the Responses API
   * does (`x-codex-primary-used-percent`, `x-codex-primary-window-minutes`, `x-codex-primary-reset-at`,
   * the same for `secondary`, and `x-codex-credits-*`; see `rateLimitHeaders`). Codex reads them when
   * the response starts and reports them after the model call as `account/rateLimits/updated`. Call it
   * again with another `limitId` to report several limits from one response.
   *
   * @example reply.withRateLimits(reply.message("hi"), { primary: { usedPercent: 42, windowMinutes: 300 } })
   */
  withRateLimits<R extends MockReply>(base: R, limits: MockRateLimits): R {
    return reply.withHeaders(base, rateLimitHeaders(limits));
  },

  /** The same reply with other timing. */
  withTiming<R extends MockReply>(base: R, timing: ReplyTiming): R {
    return { ...base, ...timingOf(timing) };
  },
} as const;

/** The SSE events a stream reply sends, in order (the terminal event included when there is one). */
export function streamEvents(streamReply: StreamReply, fallbackResponseId: string): SseEvent[] {
  const responseId = streamReply.responseId ?? fallbackResponseId;
  const events: SseEvent[] = [{ type: "response.created", response: { id: responseId } }];
  for (const item of streamReply.items) events.push(...item);
  const end = streamReply.end;
  if (end.kind === "completed") {
    const usage = end.usage ?? {
      input_tokens: 10,
      input_tokens_details: null,
      output_tokens: 5,
      output_tokens_details: null,
      total_tokens: 15,
    };
    events.push({ type: "response.completed", response: { id: responseId, usage } });
  } else if (end.kind === "failed") {
    events.push({
      type: "response.failed",
      response: { id: responseId, error: { code: end.code, message: end.message } },
    });
  }
  return events;
}

/** The turn/start `collaborationMode` for plan mode (experimental API), where request_user_input works. */
export function planCollaborationMode(model = "mock-model") {
  return { mode: "plan", settings: { model, reasoning_effort: null, developer_instructions: null } } as const;
}
