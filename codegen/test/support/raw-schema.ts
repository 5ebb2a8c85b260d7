import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../src/paths.js";

interface RawUnion {
  oneOf: { properties: { method: { enum: [string] } } }[];
}

/** A message union's method names, read straight from a bundle (independent of the generator's code). */
export function unionMethods(flavour: "stable" | "experimental", union: string): string[] {
  const path = join(repoRoot, "schemas", flavour, "codex_app_server_protocol.schemas.json");
  const bundle = JSON.parse(readFileSync(path, "utf8")) as { definitions: Record<string, RawUnion> };
  const definition = bundle.definitions[union];
  if (!definition) throw new Error(`no ${union} in ${path}`);
  return definition.oneOf.map((member) => member.properties.method.enum[0]);
}
