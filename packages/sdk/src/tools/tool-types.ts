/** What a host tool is, as options name it: types only (`tool()` and its runtime are in tool.ts). */
import type { JsonSchema } from "../structured-output/schema-types.js";
import type { InferStandardOutput, StandardSchema } from "../structured-output/standard-schema.js";

/** What a tool's arguments may be described with: a JSON Schema object or a Standard Schema (zod 4, valibot...). */
export type ToolInputSchema = JsonSchema | StandardSchema;

/** The arguments `execute` receives: the schema's output type for Standard Schemas, `unknown` for JSON Schema. */
export type ToolInput<S> = S extends StandardSchema ? InferStandardOutput<S> : unknown;

/** What `execute` knows about the call besides its arguments. */
export interface ToolCallContext {
  /** The model's call id (also the id of the turn's `dynamicToolCall` item). */
  readonly callId: string;
  readonly threadId: string;
  readonly turnId: string;
  /**
   * Aborted when the answer is no longer wanted: the turn was interrupted or ended, the thread's
   * `serverRequestTimeoutMs` passed, or the connection closed. Pass it to fetch() and friends.
   */
  readonly signal: AbortSignal;
}

/** A host tool, made by `tool()`; give it to a thread with `startThread({ tools: [...] })`. */
export interface Tool<Input = unknown> {
  readonly name: string;
  readonly description: string;
  /** The JSON Schema codex shows the model (converted from a Standard Schema when one was given). */
  readonly inputSchema: JsonSchema;
  /** Type-only (never set): the type of the validated arguments `execute` receives. */
  readonly "~input"?: Input;
}
