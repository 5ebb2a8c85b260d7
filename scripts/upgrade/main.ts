// The flow of `pnpm codex:upgrade <version>`: check the release and the git tree before writing anything,
// then run the steps; any failure restores every written path from HEAD and reinstalls.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { UpgradeOptions } from "./args.js";
import { changesetPath, writeChangeset } from "./changeset.js";
import { assertGitRepo, dirtyPaths, restoreFromHead, upgradePaths } from "./git-guard.js";
import { notOnVersion } from "./in-place.js";
import { readPins, writePins } from "./platforms-file.js";
import { CODEX_PACKAGE, checkRelease, fetchVersions, registryUrl } from "./registry-check.js";
import { CommandError, formatMs, runCommand, runSteps, type Step, StepError, timingTable } from "./steps.js";

/** Read by scripts/sync-runtime-bins.ts: platforms the previous release has no binary for (comma-separated). */
export const PREVIOUS_MISSING_ENV = "CODEX_PREVIOUS_MISSING_PLATFORMS";

function hasScript(root: string, name: string): boolean {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts?.[name] !== undefined;
}

/** The end of a command's output, from its first error line on (at most `count` lines), indented. */
function errorExcerpt(text: string, count: number): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "" && !line.includes("WARN"));
  const first = lines.findIndex((line) => /\b(Error|ERR_\w+|error)\b/.test(line));
  const from = first === -1 ? Math.max(0, lines.length - count) : first;
  return lines
    .slice(from, from + count)
    .map((line) => `  | ${line}`)
    .join("\n");
}

