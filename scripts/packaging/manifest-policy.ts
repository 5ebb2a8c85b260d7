// What every publishable package.json must say besides its code: licence, where the source and the
// issue tracker are, which Node it needs, that it has no import side effects, and what it publishes.
// `pnpm manifests:sync` applies it; packages/runtime/test/package-manifests.test.ts checks it.

export interface RepositoryInfo {
  /** `git+https://…/<repo>.git` */
  readonly url: string;
  /** `https://…/<repo>` */
  readonly web: string;
}

export type Manifest = Record<string, unknown> & { name: string };

export const LICENSE_ID = "Apache-2.0";
export const NODE_RANGE = ">=20.19";

/** Keywords by package name; packages not listed get the common ones only. */
const KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  "@codex/app-server-sdk": ["codex", "openai", "agent", "app-server", "sdk", "json-rpc"],
  "@codex/app-server-protocol": ["codex", "openai", "app-server", "json-rpc", "protocol"],
  "@codex/app-server-testing": ["codex", "openai", "app-server", "testing", "mock", "responses-api"],
  "@codex/runtime": ["codex", "openai", "binary", "runtime"],
  "@codex/ai-sdk-provider": ["codex", "openai", "ai-sdk", "provider", "agent"],
  "@codex/exec-compat": ["codex", "openai", "codex-sdk", "app-server", "agent"],
  "@codex/opentelemetry": ["codex", "openai", "opentelemetry", "tracing"],
};

export function keywordsFor(name: string): string[] {
  return [...(KEYWORDS[name] ?? ["codex", "openai", "app-server"])];
}

/** The repository fields of a package in `directory` (relative to the repo root, `/`-separated). */
export function repositoryFields(repo: RepositoryInfo, directory: string) {
  return {
    repository: { type: "git", url: repo.url, directory },
    homepage: `${repo.web}/tree/main/${directory}#readme`,
    bugs: { url: `${repo.web}/issues` },
  };
}

/** Reads `repository`, `homepage`-less root manifest fields into a RepositoryInfo. */
export function repositoryOf(rootManifest: Record<string, unknown>): RepositoryInfo {
  const repository = rootManifest.repository as { url?: unknown } | undefined;
  const url = typeof repository?.url === "string" ? repository.url : undefined;
  if (!url) throw new Error("the root package.json has no repository.url");
  const web = url.replace(/^git\+/, "").replace(/\.git$/, "");
  return { url, web };
}

type ExportTarget = string | null | { readonly [condition: string]: ExportTarget };

/**
 * The exports users get: the workspace's minus the `source` condition (it points at src/, which is
 * not published, and would break anyone running with `--conditions=source`).
 */
export function publishedExports(exports: ExportTarget): ExportTarget {
  if (exports === null || typeof exports === "string") return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== "source")
      .map(([key, value]) => [key, publishedExports(value)]),
  );
}

/** Every subpath's conditions end in `default` (never `import` alone), so Node 20.19+ can require() it. */
export function withDefaultCondition(exports: ExportTarget): ExportTarget {
  if (exports === null || typeof exports === "string") return exports;
  const keys = Object.keys(exports);
  if (keys.some((key) => key.startsWith("."))) {
    return Object.fromEntries(keys.map((key) => [key, withDefaultCondition(exports[key] ?? null)]));
  }
  if ("import" in exports && !("default" in exports) && !("require" in exports)) {
    return Object.fromEntries(
      Object.entries(exports).map(([key, value]) => [key === "import" ? "default" : key, value]),
    );
  }
  return exports;
}

/**
 * The manifest with the policy applied, keys in a stable order (the ones it adds go after `license`).
 * `directory` is the package folder relative to the repo root.
 */
export function applyPolicy(manifest: Manifest, repo: RepositoryInfo, directory: string): Manifest {
  if (manifest.private === true) return manifest;
  const exports =
    manifest.exports === undefined ? undefined : withDefaultCondition(manifest.exports as ExportTarget);
  const policy: Record<string, unknown> = {
    license: LICENSE_ID,
    ...repositoryFields(repo, directory),
    keywords: Array.isArray(manifest.keywords) ? manifest.keywords : keywordsFor(manifest.name),
    sideEffects: false,
    engines: { ...(manifest.engines as object | undefined), node: NODE_RANGE },
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key === "license") Object.assign(out, policy);
    else if (!(key in policy) && key !== "publishConfig") out[key] = key === "exports" ? exports : value;
  }
  if (!("license" in manifest)) Object.assign(out, policy);
  const publishConfig: Record<string, unknown> = {
    ...(manifest.publishConfig as object | undefined),
    access: "public",
  };
  if (exports !== undefined && JSON.stringify(publishedExports(exports)) !== JSON.stringify(exports)) {
    publishConfig.exports = publishedExports(exports);
  } else {
    delete publishConfig.exports;
  }
  out.publishConfig = publishConfig;
  return out as Manifest;
}
