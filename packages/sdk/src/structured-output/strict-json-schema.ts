/**
 * Makes a JSON Schema "strict" the way the Responses API's structured outputs require:
 * every object closes with `additionalProperties: false` and lists all its properties as required.
 * Optional fields therefore have to be expressed as nullable (`anyOf: [T, {type: "null"}]`).
 */

export type JsonSchema = { readonly [key: string]: unknown };

const SCHEMA_MAP_KEYS = ["properties", "$defs", "definitions", "patternProperties"] as const;
const SCHEMA_LIST_KEYS = ["anyOf", "oneOf", "allOf", "prefixItems"] as const;
const SCHEMA_KEYS = ["items", "not", "if", "then", "else", "additionalItems", "contains"] as const;

export function toStrictJsonSchema(schema: JsonSchema): JsonSchema {
  return strictify(schema) as JsonSchema;
}

function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (typeof node !== "object" || node === null) return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = { ...source };
  for (const key of SCHEMA_MAP_KEYS) {
    const map = source[key];
    if (isRecord(map)) out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, strictify(v)]));
  }
  for (const key of SCHEMA_LIST_KEYS) {
    if (Array.isArray(source[key])) out[key] = (source[key] as unknown[]).map(strictify);
  }
  for (const key of SCHEMA_KEYS) {
    if (key in source) out[key] = strictify(source[key]);
  }
  if (isObjectSchema(source)) {
    const properties = isRecord(out.properties) ? out.properties : {};
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  // Draft 2020-12 output from some libraries; the Responses API and ajv's default dialect want draft-07.
  delete out.$schema;
  return out;
}

function isObjectSchema(node: Record<string, unknown>): boolean {
  const type = node.type;
  return type === "object" || (Array.isArray(type) && type.includes("object")) || isRecord(node.properties);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
