// Before anything is written: is the codex release in the registry, with a binary package per platform?
import { execFileSync } from "node:child_process";
import { officialPackageVersion } from "../../packages/runtime/src/platforms.js";

/** The package whose versions are the releases (`<v>`) and their platform binaries (`<v>-<platform>`). */
export const CODEX_PACKAGE = "@openai/codex";

/** The registry npm would use: `npm_config_registry` (any case), else `npm config get registry`. */
export function registryUrl(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY;
  let url = fromEnv?.trim();
  if (!url) {
    try {
      url = execFileSync("npm", ["config", "get", "registry"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      url = "";
    }
  }
  if (!url || url === "undefined") url = "https://registry.npmjs.org/";
  return url.endsWith("/") ? url : `${url}/`;
}

/** The version ids of a package (the keys of its packument's `versions`), fetched once. */
export async function fetchVersions(registry: string, name: string = CODEX_PACKAGE): Promise<Set<string>> {
  const url = new URL(name.replace("/", "%2f"), registry);
  let response: Response;
  try {
    response = await fetch(url, {
      // The abbreviated packument: versions without readmes, a fraction of the size.
      headers: { accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8" },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new Error(`cannot reach the registry ${registry} for ${name}: ${String(error)}`);
  }
  if (response.status === 404) return new Set();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  const packument = (await response.json()) as { versions?: Record<string, unknown> };
  return new Set(Object.keys(packument.versions ?? {}));
}

export interface ReleaseCheck {
  /** The release itself (`@openai/codex@<version>`) is published. */
  readonly exists: boolean;
  /** Platform ids whose `@openai/codex@<version>-<id>` is not published. */
  readonly missingPlatforms: readonly string[];
}

export function checkRelease(
  versions: ReadonlySet<string>,
  version: string,
  platformIds: readonly string[],
): ReleaseCheck {
  return {
    exists: versions.has(version),
    missingPlatforms: platformIds.filter((id) => !versions.has(officialPackageVersion({ id }, version))),
  };
}
