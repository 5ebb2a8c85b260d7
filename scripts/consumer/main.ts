// `pnpm test:consumer`: the packages as users get them. Builds, packs every publishable package, serves
// the tarballs from a local registry (everything else proxied to the npm registry), installs them into
// fresh apps with npm and with pnpm, and checks each app: only this platform's binary installed, the
// README snippets typecheck under strict settings and run a turn against the mock model, ESM import,
// CommonJS require. Prints PASS/FAIL per check and exits non-zero on any failure.
// `pnpm test:consumer --keep` keeps the temporary apps for a look (they are kept on failure too).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snippetBlocksOf } from "../../examples/scripts/snippets.js";
import {
  findPlatform,
  officialPackageAlias,
  runtimeBinPackageName,
} from "../../packages/runtime/src/platforms.js";
import { checkConsumerApp } from "./consumer-app.js";
import { type LocalRegistry, startLocalRegistry } from "./local-registry.js";
import { type PackedPackage, packPackage, publishableDirs, tarballProblems } from "./pack-packages.js";
import { Report, run } from "./report.js";
import { checkRuntimes, type RuntimeRow, runtimeTable } from "./runtimes.js";

const root = join(import.meta.dirname, "..", "..");
const started = Date.now();
const report = new Report();

/** Named exports each entry point must have; other published packages only need to load. */
const EXPECTED_EXPORTS: Record<string, readonly string[]> = {
  "@codex/app-server-sdk": ["Codex"],
  "@codex/app-server-protocol": ["CodexConnection", "spawnTransport"],
  "@codex/app-server-testing": ["startCodexTestEnv", "reply", "MockResponsesServer"],
  "@codex/runtime": ["resolveCodexBinary", "CODEX_VERSION"],
};

async function main(): Promise<number> {
  const platform = findPlatform();
  if (!platform) {
    console.log(`FAIL no runtime-bin package for ${process.platform}-${process.arch}`);
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), "codex-consumer-"));
  // npm's cache outlives the run (the codex tarball is ~150 MB); pnpm uses the machine's store.
  const npmCacheDir = join(tmpdir(), "codex-consumer-cache", "npm");
  mkdirSync(npmCacheDir, { recursive: true });
  let registry: LocalRegistry | undefined;
  let runtimeRows: RuntimeRow[] = [];
  try {
    const dirs = publishableDirs(root);
    const built = await report.check(
      "build every package (pnpm build --force, dist/ cleaned first)",
      async () => {
        for (const dir of dirs) rmSync(join(root, dir, "dist"), { recursive: true, force: true });
        // --force: turbo's cache may hold a dist/ with stale files from an earlier build (it caches all of
        // dist/**), and git worktrees share one cache. What gets packed must come from this build.
        await run("pnpm", ["build", "--force"], { cwd: root, timeoutMs: 600_000 });
      },
    );
    if (!built) return 1;

    const packed: PackedPackage[] = [];
    for (const dir of dirs) {
      await report.check(
        `pack ${dir}: LICENSE, README, dist, published exports; no src/, maps or source condition`,
        async () => {
          const pkg = await packPackage(root, dir, join(work, "tarballs"));
          packed.push(pkg);
          const problems = tarballProblems(root, pkg);
          if (problems.length > 0) throw new Error(problems.join("\n"));
          return `${kb(pkg.tarball.bytes.length)} packed, ${kb(pkg.tarball.unpackedSize)} unpacked`;
        },
      );
    }
    printSizes(packed);

    registry = await startLocalRegistry({ tarballs: packed.map((p) => p.tarball) });
    console.log(`local registry ${registry.url} (@codex/* local, the rest from the npm registry)`);

    const installable = packed.filter((p) => !p.dir.startsWith("packages/runtime-bin/"));
    const dependencies = Object.fromEntries(
      installable.map((p) => [p.tarball.manifest.name, p.tarball.manifest.version]),
    );
    const entryPoints = Object.fromEntries(
      installable.flatMap((p) =>
        subpathsOf(p.tarball.manifest).map((specifier) => [specifier, EXPECTED_EXPORTS[specifier] ?? []]),
      ),
    );
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const snippets = Object.fromEntries(
      snippetBlocksOf(readme, "README.md")
        .filter((block) => block.name === "quickstart" || block.name === "streaming")
        .map((block) => [block.name, block.text]),
    );
    if (Object.keys(snippets).length !== 2) {
      await report.check("README has the quickstart and streaming snippets", () => {
        throw new Error(`found ${Object.keys(snippets).join(", ") || "none"}`);
      });
    }
    for (const manager of ["npm", "pnpm"] as const) {
      await checkConsumerApp({
        manager,
        dir: join(work, `app-${manager}`),
        registryUrl: registry.url,
        npmCacheDir,
        repoRoot: root,
        dependencies,
        typesNodeVersion: typesNodeVersion(),
        snippets,
        entryPoints,
        platformPackage: runtimeBinPackageName(platform),
        binaryPackage: officialPackageAlias(platform),
        report,
      });
      // The runtime matrix (docs/runtimes.md) reuses the npm app's node_modules and compiled quickstart.
      if (manager === "npm") {
        const matrixStarted = Date.now();
        runtimeRows = await checkRuntimes({
          appDir: join(work, "app-npm"),
          workDir: join(work, "runtimes"),
          registryUrl: registry.url,
          npmCacheDir,
          repoRoot: root,
          report,
        });
        console.log(`runtime matrix took ${((Date.now() - matrixStarted) / 1000).toFixed(0)} s`);
      }
    }
    if (runtimeRows.length > 0) console.log(`\nWhere the quickstart runs:\n\n${runtimeTable(runtimeRows)}\n`);
    return report.failed === 0 ? 0 : 1;
  } finally {
    await registry?.close();
    if (process.argv.includes("--keep") || report.failed > 0) console.log(`apps kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** `name` and `name/sub` for every code subpath a manifest exports. */
function subpathsOf(manifest: { name: string; exports?: unknown }): string[] {
  const exports = manifest.exports;
  if (typeof exports !== "object" || exports === null) return [manifest.name];
  return Object.keys(exports)
    .filter((key) => key.startsWith(".") && !key.endsWith(".json"))
    .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

/** The @types/node the workspace locks, so the apps typecheck against the same Node API. */
function typesNodeVersion(): string {
  const lock = readFileSync(join(root, "pnpm-lock.yaml"), "utf8");
  return /'@types\/node@(20\.[\d.]+)':/.exec(lock)?.[1] ?? "20.19.0";
}

function printSizes(packed: readonly PackedPackage[]): void {
  console.log("\npackage                               packed   unpacked  files");
  for (const { tarball } of packed) {
    console.log(
      `${tarball.manifest.name.padEnd(36)} ${kb(tarball.bytes.length).padStart(8)} ${kb(tarball.unpackedSize).padStart(10)} ${String(tarball.entries.length).padStart(6)}`,
    );
  }
  console.log("");
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

const code = await main().catch((error: unknown) => {
  console.log(`FAIL consumer test crashed: ${error instanceof Error ? error.stack : String(error)}`);
  return 1;
});
console.log(`consumer test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(report.summary());
process.exit(code);
