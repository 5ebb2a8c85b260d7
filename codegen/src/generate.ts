import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AdapterPlanner } from "./adapter-plans.js";
import { compileTypes, declaredNames } from "./compile-types.js";
import { emitCaseAdapters, emitDefinitionMaps } from "./emit-case-adapters.js";
import { emitMethodMaps } from "./emit-method-maps.js";
import { emitIndex, emitSchemaInfo } from "./emit-small-files.js";
import { emitSchemaData, emitValidators } from "./emit-validators.js";
import { experimentalFieldPaths, markExperimental } from "./experimental.js";
import { generatedHeader } from "./header.js";
import { buildSchemaModel, readSchemaSources, type SchemaSources } from "./load-schema.js";
import { extractMethods } from "./methods.js";
import { generatedDir } from "./paths.js";
import { JSON_VALUE_DECLARATION } from "./ts-schema.js";

/**
 * camel-types.ts: the twins, then every other name of wire-types.ts re-exported as is, so the `Camel`
 * namespace is complete and an identical type is one type.
 */
function emitCamelTypes(
  header: string,
  wire: string,
  camel: string,
  twinCount: number,
  total: number,
): string {
  const twinNames = new Set(declaredNames(camel));
  const shared = declaredNames(wire)
    .filter((name) => !twinNames.has(name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${header}
// camelCase twins of the ${twinCount} of ${total} definitions that hold a snake_case field somewhere inside
// (with the types they declare); free-form maps (config) keep the wire spelling. Every other type reads the
// same in both spellings: it is the wire type, re-exported.
import type * as Wire from "./wire-types.js";

export type {
${shared.map((name) => `  ${name},`).join("\n")}
} from "./wire-types.js";

${camel}
`;
}

/** Generates every output file in memory: file name -> contents. */
export async function generateFiles(
  sources: SchemaSources = readSchemaSources(),
): Promise<Map<string, string>> {
  const model = buildSchemaModel(sources);
  const header = generatedHeader(model);
  const marked = markExperimental(model.definitions, model.stableDefinitions);
  const tables = extractMethods(model.definitions, model.stableDefinitions, model.resultTypeOverrides);
  const names = Object.keys(model.definitions);
  const experimentalFields = new Map<string, readonly string[]>();
  for (const entry of tables.clientRequests) {
    if (entry.experimentalOnly || entry.params === null) continue;
    const fields = experimentalFieldPaths(marked, entry.params);
    if (fields.length > 0) experimentalFields.set(entry.method, fields);
  }
  const planner = new AdapterPlanner(model.definitions);
  // A definition gets a camelCase twin only if a snake_case field sits somewhere inside it (the same test
  // the case adapters use); every other type reads the same in both spellings and is re-exported.
  const twins = new Set(names.filter((name) => planner.needsConversion(name)));
  const wire = `${JSON_VALUE_DECLARATION}\n\n${await compileTypes(marked, "wire")}`;
  const camel = await compileTypes(marked, "camel", twins);
  const files = new Map<string, string>([
    ["wire-types.ts", `${header}\n${wire}\n`],
    ["camel-types.ts", emitCamelTypes(header, wire, camel, twins.size, names.length)],
    ["method-maps.ts", emitMethodMaps(tables, experimentalFields, header)],
    ["definition-maps.ts", emitDefinitionMaps(names, header)],
    ["case-adapters.ts", emitCaseAdapters(planner, names, tables, header)],
    ["schema-data.ts", emitSchemaData(model.definitions, header)],
    ["validators.ts", emitValidators(tables, header)],
    ["schema-info.ts", emitSchemaInfo(model, header)],
    ["index.ts", emitIndex(header)],
  ]);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

export interface CodegenOptions {
  /** Output directory (default packages/protocol/src/generated). */
  readonly outDir?: string;
  /** Schema input (default: schemas/, hash-checked against the manifest). */
  readonly sources?: SchemaSources;
  readonly log?: (line: string) => void;
}

/** The generated file names in a directory (stale ones included), or none when it does not exist. */
function existingFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith(".ts"));
  } catch {
    return [];
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * `write`: regenerates the output directory (removing stale files). `check`: regenerates in memory and
 * returns 1, listing the files that differ, when the directory does not match byte for byte.
 */
export async function runCodegen(mode: "write" | "check", options: CodegenOptions = {}): Promise<number> {
  const outDir = options.outDir ?? generatedDir;
  const log = options.log ?? ((line: string) => console.log(line));
  const files = await generateFiles(options.sources);
  const stale = existingFiles(outDir).filter((name) => !files.has(name));
  if (mode === "check") {
    const differing = [...files]
      .filter(([name, text]) => readOrUndefined(join(outDir, name)) !== text)
      .map(([name]) => name);
    const problems = [
      ...differing.map((name) => `  ${name}: differs from what the schema generates`),
      ...stale.map((name) => `  ${name}: not generated by codegen`),
    ];
    if (problems.length === 0) {
      log(`codegen:check: ${files.size} files in ${outDir} are up to date`);
      return 0;
    }
    log(`codegen:check: ${outDir} is out of date (run pnpm codegen):\n${problems.join("\n")}`);
    return 1;
  }
  mkdirSync(outDir, { recursive: true });
  for (const name of stale) rmSync(join(outDir, name));
  for (const [name, text] of files) {
    if (readOrUndefined(join(outDir, name)) !== text) writeFileSync(join(outDir, name), text);
  }
  log(`codegen: wrote ${files.size} files to ${outDir}`);
  return 0;
}
