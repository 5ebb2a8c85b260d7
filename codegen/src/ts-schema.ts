import { EXPERIMENTAL_KEYWORD } from "./experimental.js";
import { type Definitions, isObject, type JsonSchema, refName } from "./json-schema.js";
import { camelKey, isSnakeKey, typeNameOf } from "./naming.js";

/** Names of the message unions whose member titles collide with params names (protocol.md "Codegen notes"). */
export const MESSAGE_UNIONS: ReadonlySet<string> = new Set([
  "ClientRequest",
  "ClientNotification",
  "ServerNotification",
  "ServerRequest",
]);

export type Casing = "wire" | "camel";

/** The type of the empty schema `{}`, declared at the top of wire-types.ts. */
export const JSON_VALUE_TYPE = "JsonValue";
export const JSON_VALUE_DECLARATION = `/**
 * Any JSON value: what the schema's empty schema \`{}\` allows, arrays and null included. Checked one level
 * deep, so values typed \`Record<string, unknown>\` (a JSON Schema object, parsed JSON) pass as they are.
 */
export type ${JSON_VALUE_TYPE} = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };`;

/** Keywords that say something about the value; a schema with none of them (`{}`) accepts any JSON value. */
const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  "title",
  "description",
  "default",
  "examples",
  "$schema",
  "$comment",
  "deprecated",
  "readOnly",
  "writeOnly",
  EXPERIMENTAL_KEYWORD,
]);

/** `{}` (annotations aside): json-schema-to-typescript would make it an object type, rejecting arrays and null. */
export function isEmptySchema(schema: JsonSchema): boolean {
  return Object.keys(schema).every((keyword) => ANNOTATION_KEYWORDS.has(keyword));
}

/** An open object (`additionalProperties: true`): its keys are data (config keys), never renamed. */
export function isFreeForm(schema: JsonSchema): boolean {
  return schema.additionalProperties === true;
}

/** An object with no fields at all, which json-schema-to-typescript would turn into `{}` (any non-null value). */
function isEmptyObject(schema: JsonSchema): boolean {
  return (
    schema.type === "object" &&
    Object.keys(schema.properties ?? {}).length === 0 &&
    (schema.additionalProperties === undefined || schema.additionalProperties === false) &&
    !schema.anyOf &&
    !schema.oneOf &&
    !schema.allOf
  );
}

interface PrepareContext {
  readonly casing: Casing;
  readonly definitions: Definitions;
  /** Inside a free-form object: keys stay as on the wire, refs point at the wire types. */
  readonly freeForm: boolean;
  /** camel only: the definitions that get a twin; a ref to any other is a ref to the wire type. */
  readonly twins: ReadonlySet<string> | undefined;
}

/** Whether a value of this node may hold a renamed (snake_case) key, itself or through a twin it refers to. */
function holdsSnakeCase(node: JsonSchema, twins: ReadonlySet<string>): boolean {
  if (isFreeForm(node)) return false;
  if (node.$ref) return twins.has(refName(node.$ref));
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (isSnakeKey(key) || holdsSnakeCase(child, twins)) return true;
  }
  const children = [
    ...(Array.isArray(node.items) ? node.items : node.items ? [node.items] : []),
    ...(isObject(node.additionalProperties) ? [node.additionalProperties as JsonSchema] : []),
    ...(node.anyOf ?? []),
    ...(node.oneOf ?? []),
    ...(node.allOf ?? []),
  ];
  return children.some((child) => holdsSnakeCase(child, twins));
}

function prepareNode(schema: JsonSchema, context: PrepareContext): JsonSchema {
  // A titled part of a twin that reads the same in both spellings is the wire type it declares there.
  if (
    context.casing === "camel" &&
    context.twins !== undefined &&
    !context.freeForm &&
    typeof schema.title === "string" &&
    !holdsSnakeCase(schema, context.twins)
  ) {
    return { tsType: `Wire.${typeNameOf(prepareAnnotations(schema).title as string)}` };
  }
  const freeForm = context.freeForm || (context.casing === "camel" && isFreeForm(schema));
  const inner: PrepareContext = freeForm === context.freeForm ? context : { ...context, freeForm };
  if (schema.$ref) {
    const name = refName(schema.$ref);
    const target = context.definitions[name];
    const { $ref: _ref, ...siblings } = schema;
    delete siblings.title;
    const pointsAtWire =
      context.casing === "camel" &&
      (freeForm ||
        (target !== undefined && isFreeForm(target)) ||
        (context.twins !== undefined && !context.twins.has(name)));
    const reference: JsonSchema = pointsAtWire ? { tsType: `Wire.${name}` } : { $ref: `#/$defs/${name}` };
    const rest = prepareAnnotations(siblings);
    // A $ref with siblings makes json-schema-to-typescript declare a second type under the same name.
    return Object.keys(rest).length === 0 ? reference : { ...rest, allOf: [reference] };
  }
  if (schema.properties && (schema.oneOf || schema.anyOf))
    return prepareNode(splitFlattened(schema), context);
  const out = prepareAnnotations(schema);
  if (isEmptyObject(schema)) return { ...out, tsType: "Record<string, never>" };
  if (isEmptySchema(schema)) {
    return { ...out, tsType: context.casing === "camel" ? `Wire.${JSON_VALUE_TYPE}` : JSON_VALUE_TYPE };
  }
  if (schema.properties) {
    const rename = (key: string): string => (context.casing === "camel" && !freeForm ? camelKey(key) : key);
    out.properties = {};
    for (const [key, property] of Object.entries(schema.properties)) {
      const renamed = rename(key);
      if (Object.hasOwn(out.properties, renamed)) {
        throw new Error(`camelCase collision: "${key}" and another field both become "${renamed}"`);
      }
      out.properties[renamed] = prepareNode(property, inner);
    }
    if (schema.required) out.required = schema.required.map(rename);
  }
  if (Array.isArray(schema.items)) out.items = schema.items.map((item) => prepareNode(item, inner));
  else if (schema.items) out.items = prepareNode(schema.items, inner);
  if (isObject(schema.additionalProperties)) {
    out.additionalProperties = prepareNode(schema.additionalProperties as JsonSchema, inner);
  }
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    const list = schema[keyword];
    if (list) out[keyword] = list.map((member) => prepareNode(member, inner));
  }
  return out;
}

