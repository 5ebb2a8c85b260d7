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
import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { SCHEMA_DEFINITIONS_JSON } from "./schema-data.js";

/** One problem found in a message: a JSON pointer into it (\`/params/threadId\`) and what is wrong. */
export interface SchemaValidationIssue {
  readonly path: string;
  readonly message: string;
}

export type SchemaValidationResult = { ok: true } | { ok: false; issues: SchemaValidationIssue[] };

type ParamsKind = "required" | "optional" | "none";
type RequestRow = readonly [params: string | null, result: string, paramsKind: ParamsKind];

const CLIENT_REQUESTS: Readonly<Record<string, RequestRow>> = {
${requestRows(tables.clientRequests)}
};

const SERVER_REQUESTS: Readonly<Record<string, RequestRow>> = {
${requestRows(tables.serverRequests)}
};

const SERVER_NOTIFICATIONS: Readonly<Record<string, string>> = {
${notifications}
};

const SCHEMA_ID = "codex-app-server";
let definitions: Readonly<Record<string, object>> | undefined;
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function schemaDefinitions(): Readonly<Record<string, object>> {
  definitions ??= JSON.parse(SCHEMA_DEFINITIONS_JSON) as Record<string, object>;
  return definitions;
}

/** Compiles a definition's validator on first use; nothing is parsed or compiled at import time. */
function validatorFor(definition: string): ValidateFunction {
  let validate = compiled.get(definition);
  if (validate === undefined) {
    if (ajv === undefined) {
      // ajv is loaded on first use: it is most of what importing this module would otherwise cost.
      const { Ajv: AjvClass } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
      ajv = new AjvClass({ strict: false, allErrors: true, allowUnionTypes: true, validateSchema: false });
      ajv.addSchema({ $id: SCHEMA_ID, definitions: schemaDefinitions() });
    }
    validate = ajv.compile({ $ref: \`\${SCHEMA_ID}#/definitions/\${definition}\` });
    compiled.set(definition, validate);
  }
  return validate;
}

function describe(error: ErrorObject): SchemaValidationIssue {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: \`\${error.instancePath}/\${String(params.missingProperty)}\`, message: "is required" };
    case "additionalProperties":
      return { path: \`\${error.instancePath}/\${String(params.additionalProperty)}\`, message: "is not allowed here" };
    case "enum":
      return {
        path: error.instancePath,
        message: \`must be one of \${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}\`,
      };
    case "const":
      return { path: error.instancePath, message: \`must be \${JSON.stringify(params.allowedValue)}\` };
    default:
      return { path: error.instancePath, message: error.message ?? error.keyword };
  }
}

/** True when a union branch failed because the value is not that branch at all (wrong type or wrong tag). */
function isBranchMismatch(error: ErrorObject, unionPath: string): boolean {
  if (error.instancePath === unionPath) return ["type", "enum", "const"].includes(error.keyword);
  const single = error.keyword === "const" || (error.keyword === "enum" && (error.params as { allowedValues?: unknown[] }).allowedValues?.length === 1);
  return single && error.instancePath.lastIndexOf("/") === unionPath.length;
}

/**
 * Readable issues from ajv's errors. A union reports every branch; branches the value plainly is not (wrong
 * type, wrong tag) are dropped, so what remains says what is wrong inside the branch that was meant. When
 * no branch fits at all, one issue lists the forms that were expected. ajv lists a union's branch errors
 * right before the union's own error, inner unions before outer ones.
 */
function toIssues(errors: readonly ErrorObject[], prefix: string): SchemaValidationIssue[] {
  const removed = new Set<number>();
  const summaries = new Map<number, SchemaValidationIssue>();
  errors.forEach((union, unionIndex) => {
    if (union.keyword !== "anyOf" && union.keyword !== "oneOf") return;
    const within = (error: ErrorObject): boolean =>
      error.instancePath === union.instancePath || error.instancePath.startsWith(\`\${union.instancePath}/\`);
    let start = unionIndex;
    while (start > 0 && within(errors[start - 1]!)) start--;
    const branchPrefix = \`\${union.schemaPath}/\`;
    const branches = new Map<string, number[]>();
    // Errors of a branch that is a $ref carry the referenced definition's schema path: a branch we cannot see.
    let hidden = false;
    for (let index = start; index < unionIndex; index++) {
      if (removed.has(index)) continue;
      const error = errors[index]!;
      if (!error.schemaPath.startsWith(branchPrefix)) {
        hidden = true;
        continue;
      }
      const branch = error.schemaPath.slice(branchPrefix.length).split("/")[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), index]);
    }
    const mismatched = [...branches.values()].filter((list) =>
      list.some((index) => isBranchMismatch(errors[index]!, union.instancePath)),
    );
    if (mismatched.length === branches.size && branches.size > 0 && !hidden) {
      const tagErrors = mismatched.flat().map((index) => errors[index]!).filter((error) => error.instancePath !== union.instancePath);
      const tagPaths = new Set(tagErrors.map((error) => error.instancePath));
      if (tagErrors.length === mismatched.length && tagPaths.size === 1) {
        // A tagged union with an unknown tag: list the tags there are.
        const tags = tagErrors.flatMap((error) => {
          const params = error.params as { allowedValues?: unknown[]; allowedValue?: unknown };
          return params.allowedValues ?? [params.allowedValue];
        });
        summaries.set(unionIndex, {
          path: [...tagPaths][0]!,
          message: \`must be one of \${[...new Set(tags)].map((tag) => JSON.stringify(tag)).join(", ")}\`,
        });
        for (const index of mismatched.flat()) removed.add(index);
        return;
      }
      const expected = mismatched
        .flat()
        .filter((index) => errors[index]!.instancePath === union.instancePath)
        .map((index) => describe(errors[index]!).message);
      const unique = [...new Set(expected)];
      summaries.set(unionIndex, {
        path: union.instancePath,
        message: unique.length > 0 ? unique.join("; or ") : "matches none of the allowed forms",
      });
    } else {
      removed.add(unionIndex);
    }
    for (const index of mismatched.flat()) removed.add(index);
  });
  const seen = new Set<string>();
  const issues: SchemaValidationIssue[] = [];
  errors.forEach((error, index) => {
    if (removed.has(index)) return;
    const issue = summaries.get(index) ?? describe(error);
    const path = \`\${prefix}\${issue.path}\`;
    const key = \`\${path}\\u0000\${issue.message}\`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ path, message: issue.message });
  });
  return issues;
}

function validate(definition: string, value: unknown, prefix: string): SchemaValidationResult {
  const check = validatorFor(definition);
  if (check(value)) return { ok: true };
  return { ok: false, issues: toIssues(check.errors ?? [], prefix) };
}

function unknownMethod(kind: string, method: string): SchemaValidationResult {
  return { ok: false, issues: [{ path: "/method", message: \`unknown \${kind} method \${JSON.stringify(method)}\` }] };
}

function validateParams(row: RequestRow, value: unknown): SchemaValidationResult {
  const [params, , kind] = row;
  const absent = value === undefined || value === null;
  if (params === null) {
    const empty = absent || (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
    return empty ? { ok: true } : { ok: false, issues: [{ path: "/params", message: "must be empty (this method takes no params)" }] };
  }
  if (absent && kind === "optional") return { ok: true };
  return validate(params, value, "/params");
}

/** Checks a client request's params (the wire spelling) against the schema. */
export function validateClientRequestParams(method: string, params: unknown): SchemaValidationResult {
  const row = Object.hasOwn(CLIENT_REQUESTS, method) ? CLIENT_REQUESTS[method] : undefined;
  return row === undefined ? unknownMethod("client request", method) : validateParams(row, params);
}

/** Checks a client request's result (the wire spelling) against the schema. */
export function validateClientRequestResult(method: string, result: unknown): SchemaValidationResult {
  const row = Object.hasOwn(CLIENT_REQUESTS, method) ? CLIENT_REQUESTS[method] : undefined;
  return row === undefined ? unknownMethod("client request", method) : validate(row[1], result, "/result");
}

/** Checks a server notification's params against the schema. */
export function validateServerNotificationParams(method: string, params: unknown): SchemaValidationResult {
  const definition = Object.hasOwn(SERVER_NOTIFICATIONS, method) ? SERVER_NOTIFICATIONS[method] : undefined;
  return definition === undefined ? unknownMethod("server notification", method) : validate(definition, params, "/params");
}

/** Checks a server request's params against the schema. */
export function validateServerRequestParams(method: string, params: unknown): SchemaValidationResult {
  const row = Object.hasOwn(SERVER_REQUESTS, method) ? SERVER_REQUESTS[method] : undefined;
  return row === undefined ? unknownMethod("server request", method) : validateParams(row, params);
}

/** Checks the reply to a server request (the wire spelling) against the schema. */
export function validateServerRequestResult(method: string, result: unknown): SchemaValidationResult {
  const row = Object.hasOwn(SERVER_REQUESTS, method) ? SERVER_REQUESTS[method] : undefined;
  return row === undefined ? unknownMethod("server request", method) : validate(row[1], result, "/result");
}

/** Checks a value against any schema definition by name (\`ThreadItem\`, \`Config\`...). */
export function validateDefinition(definition: string, value: unknown): SchemaValidationResult {
  if (!Object.hasOwn(schemaDefinitions(), definition)) {
    return { ok: false, issues: [{ path: "", message: \`unknown schema definition \${JSON.stringify(definition)}\` }] };
  }
  return validate(definition, value, "");
}
`;
}
