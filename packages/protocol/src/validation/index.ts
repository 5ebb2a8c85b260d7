// @codex/app-server-protocol/validation: check any message or schema definition against the codex schema.
// A subpath of its own because it carries the ~300 KB schema data (and loads ajv at the first check);
// importing the package root does not pay for it.

export {
  type SchemaValidationIssue,
  type SchemaValidationResult,
  validateClientRequestParams,
  validateClientRequestResult,
  validateDefinition,
  validateServerNotificationParams,
  validateServerRequestParams,
  validateServerRequestResult,
} from "../generated/validators.js";
