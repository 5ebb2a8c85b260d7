// The protocol's size, counted from the schema bundles with the generator's own tables, so the numbers
// the docs and tests quote come from schemas/manifest.json (`counts`, written by `pnpm schema:update`)
// instead of being typed in by hand. `pnpm codegen:check` verifies the manifest against the bundles.
import { AdapterPlanner } from "./adapter-plans.js";
import { buildSchemaModel, type SchemaModel, type SchemaSources } from "./load-schema.js";
import { extractMethods } from "./methods.js";
import type { SchemaManifest } from "./schema-manifest.js";

/** Methods in the stable schema, and the ones only the experimental schema adds. */
export interface StabilityCounts {
  /** In the stable schema (`ClientRequestMap`, `ServerRequestMap`…). */
  readonly stable: number;
  /** Only in the experimental schema (behind `experimentalApi`). */
  readonly experimentalOnly: number;
}

export interface ProtocolCounts {
  /** Client -> server requests (`CLIENT_REQUEST_METHODS` / `EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS`). */
  readonly clientRequests: StabilityCounts;
  /** Server -> client requests (`SERVER_REQUEST_METHODS` / `EXPERIMENTAL_ONLY_SERVER_REQUEST_METHODS`). */
  readonly serverRequests: StabilityCounts;
  /** Server -> client notifications (`SERVER_NOTIFICATION_METHODS` holds both). */
  readonly serverNotifications: StabilityCounts;
  /** Definitions of the merged experimental schema (the types of `wire-types.ts`). */
  readonly definitions: number;
  /** Definitions holding a snake_case field somewhere inside (the camelCase twins of `camel-types.ts`). */
  readonly snakeCaseDefinitions: number;
}

function split(methods: readonly { readonly experimentalOnly: boolean }[]): StabilityCounts {
  const experimentalOnly = methods.filter((entry) => entry.experimentalOnly).length;
  return { stable: methods.length - experimentalOnly, experimentalOnly };
}

/** The counts of a merged schema model. */
export function countsOfModel(model: SchemaModel): ProtocolCounts {
  const tables = extractMethods(model.definitions, model.stableDefinitions, model.resultTypeOverrides);
  const names = Object.keys(model.definitions);
  const planner = new AdapterPlanner(model.definitions);
  return {
    clientRequests: split(tables.clientRequests),
    serverRequests: split(tables.serverRequests),
    serverNotifications: split(tables.serverNotifications),
    definitions: names.length,
    snakeCaseDefinitions: names.filter((name) => planner.needsConversion(name)).length,
  };
}

/** The counts of these bundles (pure: schemas in, counts out). */
export function protocolCounts(sources: SchemaSources): ProtocolCounts {
  return countsOfModel(buildSchemaModel(sources));
}

/** Total methods of a kind, stable and experimental-only together. */
export function totalOf(counts: StabilityCounts): number {
  return counts.stable + counts.experimentalOnly;
}

/** `path: manifest X, bundles Y` for every count that differs (a missing one included). */
export function countDifferences(recorded: unknown, actual: ProtocolCounts, prefix = "counts"): string[] {
  const differences: string[] = [];
  const walk = (expected: unknown, got: unknown, path: string): void => {
    if (typeof expected === "number") {
      if (got !== expected)
        differences.push(`${path}: manifest ${JSON.stringify(got) ?? "missing"}, bundles ${expected}`);
      return;
    }
    const record = typeof got === "object" && got !== null ? (got as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
      walk(value, record[key], `${path}.${key}`);
    }
    for (const key of Object.keys(record)) {
      if (!(key in (expected as Record<string, unknown>))) {
        differences.push(`${path}.${key}: in the manifest, not a count the bundles give`);
      }
    }
  };
  walk(actual, recorded, prefix);
  return differences;
}

/**
 * What `pnpm codegen:check` reports about the manifest's counts: empty when they equal what the bundles
 * give, otherwise one line per count that differs and how to fix it.
 */
export function manifestCountProblems(manifest: SchemaManifest, sources: SchemaSources): string[] {
  const differences = countDifferences(manifest.counts, protocolCounts(sources));
  if (differences.length === 0) return [];
  const what =
    manifest.counts === undefined ? "has no counts" : "has counts that differ from what the bundles give";
  return [
    `schemas/manifest.json ${what} (run pnpm schema:update):`,
    ...differences.map((line) => `  ${line}`),
  ];
}
