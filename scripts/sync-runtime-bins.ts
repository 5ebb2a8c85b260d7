// Writes packages/runtime-bin/<platform>/ from the platform table (packages/runtime/src/platforms.ts), and
// compat/package.json's optionalDependencies on the previous release's binaries (CODEX_PREVIOUS_VERSION).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CODEX_MISSING_PLATFORMS,
  CODEX_PREVIOUS_VERSION,
  officialPackageSpec,
  PLATFORMS,
} from "../packages/runtime/src/platforms.js";
import { renderRuntimeBinFiles } from "../packages/runtime/src/runtime-bin-files.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * A platform the pinned release has no binary for (CODEX_MISSING_PLATFORMS) gets a runtime-bin manifest
 * without the optionalDependency: one on a version that does not exist is dropped by pnpm without a word,
 * and the next `pnpm install --frozen-lockfile` fails. (Until renderRuntimeBinFiles takes a `missing`
 * option; on a manifest that already has none this changes nothing.)
 */
function withoutMissingBinaryDependency(manifestJson: string): string {
  const manifest = JSON.parse(manifestJson) as Record<string, unknown>;
  delete manifest.optionalDependencies;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const version = JSON.parse(readFileSync(join(root, "packages/runtime/package.json"), "utf8"))
  .version as string;
const repository = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).repository;
for (const platform of PLATFORMS) {
  const dir = join(root, "packages", "runtime-bin", platform.id);
  mkdirSync(dir, { recursive: true });
  const files = renderRuntimeBinFiles(platform, version, undefined, repository);
  if (CODEX_MISSING_PLATFORMS.includes(platform.id) && files["package.json"] !== undefined) {
    files["package.json"] = withoutMissingBinaryDependency(files["package.json"]);
  }
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  console.log(`wrote ${dir}${CODEX_MISSING_PLATFORMS.includes(platform.id) ? " (no binary: missing)" : ""}`);
}

// compat/: `codex-previous-<platform>` aliases of the previous release, one per platform it has a binary for.
const COMPAT_ALIAS = "codex-previous-";
const compatFile = join(root, "compat/package.json");
if (existsSync(compatFile)) {
  const compat = JSON.parse(readFileSync(compatFile, "utf8")) as Record<string, unknown> & {
    optionalDependencies?: Record<string, string>;
  };
  const current = compat.optionalDependencies ?? {};
  const previousMissing = previousMissingPlatforms(current);
  const others = Object.entries(current).filter(([name]) => !name.startsWith(COMPAT_ALIAS));
  const aliases = PLATFORMS.filter((platform) => !previousMissing.includes(platform.id)).map(
    (platform) =>
      [`${COMPAT_ALIAS}${platform.id}`, officialPackageSpec(platform, CODEX_PREVIOUS_VERSION)] as const,
  );
  compat.optionalDependencies = Object.fromEntries(
    [...others, ...aliases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(compatFile, `${JSON.stringify(compat, null, 2)}\n`);
  console.log(
    `wrote ${compatFile} (codex ${CODEX_PREVIOUS_VERSION}${previousMissing.length > 0 ? `, without ${previousMissing.join(", ")}` : ""})`,
  );
}

/**
 * Platforms the previous release has no binary for: `pnpm codex:upgrade` passes them (it asked the registry)
 * in CODEX_PREVIOUS_MISSING_PLATFORMS; a plain `pnpm runtime:sync` keeps what compat/package.json already
 * leaves out when it already points at CODEX_PREVIOUS_VERSION.
 */
function previousMissingPlatforms(
  current: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const fromEnv = env.CODEX_PREVIOUS_MISSING_PLATFORMS;
  if (fromEnv !== undefined) return fromEnv.split(",").filter(Boolean);
  const specs = Object.entries(current).filter(([name]) => name.startsWith(COMPAT_ALIAS));
  const samePrevious =
    specs.length > 0 && specs.every(([, spec]) => spec.includes(`@${CODEX_PREVIOUS_VERSION}-`));
  if (!samePrevious) return [];
  return PLATFORMS.map((platform) => platform.id).filter(
    (id) => current[`${COMPAT_ALIAS}${id}`] === undefined,
  );
}
