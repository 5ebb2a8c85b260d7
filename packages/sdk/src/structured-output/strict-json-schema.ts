/**
 * Makes a JSON Schema "strict" the way the Responses API's structured outputs require: every object
 * closes with `additionalProperties: false` and lists all its properties as required. A property the
 * schema left optional becomes required-and-nullable (`anyOf: [T, {type: "null"}]`), and the SDK maps
 * a `null` there back to "absent" before validating the reply locally (see `dropNullOptionals`).
 */
import { sharedWeakMap } from "../client/shared-weak-map.js";
import type { JsonSchema } from "./schema-types.js";

/** How `toStrictJsonSchema` treats properties not listed in `required`. */
export interface StrictJsonSchemaOptions {
  /**
   * An object schema without a `required` list: true = all its properties are optional (what a schema
   * library's converter means), false = all are required (default; hand-written schemas often omit it).
   */
  readonly unlistedMeansOptional?: boolean;
}

const SCHEMA_MAP_KEYS = ["properties", "$defs", "definitions", "patternProperties"] as const;
const SCHEMA_LIST_KEYS = ["anyOf", "oneOf", "allOf", "prefixItems"] as const;
const SCHEMA_KEYS = ["items", "not", "if", "then", "else", "additionalItems", "contains"] as const;

/** The nullable wrappers made for optional properties: a `null` under one of them means "absent". */
// Shared: `toStrictJsonSchema()` runs in the SDK's entry, `dropNullOptionals()` also in its engine.
const optionalWrappers = sharedWeakMap<object, true>("strict-schema-optional-wrappers");

/** The strict form of `schema` (a new object; the input is not changed). */
export function toStrictJsonSchema(schema: JsonSchema, options: StrictJsonSchemaOptions = {}): JsonSchema {
  return strictify(schema, options.unlistedMeansOptional ?? false) as JsonSchema;
}

function strictify(node: unknown, unlistedMeansOptional: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => strictify(item, unlistedMeansOptional));
  if (typeof node !== "object" || node === null) return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = { ...source };
  const walk = (value: unknown): unknown => strictify(value, unlistedMeansOptional);
  for (const key of SCHEMA_MAP_KEYS) {
    const map = source[key];
    if (isRecord(map)) out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, walk(v)]));
  }
  for (const key of SCHEMA_LIST_KEYS) {
    if (Array.isArray(source[key])) out[key] = (source[key] as unknown[]).map(walk);
  }
  for (const key of SCHEMA_KEYS) {
    if (key in source) out[key] = walk(source[key]);
  }
  if (isObjectSchema(source)) {
    const properties = isRecord(out.properties) ? out.properties : {};
    const listed = Array.isArray(source.required) ? new Set(source.required as unknown[]) : undefined;
    const optional = (key: string): boolean => (listed ? !listed.has(key) : unlistedMeansOptional);
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([key, schema]) => [key, optional(key) ? nullable(schema) : schema]),
    );
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  // Draft 2020-12 output from some libraries; the Responses API and ajv's default dialect want draft-07.
  delete out.$schema;
  return out;
}

/** `schema` or null. A schema that already accepts null is left alone (a null there stays a null). */
function nullable(schema: unknown): unknown {
  if (acceptsNull(schema)) return schema;
  const wrapper = { anyOf: [schema, { type: "null" }] };
  optionalWrappers.set(wrapper, true);
  return wrapper;
}

function acceptsNull(schema: unknown): boolean {
  if (schema === true) return true;
  if (!isRecord(schema)) return false;
  if (Object.keys(schema).length === 0) return true;
  const type = schema.type;
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  return (["anyOf", "oneOf"] as const).some(
    (key) => Array.isArray(schema[key]) && (schema[key] as unknown[]).some(acceptsNull),
  );
}

/**
 * Maps the model's reply back to the caller's schema: a `null` for a property that was optional before
 * `toStrictJsonSchema` made it nullable is removed (the property is absent). Returns a new value.
 */
export function dropNullOptionals(value: unknown, schema: JsonSchema): unknown {
  return drop(value, schema, schema, 0);
}

function drop(value: unknown, schema: unknown, root: JsonSchema, depth: number): unknown {
  if (!isRecord(schema) || depth > 64) return value;
  const resolved = resolveRef(schema, root);
  if (Array.isArray(value)) {
    const items = resolved.items;
    return isRecord(items) ? value.map((item) => drop(item, items, root, depth + 1)) : value;
  }
  if (!isRecord(value)) return value;
  let out: Record<string, unknown> = value;
  const properties = resolved.properties;
  if (isRecord(properties)) {
    out = { ...value };
    for (const [key, propertySchema] of Object.entries(properties)) {
      if (!(key in out)) continue;
      if (isRecord(propertySchema) && optionalWrappers.has(propertySchema)) {
        if (out[key] === null) {
          delete out[key];
          continue;
        }
        const inner = (propertySchema.anyOf as unknown[])[0];
        out[key] = drop(out[key], inner, root, depth + 1);
      } else {
        out[key] = drop(out[key], propertySchema, root, depth + 1);
      }
    }
  }
  // Object branches of a union: the branch whose properties cover the value's keys.
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const branches = resolved[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const branchSchema = isRecord(branch) ? resolveRef(branch, root) : undefined;
      if (!branchSchema || !isRecord(branchSchema.properties)) continue;
      const branchProperties = branchSchema.properties;
      if (Object.keys(out).every((k) => k in branchProperties)) {
        out = drop(out, branchSchema, root, depth + 1) as Record<string, unknown>;
        if (key !== "allOf") break;
      }
    }
  }
  return out;
}

/** Follows a local `$ref` (`#/$defs/X`, `#/definitions/X`). */
function resolveRef(schema: Record<string, unknown>, root: JsonSchema): Record<string, unknown> {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    if (!isRecord(target)) return schema;
    target = target[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return isRecord(target) ? target : schema;
}

function isObjectSchema(node: Record<string, unknown>): boolean {
  const type = node.type;
  return type === "object" || (Array.isArray(type) && type.includes("object")) || isRecord(node.properties);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