/** Runs the upgrade in `options.root`; resolves to the exit code. */
export async function runUpgrade(options: UpgradeOptions): Promise<number> {
  const started = performance.now();
  const { root, version } = options;
  const pins = await readPins(root);
  const moving = pins.version !== version;
  if (!moving) {
    const stale = notOnVersion(root, version, pins.platformIds);
    if (stale.length === 0) {
      console.log(`already on codex ${version}: nothing to do`);
      return 0;
    }
    console.log(
      `codex ${version} is pinned, but not everything follows it (${stale.join("; ")}): finishing the upgrade (no changeset, the version does not change)`,
    );
  }

  // 1. Nothing is written before these checks pass.
  assertGitRepo(root);
  const docsTables = hasScript(root, "docs:tables");
  const paths = upgradePaths({ docsTables });
  const dirty = dirtyPaths(root, paths);
  if (dirty.length > 0) {
    console.error(
      [
        "refusing to upgrade: paths the upgrade writes (and would restore on a failure) have uncommitted changes:",
        ...dirty.map((path) => `  ${path}`),
        "Commit or discard them first. Nothing was changed.",
      ].join("\n"),
    );
    return 1;
  }
  const registry = registryUrl();
  console.log(`checking ${CODEX_PACKAGE}@${version} and its platform packages in ${registry}`);
  const versions = await fetchVersions(registry);
  const release = checkRelease(versions, version, pins.platformIds);
  if (!release.exists) {
    console.error(
      `codex ${version} does not exist: ${registry} has no ${CODEX_PACKAGE}@${version}. Nothing was changed.`,
    );
    return 1;
  }
  const missing = release.missingPlatforms;
  if (missing.length === pins.platformIds.length) {
    console.error(`codex ${version} has no platform binary packages at all. Nothing was changed.`);
    return 1;
  }
  if (missing.length > 0 && !options.allowPartial) {
    console.error(
      [
        `codex ${version} is a partial release: no binary for ${missing.join(", ")}`,
        `(${missing.map((id) => `${CODEX_PACKAGE}@${version}-${id}`).join(", ")} not in ${registry}).`,
        "Nothing was changed. Wait for the missing binaries, or re-run with --allow-partial to pin it anyway:",
        "the runtime-bin packages of those platforms then carry no binary (users there set CODEX_PATH or codexPath).",
      ].join("\n"),
    );
    return 1;
  }
  if (missing.length > 0)
    console.log(`--allow-partial: pinning codex ${version} without ${missing.join(", ")}`);
  const previous = moving ? pins.version : pins.previousVersion;
  const previousMissing = checkRelease(versions, previous, pins.platformIds).missingPlatforms;
  const env = { ...process.env, [PREVIOUS_MISSING_ENV]: previousMissing.join(",") };
  const pnpm = (...args: string[]) => runCommand(root, "pnpm", args, env);

  // 2. The steps; a failure in any of them rolls every written path back.
  const steps: Step[] = [
    {
      name: `pin codex ${version}`,
      run: () => writePins(root, { version, previousVersion: previous, missingPlatforms: missing }),
    },
    { name: "runtime sync", run: () => pnpm("runtime:sync") },
    { name: "install", run: () => pnpm("install", "--no-frozen-lockfile") },
    {
      name: "lockfile check",
      run: async () => {
        try {
          await pnpm("install", "--frozen-lockfile", "--prefer-offline");
        } catch (error) {
          throw new Error(
            `the lockfile the install wrote is incomplete (pnpm drops optional dependencies it cannot resolve): ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
      },
    },
    { name: "schema:update", run: () => pnpm("schema:update") },
    { name: "codegen", run: () => pnpm("codegen") },
    ...(docsTables ? [{ name: "docs tables", run: () => pnpm("docs:tables") }] : []),
    // The notification table of docs/streaming-events.md follows the generated method maps.
    ...(docsTables && hasScript(root, "docs:check-snippets")
      ? [{ name: "events table", run: () => pnpm("docs:check-snippets", "--write") }]
      : []),
    // docs/compatibility.md: the pinned and the previous release (installed by the install step above).
    ...(docsTables && hasScript(root, "compat:table")
      ? [{ name: "compat table", run: () => pnpm("compat:table") }]
      : []),
    {
      name: "verify",
      run: () => {
        const stale = notOnVersion(root, version, pins.platformIds);
        if (stale.length > 0) throw new Error(`not everything follows codex ${version}: ${stale.join("; ")}`);
      },
    },
    ...(moving
      ? [
          {
            name: "changeset",
            run: () => {
              console.log(`wrote ${writeChangeset(root, previous, version, missing)}`);
            },
          },
        ]
      : []),
  ];

  let interrupted: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    console.error(`\n${signal}: stopping after the current command, then rolling back`);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const guarded = steps.map((step) => ({
    name: step.name,
    run: async () => {
      if (interrupted) throw new Error(`interrupted (${interrupted})`);
      await step.run();
      if (interrupted) throw new Error(`interrupted (${interrupted})`);
    },
  }));
  try {
    const timings = await runSteps(guarded);
    console.log(`\ncodex ${previous} -> ${version} in ${formatMs(performance.now() - started)}:`);
    console.log(timingTable(timings));
    if (missing.length > 0) console.log(`missing platforms (CODEX_MISSING_PLATFORMS): ${missing.join(", ")}`);
    if (moving) console.log(`changeset: ${changesetPath(root, version).slice(root.length + 1)}`);
    console.log("Next: pnpm typecheck && pnpm test, then commit the lot.");
    return 0;
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    const cause = error.cause;
    console.error(
      `\n✗ step "${error.step}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    const command = cause instanceof CommandError ? cause : cause instanceof Error ? cause.cause : undefined;
    if (command instanceof CommandError && command.tail) console.error(errorExcerpt(command.tail, 30));
    console.error(`rolling back: restoring ${paths.join(", ")} from HEAD`);
    restoreFromHead(root, paths);
    let reinstalled = true;
    try {
      await runCommand(root, "pnpm", ["install", "--frozen-lockfile", "--prefer-offline"]);
    } catch {
      reinstalled = false;
    }
    const left = dirtyPaths(root, paths);
    console.error(`\ntimes:\n${timingTable(error.timings)}`);
    console.error(
      [
        `codex:upgrade to ${version} failed at step "${error.step}"; the tree was rolled back${left.length > 0 ? " INCOMPLETELY" : ""}: codex stays at ${pins.version}.`,
        ...(left.length > 0 ? [`still changed: ${left.join(", ")}`] : []),
        ...(reinstalled
          ? []
          : ["the reinstall after the rollback failed: run `pnpm install --frozen-lockfile` yourself."]),
      ].join("\n"),
    );
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
