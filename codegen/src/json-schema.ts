/** The subset of JSON Schema draft-07 the codex bundles use. */
export interface JsonSchema {
  $ref?: string;
  $schema?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  default?: unknown;
  definitions?: Record<string, JsonSchema>;
  tsType?: string;
  [keyword: string]: unknown;
}

/** Name -> schema, one flat namespace (refs are `#/definitions/<Name>`). */
export type Definitions = Record<string, JsonSchema>;

const REF_PREFIX = "#/definitions/";

export function refName(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(REF_PREFIX.length);
}

export function refTo(name: string): string {
  return REF_PREFIX + name;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep copy that rewrites every `$ref` through `rewrite`. */
export function mapRefs<T>(value: T, rewrite: (ref: string) => string): T {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, rewrite)) as T;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === "$ref" && typeof child === "string" ? rewrite(child) : mapRefs(child, rewrite);
  }
  return out as T;
}

/** Object keys sorted, so serialisation is independent of insertion order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function schemaTypes(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** Rebuilds a schema bottom-up through every schema position (properties, items, maps, unions). */
export function mapSchema(schema: JsonSchema, fn: (node: JsonSchema) => JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, child]) => [key, mapSchema(child, fn)]),
    );
  }
  if (Array.isArray(schema.items)) out.items = schema.items.map((item) => mapSchema(item, fn));
  else if (schema.items) out.items = mapSchema(schema.items, fn);
  if (isObject(schema.additionalProperties)) {
    out.additionalProperties = mapSchema(schema.additionalProperties as JsonSchema, fn);
  }
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    const list = schema[keyword];
    if (list) out[keyword] = list.map((member) => mapSchema(member, fn));
  }
  return fn(out);
}

/** Visits every schema node top-down with its JSON pointer. */
export function forEachSchema(
  schema: JsonSchema,
  path: string,
  fn: (node: JsonSchema, path: string) => void,
): void {
  fn(schema, path);
  const children: [JsonSchema, string][] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    children.push([child, `${path}/properties/${key}`]);
  if (Array.isArray(schema.items)) {
    for (const [index, item] of schema.items.entries()) children.push([item, `${path}/items/${index}`]);
  } else if (schema.items) children.push([schema.items, `${path}/items`]);
  if (isObject(schema.additionalProperties)) {
    children.push([schema.additionalProperties as JsonSchema, `${path}/additionalProperties`]);
  }
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    for (const [index, member] of (schema[keyword] ?? []).entries())
      children.push([member, `${path}/${keyword}/${index}`]);
  }
  for (const [child, childPath] of children) forEachSchema(child, childPath, fn);
}
