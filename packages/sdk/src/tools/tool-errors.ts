import { CodexError } from "@codex/app-server-protocol/light";

/**
 * A host tool cannot be offered to the model: a name the Responses API refuses, two tools with one
 * name, an input schema that is not a JSON Schema object (or cannot be described as one), or `tools`
 * on a client without `experimentalApi: true` is an ExperimentalApiError instead. Thrown by `tool()` or
 * by `startThread()` before anything is sent.
 */
export class ToolDefinitionError extends CodexError {
  override name = "ToolDefinitionError";
  constructor(
    message: string,
    /** The tool's name, as given. */
    readonly toolName: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
