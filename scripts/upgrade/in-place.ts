// Is the repository already fully on a codex version? (Then a re-run has nothing to do.)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const GENERATED_DIR = "packages/protocol/src/generated";

/** What does not follow `version` yet (empty when everything does). Assumes CODEX_VERSION is `version`. */
export function notOnVersion(root: string, version: string, platformIds: readonly string[]): string[] {
  const problems: string[] = [];
  const manifestFile = join(root, "schemas/manifest.json");
  const schemaVersion = existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, "utf8")) as { codexVersion?: string }).codexVersion
    : undefined;
  if (schemaVersion !== version) problems.push(`schemas/manifest.json is codex ${schemaVersion ?? "(none)"}`);
  for (const id of platformIds) {
    const file = join(root, "packages/runtime-bin", id, "package.json");
    const pinned = existsSync(file)
      ? (JSON.parse(readFileSync(file, "utf8")) as { codex?: { version?: string } }).codex?.version
      : undefined;
    if (pinned !== version) problems.push(`packages/runtime-bin/${id} pins ${pinned ?? "nothing"}`);
  }
  const generated = join(root, GENERATED_DIR);
  const files = existsSync(generated) ? readdirSync(generated).filter((name) => name.endsWith(".ts")) : [];
  if (files.length === 0) problems.push(`${GENERATED_DIR} is empty`);
  const stale = files.filter(
    (name) => !readFileSync(join(generated, name), "utf8").split("\n", 1)[0]?.includes(`(codex ${version},`),
  );
  if (stale.length > 0) problems.push(`${GENERATED_DIR}/{${stale.join(",")}} not generated from ${version}`);
  return problems;
}
