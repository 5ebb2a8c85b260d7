import { sharedWeakMap } from "../client/shared-weak-map.js";
import { ToolDefinitionError } from "./tool-errors.js";
import type { ToolOutput } from "./tool-output.js";
import { type PreparedToolSchema, prepareToolSchema } from "./tool-schema.js";
import type { Tool, ToolCallContext, ToolInput, ToolInputSchema } from "./tool-types.js";

/** The definition `tool()` takes. */
export interface ToolOptions<S extends ToolInputSchema> {
  /** The function name the model calls: letters, digits, `_` and `-`, at most 64 characters. */
  readonly name: string;
  /** What the tool does and when to use it; the model reads this. */
  readonly description: string;
  /** The arguments, validated locally before `execute` runs (a mismatch goes back to the model as a tool error). */
  readonly inputSchema: S;
  /**
   * Runs the tool. Return a string, JSON data, or `{ contentItems, success? }` for images and audio; a
   * throw goes back to the model as a failed call (`success: false`) with the error's message.
   */
  execute(input: ToolInput<S>, context: ToolCallContext): ToolOutput | Promise<ToolOutput>;
}

/** What the SDK keeps about a tool besides its public description (module-internal). */
export interface ToolRuntime {
  readonly schema: PreparedToolSchema;
  readonly execute: (input: unknown, context: ToolCallContext) => ToolOutput | Promise<ToolOutput>;
}

// Shared: `tool()` runs in the SDK's entry, the thread that calls the tool in its engine.
const runtimes = sharedWeakMap<Tool<unknown>, ToolRuntime>("tool-runtimes");

/** The Responses API's rule for function names. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a tool the agent can call, implemented by your program. The input schema is checked and
 * converted here (ToolDefinitionError when it cannot be used); calls are validated against it before
 * `execute` runs.
 *
 * @example
 * const weather = tool({
 *   name: "get_weather",
 *   description: "Current weather for a city",
 *   inputSchema: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => (await fetch(url(city), { signal })).json(),
 * });
 */
export function tool<const S extends ToolInputSchema>(options: ToolOptions<S>): Tool<ToolInput<S>> {
  const name = options?.name;
  if (typeof name !== "string" || !TOOL_NAME.test(name)) {
    throw new ToolDefinitionError(
      `Tool name ${JSON.stringify(name)} is not allowed: use 1-64 letters, digits, "_" or "-".`,
      String(name),
    );
  }
  if (typeof options.description !== "string") {
    throw new ToolDefinitionError(`Tool ${name}: description must be a string.`, name);
  }
  if (typeof options.execute !== "function") {
    throw new ToolDefinitionError(`Tool ${name}: execute must be a function.`, name);
  }
  const schema = prepareToolSchema(name, options.inputSchema);
  const defined: Tool<ToolInput<S>> = Object.freeze({
    name,
    description: options.description,
    inputSchema: schema.jsonSchema,
  });
  runtimes.set(defined, {
    schema,
    execute: options.execute as ToolRuntime["execute"],
  });
  return defined;
}

/** The runtime of a tool made by `tool()`; ToolDefinitionError for anything else. */
export function toolRuntime(candidate: Tool<unknown>): ToolRuntime {
  const runtime = runtimes.get(candidate);
  if (!runtime) {
    throw new ToolDefinitionError(
      "tools must be made with tool({ name, description, inputSchema, execute }).",
      String((candidate as { name?: unknown } | null)?.name),
    );
  }
  return runtime;
}
