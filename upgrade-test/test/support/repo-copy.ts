// A throwaway copy of the repository (the files git lists, as they are in the working tree), committed
// in a fresh git repo, plus async helpers to run commands in it. Async on purpose: the local registry
// answers from this same process, so a synchronous child would deadlock on it.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The repository this test lives in. */
export const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");

export interface RunResult {
  readonly code: number | null;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

/** Runs a command to its end; never rejects on a non-zero exit (the result says). */
export function run(
  cwd: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * The environment for commands in the copy: this process's, without what an outer `pnpm test` / turbo /
 * vitest put there (npm_* config, CODEX_PATH...), pointed at `registry`, with a pnpm metadata cache of its own.
 */
export function copyEnv(registry: string, cacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // (npm_config_store_dir stays: the copy must use the same pnpm store, or it downloads every package.)
    if (/^(npm_|pnpm_script|turbo_|vitest|codex_)/i.test(key) && !/^npm_config_store_dir$/i.test(key))
      continue;
    if (key === "INIT_CWD" || key === "NODE_OPTIONS") continue;
    env[key] = value;
  }
  return {
    ...env,
    npm_config_registry: registry,
    npm_config_cache_dir: cacheDir,
    // No update check against the real registry, no colour codes in the output the test reads.
    npm_config_update_notifier: "false",
    FORCE_COLOR: "0",
    NO_COLOR: "1",
  };
}

/**
 * Copies what `git ls-files -co --exclude-standard` lists in REPO_ROOT into `dir`, points its .npmrc at
 * `registry`, then commits it there.
 */
export function makeRepoCopy(dir: string, registry: string): void {
  const listed = execFileSync("git", ["-C", REPO_ROOT, "ls-files", "-co", "--exclude-standard", "-z"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
    .split("\0")
    .filter(Boolean);
  for (const path of new Set(listed)) {
    const from = join(REPO_ROOT, path);
    // Deleted in the working tree (still in the index), or a directory (a submodule): not copied.
    if (!existsSync(from) || !lstatSync(from).isFile()) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(from, join(dir, path));
  }
  const npmrc = join(dir, ".npmrc");
  const settings = existsSync(npmrc) ? readFileSync(npmrc, "utf8").replace(/\n?$/, "\n") : "";
  writeFileSync(npmrc, `${settings}registry=${registry}\n`);
  git(dir, ["init", "-q"]);
  git(dir, ["add", "-A"]);
  commit(dir, "base: copy of the working tree");
}

export function git(dir: string, args: readonly string[]): string {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function commit(dir: string, message: string): void {
  git(dir, [
    "-c",
    "user.name=upgrade-test",
    "-c",
    "user.email=upgrade-test@example.invalid",
    "-c",
    "commit.gpgsign=false",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    message,
  ]);
}

/** `git status --porcelain` of the copy (empty when nothing changed). */
export function status(dir: string): string {
  return git(dir, ["status", "--porcelain", "--untracked-files=all"]).trimEnd();
}

export interface Pins {
  readonly version: string;
  readonly previousVersion: string;
  readonly missingPlatforms: readonly string[];
}

/** CODEX_VERSION, CODEX_PREVIOUS_VERSION and CODEX_MISSING_PLATFORMS as platforms.ts in `dir` has them. */
export function readPins(dir: string): Pins {
  const source = readFileSync(join(dir, "packages/runtime/src/platforms.ts"), "utf8");
  const one = (pattern: RegExp) => {
    const value = pattern.exec(source)?.[1];
    if (value === undefined) throw new Error(`platforms.ts: no match for ${pattern}`);
    return value;
  };
  const missing = one(/export const CODEX_MISSING_PLATFORMS: readonly string\[\] = \[([^\]]*)\];/);
  return {
    version: one(/export const CODEX_VERSION = "([^"]+)";/),
    previousVersion: one(/export const CODEX_PREVIOUS_VERSION = "([^"]+)";/),
    missingPlatforms: [...missing.matchAll(/"([^"]+)"/g)].map((found) => found[1]!),
  };
}

export function readJson<T>(dir: string, path: string): T {
  return JSON.parse(readFileSync(join(dir, path), "utf8")) as T;
}
