/** One item of a Responses API `input` array (messages, function calls, their outputs, ...). */
export interface ResponsesInputItem {
  readonly type?: string;
  readonly role?: string;
  readonly content?: unknown;
  readonly call_id?: string;
  readonly name?: string;
  readonly arguments?: string;
  readonly output?: unknown;
  readonly [field: string]: unknown;
}

/** The JSON body codex POSTs to `/responses`; only the fields tests usually inspect are spelled out. */
export interface ResponsesRequestBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly input?: readonly ResponsesInputItem[];
  readonly tools?: readonly {
    readonly type?: string;
    readonly name?: string;
    readonly [field: string]: unknown;
  }[];
  readonly instructions?: string;
  readonly text?: unknown;
  readonly [field: string]: unknown;
}

/** A request the mock received, as plain data. */
export interface RecordedRequest {
  /** 0-based position among every request the server received. */
  readonly index: number;
  readonly method: string;
  /** Path and query, e.g. `/v1/responses`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly rawBody: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly body: ResponsesRequestBody | undefined;
  readonly receivedAtMs: number;
}

/** The text parts of the input messages with the given role (default "user"), in order. */
export function inputTexts(request: RecordedRequest, role = "user"): string[] {
  const texts: string[] = [];
  for (const item of request.body?.input ?? []) {
    if (item.type !== undefined && item.type !== "message") continue;
    if (item.role !== role) continue;
    if (typeof item.content === "string") {
      texts.push(item.content);
      continue;
    }
    if (!Array.isArray(item.content)) continue;
    for (const part of item.content as unknown[]) {
      if (isObject(part) && typeof part.text === "string") texts.push(part.text);
    }
  }
  return texts;
}

/** The `function_call_output` items of the input (what codex reports back after running a tool). */
export function functionCallOutputs(request: RecordedRequest): { callId: string; output: string }[] {
  const outputs: { callId: string; output: string }[] = [];
  for (const item of request.body?.input ?? []) {
    if (item.type !== "function_call_output" || typeof item.call_id !== "string") continue;
    outputs.push({ callId: item.call_id, output: stringifyOutput(item.output) });
  }
  return outputs;
}

/** Names of the tools offered to the model. */
export function toolNames(request: RecordedRequest): string[] {
  return (request.body?.tools ?? [])
    .map((tool) => tool.name ?? tool.type ?? "")
    .filter((name) => name !== "");
}

function stringifyOutput(output: unknown): string {
  if (typeof output === "string") return output;
  // Codex may send structured output as content parts; join their text.
  if (Array.isArray(output)) {
    return output.map((part) => (isObject(part) && typeof part.text === "string" ? part.text : "")).join("");
  }
  return JSON.stringify(output);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
