import { canonicalJson, type Definitions, isObject, type JsonSchema, mapRefs } from "./json-schema.js";
import { RESULT_TYPE_OVERRIDES } from "./methods.js";
import {
  BUNDLE_FILES,
  readBundle,
  readManifest,
  SCHEMA_FLAVOURS,
  type SchemaFlavour,
} from "./schema-manifest.js";

/** The two parsed bundles of one flavour: the full one (root + `definitions.v2`) and the v2-only one. */
export interface BundlePair {
  readonly full: unknown;
  readonly v2: unknown;
}

/** Everything the generator reads; tests build this from synthetic schemas. */
export interface SchemaSources {
  readonly codexVersion: string;
  /** `<flavour>/<file>` -> sha256, as in schemas/manifest.json. */
  readonly sha256: Readonly<Record<string, string>>;
  readonly experimental: BundlePair;
  readonly stable: BundlePair;
  /** Result types no naming rule finds (default: RESULT_TYPE_OVERRIDES in methods.ts). */
  readonly resultTypeOverrides?: Readonly<Record<string, string>>;
}

export interface SchemaModel {
  readonly codexVersion: string;
  readonly sha256: Readonly<Record<string, string>>;
  /** The experimental superset, root and v2 merged into one namespace. */
  readonly definitions: Definitions;
  /** The stable set, merged the same way (to tell what is experimental-only). */
  readonly stableDefinitions: Definitions;
  readonly resultTypeOverrides: Readonly<Record<string, string>>;
}

/** The file every generated header names: the full experimental bundle. */
export const SOURCE_FLAVOUR: SchemaFlavour = "experimental";
export const SOURCE_FILE = "codex_app_server_protocol.schemas.json";

export function readSchemaSources(): SchemaSources {
  const manifest = readManifest();
  const read = (flavour: SchemaFlavour): BundlePair => ({
    full: readBundle(flavour, BUNDLE_FILES[1], manifest),
    v2: readBundle(flavour, BUNDLE_FILES[0], manifest),
  });
  const [stable, experimental] = SCHEMA_FLAVOURS.map(read) as [BundlePair, BundlePair];
  return { codexVersion: manifest.codexVersion, sha256: manifest.sha256, experimental, stable };
}

export function buildSchemaModel(sources: SchemaSources): SchemaModel {
  return {
    codexVersion: sources.codexVersion,
    sha256: sources.sha256,
    definitions: mergeBundles(sources.experimental, "experimental"),
    stableDefinitions: mergeBundles(sources.stable, "stable"),
    resultTypeOverrides: sources.resultTypeOverrides ?? RESULT_TYPE_OVERRIDES,
  };
}

/** `#/definitions/v2/X` and `#/definitions/X` both become `#/definitions/X`. */
function flattenRef(ref: string): string {
  return ref.replace(/^#\/definitions\/v2\//, "#/definitions/");
}

function definitionsOf(bundle: unknown, label: string): Record<string, JsonSchema> {
  if (!isObject(bundle) || !isObject(bundle.definitions))
    throw new Error(`${label}: no "definitions" object`);
  return bundle.definitions as Record<string, JsonSchema>;
}

/** Strips what does not change meaning: `$schema`, and a title equal to the definition name. */
function normalised(name: string, schema: JsonSchema): JsonSchema {
  const { $schema: _schema, ...rest } = mapRefs(schema, flattenRef);
  if (rest.title === name) delete rest.title;
  return rest;
}

/**
 * Merges the full bundle's root definitions with its `definitions.v2` into one namespace and checks that the
 * v2-only bundle agrees. One name with two different schemas is an error, never a silent pick.
 */
export function mergeBundles(pair: BundlePair, label: string): Definitions {
  const root = definitionsOf(pair.full, `${label} full bundle`);
  const v2 = isObject(root.v2) ? (root.v2 as Record<string, JsonSchema>) : {};
  const merged: Definitions = {};
  const origin: Record<string, string> = {};
  const add = (name: string, schema: JsonSchema, from: string): void => {
    const next = normalised(name, schema);
    const previous = merged[name];
    if (previous !== undefined) {
      if (canonicalJson(previous) !== canonicalJson(next)) {
        throw new Error(
          `schema name collision: ${label} definition "${name}" differs between ${origin[name]} and ${from}`,
        );
      }
      return;
    }
    merged[name] = next;
    origin[name] = from;
  };
  for (const [name, schema] of Object.entries(root)) if (name !== "v2") add(name, schema, "root");
  for (const [name, schema] of Object.entries(v2)) add(name, schema, "v2");
  for (const [name, schema] of Object.entries(definitionsOf(pair.v2, `${label} v2 bundle`))) {
    add(name, schema, "the v2 bundle");
  }
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((name) => [name, merged[name]!]),
  );
}
