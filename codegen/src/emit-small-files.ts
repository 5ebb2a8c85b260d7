import { literal } from "./header.js";
import type { SchemaModel } from "./load-schema.js";

export function emitSchemaInfo(model: SchemaModel, header: string): string {
  const hashes = Object.keys(model.sha256)
    .sort()
    .map((key) => `    ${literal(key)}: ${literal(model.sha256[key]!)},`)
    .join("\n");
  return `${header}
/** The codex version and schema bundles this code was generated from. */
export const GENERATED_FROM = {
  codexVersion: ${literal(model.codexVersion)},
  schemaSha256: {
${hashes}
  },
} as const;
`;
}

/**
 * The barrel of what every import needs. validators.ts (and the ~300 KB schema data behind it) is left
 * out on purpose: it is reached through `@codex/app-server-protocol/validation` or loaded on demand by a
 * validating connection, so a default import does not parse it.
 */
export function emitIndex(header: string): string {
  return `${header}
// Wire types and their camelCase twins share names, so the twins live under the \`Camel\` namespace.
// validators.ts is not re-exported: see the \`./validation\` subpath (loaded only when validation is used).
export * as Camel from "./camel-types.js";
export * from "./case-adapters.js";
export * from "./definition-maps.js";
export * from "./method-maps.js";
export * from "./schema-info.js";
export * from "./wire-types.js";
`;
}
