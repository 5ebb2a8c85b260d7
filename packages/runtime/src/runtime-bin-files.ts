import {
  CODEX_VERSION,
  officialPackageAlias,
  officialPackageSpec,
  officialPackageVersion,
  type RuntimePlatform,
  runtimeBinPackageName,
} from "./platforms.js";

/** The monorepo's `repository` field (root package.json), from which each package's own is derived. */
export interface RuntimeBinRepository {
  /** `git+https://…/<repo>.git` */
  readonly url?: string;
}

/**
 * Renders the files of one `@codex/runtime-bin-<platform>` package from the platform table.
 * `pnpm runtime:sync` writes them; a test re-renders them and fails on any difference.
 *
 * The official binary is an *optional* dependency on purpose: pnpm installs every workspace
 * package whatever its os/cpu, but skips optional dependencies that do not match this machine,
 * so a fresh install fetches one ~400 MB binary instead of all six (2.5 GB).
 */
export function renderRuntimeBinFiles(
  platform: RuntimePlatform,
  packageVersion: string,
  codexVersion: string = CODEX_VERSION,
  repository: RuntimeBinRepository = {},
): Record<string, string> {
  const alias = officialPackageAlias(platform);
  const directory = `packages/runtime-bin/${platform.id}`;
  const web = repository.url?.replace(/^git\+/, "").replace(/\.git$/, "");
  const manifest = {
    name: runtimeBinPackageName(platform),
    version: packageVersion,
    description: `The codex ${codexVersion} binary for ${platform.id}, pinned for @codex/app-server-sdk.`,
    type: "module",
    license: "Apache-2.0",
    ...(web && {
      repository: { type: "git", url: repository.url, directory },
      homepage: `${web}/tree/main/${directory}#readme`,
      bugs: { url: `${web}/issues` },
    }),
    keywords: ["codex", "openai", "binary", platform.os, platform.cpu],
    sideEffects: false,
    engines: { node: ">=20.19" },
    os: [platform.os],
    cpu: [platform.cpu],
    exports: { ".": { types: "./index.d.ts", default: "./index.js" }, "./package.json": "./package.json" },
    files: ["index.js", "index.d.ts"],
    codex: { version: codexVersion, triple: platform.triple, package: alias },
    optionalDependencies: { [alias]: officialPackageSpec(platform, codexVersion) },
    publishConfig: { access: "public" },
  };
  const officialVersion = officialPackageVersion(platform, codexVersion);
  const indexJs = `// Written by \`pnpm runtime:sync\` from packages/runtime/src/platforms.ts. DO NOT EDIT.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The codex CLI version this package pins. */
export const codexVersion = ${JSON.stringify(codexVersion)};
/** The Rust target triple of the binary. */
export const targetTriple = ${JSON.stringify(platform.triple)};
/** The official package (installed under this alias) that carries the binary. */
export const binaryPackage = ${JSON.stringify(alias)};

// The official package as resolved from this package's own directory, and the version it says it is.
function locate() {
  try {
    const manifest = createRequire(import.meta.url).resolve(${JSON.stringify(`${alias}/package.json`)});
    const path = join(dirname(manifest), "vendor", targetTriple, "bin", ${JSON.stringify(platform.executable)});
    const { version } = JSON.parse(readFileSync(manifest, "utf8"));
    return existsSync(path) ? { path, version: typeof version === "string" ? version : undefined } : undefined;
  } catch {
    return undefined;
  }
}

const found = locate();
/** The binary found and its package version, whether or not it is the pinned one (for diagnostics). */
export const foundBinary = found;
/** Absolute path of the pinned codex binary, or undefined when it is not installed (or another version is). */
export const binaryPath = found?.version === ${JSON.stringify(officialVersion)} ? found.path : undefined;
`;
  const indexDts = `// Written by \`pnpm runtime:sync\` from packages/runtime/src/platforms.ts. DO NOT EDIT.
/** The codex CLI version this package pins. */
export declare const codexVersion: ${JSON.stringify(codexVersion)};
/** The Rust target triple of the binary. */
export declare const targetTriple: ${JSON.stringify(platform.triple)};
/** The official package (installed under this alias) that carries the binary. */
export declare const binaryPackage: ${JSON.stringify(alias)};
/** The binary found and its package version, whether or not it is the pinned one (for diagnostics). */
export declare const foundBinary: { readonly path: string; readonly version: string | undefined } | undefined;
/** Absolute path of the pinned codex binary, or undefined when it is not installed (or another version is). */
export declare const binaryPath: string | undefined;
`;
  const readme = `# ${manifest.name}

The official codex ${codexVersion} binary for ${platform.id} (\`${platform.triple}\`), pinned for
\`@codex/app-server-sdk\`. You do not install this package yourself: \`@codex/runtime\` lists every
platform package as an optional dependency and your package manager installs the one matching your
machine. It exports \`binaryPath\` and \`codexVersion\`.
`;
  return {
    "package.json": `${JSON.stringify(manifest, null, 2)}\n`,
    "index.js": indexJs,
    "index.d.ts": indexDts,
    "README.md": readme,
  };
}
