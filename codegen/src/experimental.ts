import { type Definitions, type JsonSchema, refName } from "./json-schema.js";

/** Marker keyword the generator adds to schema nodes that exist only in the experimental bundle. */
export const EXPERIMENTAL_KEYWORD = "x-experimental";

export function isExperimental(schema: JsonSchema): boolean {
  return schema[EXPERIMENTAL_KEYWORD] === true;
}

function withMark(schema: JsonSchema): JsonSchema {
  return { ...schema, [EXPERIMENTAL_KEYWORD]: true };
}

/** A union member's identity across the two bundles: its title, else its tag value, else its shape. */
function memberKey(member: JsonSchema): string {
  if (member.title) return `title:${member.title}`;
  for (const property of Object.values(member.properties ?? {})) {
    const tag = property.enum?.length === 1 ? property.enum[0] : property.const;
    if (typeof tag === "string") return `tag:${tag}`;
  }
  return `shape:${JSON.stringify(member)}`;
}

/** Copies `schema`, marking each property, union member or definition that `stable` lacks. */
function markNode(schema: JsonSchema, stable: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    const stableProperties = stable.properties ?? {};
    out.properties = {};
    for (const [key, property] of Object.entries(schema.properties)) {
      const twin = stableProperties[key];
      out.properties[key] = twin === undefined ? withMark(property) : markNode(property, twin);
    }
  }
  if (schema.items && !Array.isArray(schema.items) && stable.items && !Array.isArray(stable.items)) {
    out.items = markNode(schema.items, stable.items);
  }
  if (typeof schema.additionalProperties === "object" && typeof stable.additionalProperties === "object") {
    out.additionalProperties = markNode(schema.additionalProperties, stable.additionalProperties);
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const members = schema[keyword];
    if (!members) continue;
    const stableMembers = new Map((stable[keyword] ?? []).map((member) => [memberKey(member), member]));
    out[keyword] = members.map((member) => {
      const twin = stableMembers.get(memberKey(member));
      return twin === undefined ? withMark(member) : markNode(member, twin);
    });
  }
  return out;
}

/** The experimental definitions with every experimental-only part marked (see EXPERIMENTAL_KEYWORD). */
export function markExperimental(definitions: Definitions, stable: Definitions): Definitions {
  const out: Definitions = {};
  for (const [name, schema] of Object.entries(definitions)) {
    const twin = stable[name];
    out[name] = twin === undefined ? withMark(schema) : markNode(schema, twin);
  }
  return out;
}

/**
 * Paths (`dynamicTools`, `input[].foo`) of the experimental-only fields reachable from a definition through
 * properties, array items, maps and union members. Fields of experimental-only definitions reached through a
 * stable field are not listed: the stable field itself is what the caller sets.
 */
export function experimentalFieldPaths(definitions: Definitions, root: string): string[] {
  const paths = new Set<string>();
  const visit = (schema: JsonSchema, path: string, seen: ReadonlySet<string>): void => {
    if (schema.$ref) {
      const name = refName(schema.$ref);
      if (seen.has(name)) return;
      const target = definitions[name];
      if (target && !isExperimental(target)) visit(target, path, new Set([...seen, name]));
      return;
    }
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const childPath = path === "" ? key : `${path}.${key}`;
      if (isExperimental(property)) paths.add(childPath);
      else visit(property, childPath, seen);
    }
    if (schema.items && !Array.isArray(schema.items)) visit(schema.items, `${path}[]`, seen);
    if (typeof schema.additionalProperties === "object")
      visit(schema.additionalProperties, `${path}.*`, seen);
    for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
      if (!isExperimental(member)) visit(member, path, seen);
    }
  };
  const schema = definitions[root];
  if (schema) visit(schema, "", new Set([root]));
  return [...paths].sort();
}