/**
 * Fields beside a union (serde `flatten` of an enum) become `(A | B) & {fields}`; json-schema-to-typescript
 * would otherwise declare the fields as a separate `Name1` type and drop them from `Name`.
 */
function splitFlattened(schema: JsonSchema): JsonSchema {
  const { properties, required, additionalProperties, type: _type, oneOf, anyOf, ...rest } = schema;
  const union: JsonSchema = oneOf ? { oneOf } : { anyOf: anyOf ?? [] };
  const fields: JsonSchema = { type: "object", properties: properties ?? {} };
  if (required) fields.required = required;
  if (additionalProperties !== undefined) fields.additionalProperties = additionalProperties;
  return { ...rest, allOf: [union, fields] };
}

/**
 * Keeps a node's own keywords, turning the experimental marker into a JSDoc tag. Titles lose schemars'
 * module paths (`Profilev2::BedrockSetupParams` -> `ProfileBedrockSetupParams`, like `AddFileChange`).
 */
function prepareAnnotations(schema: JsonSchema): JsonSchema {
  const { [EXPERIMENTAL_KEYWORD]: experimental, ...out } = schema;
  if (typeof out.title === "string") out.title = out.title.replaceAll("v2::", "");
  if (experimental === true) {
    out.description = out.description ? `${out.description}\n\n@experimental` : "@experimental";
  }
  return out;
}

/** Drops the colliding titles of the message unions and folds ServerNotification's `emittedAtMs` into each member. */
function prepareUnion(schema: JsonSchema): JsonSchema {
  const { properties: shared, required: sharedRequired, ...rest } = schema;
  const members = (schema.oneOf ?? schema.anyOf ?? []).map((member) => {
    const { title: _title, ...untitled } = member;
    const properties: Record<string, JsonSchema> = {};
    for (const [key, property] of Object.entries(member.properties ?? {})) {
      const { title: _propertyTitle, ...plain } = property;
      properties[key] = plain;
    }
    Object.assign(properties, shared ?? {});
    return { ...untitled, properties, required: [...(member.required ?? []), ...(sharedRequired ?? [])] };
  });
  const keyword = schema.oneOf ? "oneOf" : "anyOf";
  return { ...rest, [keyword]: members };
}

/**
 * The definitions rewritten for json-schema-to-typescript, in the wire or the camelCase spelling. For camel,
 * `twins` limits the output to those definitions, and refs to the others point at the wire types.
 */
export function prepareDefinitions(
  definitions: Definitions,
  casing: Casing,
  twins?: ReadonlySet<string>,
): Definitions {
  if (Object.hasOwn(definitions, JSON_VALUE_TYPE)) {
    throw new Error(
      `the schema defines "${JSON_VALUE_TYPE}", the name codegen declares for the empty schema`,
    );
  }
  const out: Definitions = {};
  for (const [name, schema] of Object.entries(definitions)) {
    if (casing === "camel" && twins !== undefined && !twins.has(name)) continue;
    const source = MESSAGE_UNIONS.has(name) ? prepareUnion(schema) : schema;
    const { title: _title, ...untitled } = source;
    if (casing === "camel" && isFreeForm(source)) {
      const annotations = untitled.description === undefined ? {} : { description: untitled.description };
      out[name] = {
        ...prepareAnnotations({ ...annotations, [EXPERIMENTAL_KEYWORD]: untitled[EXPERIMENTAL_KEYWORD] }),
        tsType: `Wire.${name}`,
      };
      continue;
    }
    out[name] = prepareNode(untitled, { casing, definitions, freeForm: false, twins });
  }
  return out;
}
