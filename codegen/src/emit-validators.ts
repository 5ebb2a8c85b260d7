import { literal } from "./header.js";
import { type Definitions, type JsonSchema, mapSchema } from "./json-schema.js";
import type { MethodTables, RequestMethod } from "./methods.js";

const DOC_KEYWORDS = ["title", "description", "default", "examples", "format"];

/**
 * The definitions as ajv gets them: documentation and formats dropped (the integer formats add nothing a
 * validator needs), `oneOf` read as `anyOf` (serde tries untagged variants in order; two matching is fine).
 */
export function validatorDefinitions(definitions: Definitions): Definitions {
  const out: Definitions = {};
  for (const [name, schema] of Object.entries(definitions)) {
    out[name] = mapSchema(schema, (node) => {
      const copy: JsonSchema = { ...node };
      for (const keyword of DOC_KEYWORDS) delete copy[keyword];
      if (copy.oneOf) {
        copy.anyOf = copy.oneOf;
        delete copy.oneOf;
      }
      return copy;
    });
  }
  return out;
}

export function emitSchemaData(definitions: Definitions, header: string): string {
  const json = JSON.stringify(validatorDefinitions(definitions));
  return `${header}
/**
 * The schema definitions the validators compile from, as JSON text: parsing a string on first use is far
 * cheaper at import time than evaluating a large object literal.
 */
export const SCHEMA_DEFINITIONS_JSON: string = ${literal(json)};
`;
}

function requestRows(entries: readonly RequestMethod[]): string {
  return entries
    .map((entry) => {
      const params = entry.params === null ? "null" : literal(entry.params);
      return `  ${literal(entry.method)}: [${params}, ${literal(entry.result)}, ${literal(entry.paramsKind)}],`;
    })
    .join("\n");
}

export function emitValidators(tables: MethodTables, header: string): string {
  const notifications = tables.serverNotifications
    .map((entry) => `  ${literal(entry.method)}: ${literal(entry.params)},`)
    .join("\n");
  return `${header}
import {
  createSchemaValidator,
  type NotificationRows,
  type RequestRows,
  type SchemaValidationResult,
} from "../validation/schema-validator.js";
import { SCHEMA_DEFINITIONS_JSON } from "./schema-data.js";

export type { SchemaValidationIssue, SchemaValidationResult } from "../validation/schema-validator.js";

const CLIENT_REQUESTS: RequestRows = {
${requestRows(tables.clientRequests)}
};

const SERVER_REQUESTS: RequestRows = {
${requestRows(tables.serverRequests)}
};

const SERVER_NOTIFICATIONS: NotificationRows = {
${notifications}
};

const validator = createSchemaValidator(SCHEMA_DEFINITIONS_JSON);

/** Checks a client request's params (the wire spelling) against the schema. */
export function validateClientRequestParams(method: string, params: unknown): SchemaValidationResult {
  return validator.requestParams(CLIENT_REQUESTS, "client request", method, params);
}

/** Checks a client request's result (the wire spelling) against the schema. */
export function validateClientRequestResult(method: string, result: unknown): SchemaValidationResult {
  return validator.requestResult(CLIENT_REQUESTS, "client request", method, result);
}

/** Checks a server notification's params against the schema. */
export function validateServerNotificationParams(method: string, params: unknown): SchemaValidationResult {
  return validator.notificationParams(SERVER_NOTIFICATIONS, method, params);
}

/** Checks a server request's params against the schema. */
export function validateServerRequestParams(method: string, params: unknown): SchemaValidationResult {
  return validator.requestParams(SERVER_REQUESTS, "server request", method, params);
}

/** Checks the reply to a server request (the wire spelling) against the schema. */
export function validateServerRequestResult(method: string, result: unknown): SchemaValidationResult {
  return validator.requestResult(SERVER_REQUESTS, "server request", method, result);
}

/** Checks a value against any schema definition by name (\`ThreadItem\`, \`Config\`...). */
export function validateDefinition(definition: string, value: unknown): SchemaValidationResult {
  return validator.definition(definition, value);
}
`;
}
