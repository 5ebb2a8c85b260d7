import { compile } from "json-schema-to-typescript";
import { canonicalJson, type Definitions, forEachSchema, type JsonSchema, mapSchema } from "./json-schema.js";
import { typeNameOf } from "./naming.js";
import { type Casing, prepareDefinitions } from "./ts-schema.js";

const ROOT_NAME = "CodegenRoot";

/**
 * Every type name json-schema-to-typescript will declare: one per definition and one per nested title.
 * A title repeated with identical content (serde flattening copies some variants) is hoisted into one
 * definition; two different schemas under one name is a collision (it would silently become `Name1`).
 */
export function hoistTitles(definitions: Definitions): {
  definitions: Definitions;
  names: Set<string>;
  renames: Map<string, string>;
} {
  const occurrences = new Map<string, { content: Set<string>; where: string[] }>();
  const renames = new Map<string, string>();
  for (const [name, schema] of Object.entries(definitions)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name))
      throw new Error(`definition "${name}" is not a valid TypeScript name`);
    // json-schema-to-typescript spells `W3cTraceContext` as `W3CTraceContext`; the output is renamed back.
    if (typeNameOf(name) !== name) renames.set(typeNameOf(name), name);
    forEachSchema(schema, `#/definitions/${name}`, (node, path) => {
      const title = path === `#/definitions/${name}` ? name : node.title;
      if (typeof title !== "string") return;
      const typeName = typeNameOf(title);
      const entry = occurrences.get(typeName) ?? { content: new Set<string>(), where: [] };
      const { title: _title, ...content } = node;
      entry.content.add(canonicalJson(content));
      entry.where.push(path);
      occurrences.set(typeName, entry);
    });
  }
  const hoisted = new Set<string>();
  for (const [typeName, { content, where }] of occurrences) {
    if (where.length === 1) continue;
    if (content.size > 1 || Object.hasOwn(definitions, typeName)) {
      throw new Error(`type name collision: "${typeName}" is declared by ${where.join(" and ")}`);
    }
    hoisted.add(typeName);
  }
  const out: Definitions = {};
  for (const [name, schema] of Object.entries(definitions)) {
    out[name] = mapSchema(schema, (node) => {
      if (typeof node.title !== "string" || !hoisted.has(typeNameOf(node.title))) return node;
      const typeName = typeNameOf(node.title);
      const { title: _title, ...content } = node;
      out[typeName] = content;
      return { $ref: `#/$defs/${typeName}` };
    });
  }
  return { definitions: out, names: new Set(occurrences.keys()), renames };
}

/** Drops json-schema-to-typescript's "referenced by the root" notes and the placeholder root type. */
function tidy(source: string): string {
  const note =
    / \* (?:\n \* )?This interface was referenced by `CodegenRoot`'s JSON-Schema\n \* via the `definition` "[^"]+"\.\n/g;
  let out = source.replace(note, "");
  // Removing the note can leave trailing blank comment lines, or a comment with nothing in it.
  for (let previous = ""; previous !== out; ) {
    previous = out;
    out = out.replace(/\n( *) \*\n\1 \*\//g, "\n$1 */");
  }
  return out
    .replace(/^( *)\/\*\*\n\1 \*\/\n/gm, "")
    .replace(/\n?export interface CodegenRoot \{\}\n/, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The names a compiled body declares (`export interface X`, `export type X`), in order. */
export function declaredNames(source: string): string[] {
  return [...source.matchAll(/^export (?:interface|type) (\w+)/gm)].map((match) => match[1]!);
}

/**
 * Compiles the definitions to TypeScript declarations, failing on any name the schema did not ask for. For
 * camel, `twins` are the definitions compiled (the rest are the wire types; see prepareDefinitions).
 */
export async function compileTypes(
  definitions: Definitions,
  casing: Casing,
  twins?: ReadonlySet<string>,
): Promise<string> {
  const {
    definitions: prepared,
    names: expected,
    renames,
  } = hoistTitles(prepareDefinitions(definitions, casing, twins));
  const root: JsonSchema = { title: ROOT_NAME, type: "object", additionalProperties: false, $defs: prepared };
  const source = await compile(root as never, ROOT_NAME, {
    bannerComment: "",
    additionalProperties: false,
    unreachableDefinitions: true,
    unknownAny: true,
    strictIndexSignatures: false,
    format: true,
    style: { printWidth: 110, semi: true, singleQuote: false, trailingComma: "all", tabWidth: 2 },
    $refOptions: { resolve: { external: false } } as never,
  });
  let body = tidy(source);
  for (const [safeName, name] of renames) {
    body = body.replace(new RegExp(`\\b${safeName}\\b`, "g"), name);
    expected.delete(safeName);
    expected.add(name);
  }
  const declared = declaredNames(body);
  const seen = new Set<string>();
  for (const name of declared) {
    if (seen.has(name)) throw new Error(`type "${name}" is declared twice`);
    seen.add(name);
    if (!expected.has(name)) {
      throw new Error(
        `json-schema-to-typescript declared "${name}", which no schema title asks for (a renamed collision?)`,
      );
    }
  }
  for (const name of Object.keys(definitions)) {
    if (casing === "camel" && twins !== undefined && !twins.has(name)) continue;
    if (!seen.has(name)) throw new Error(`definition "${name}" produced no type`);
  }
  return body;
}
