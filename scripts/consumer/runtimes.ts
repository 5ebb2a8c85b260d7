// The runtime matrix (docs/runtimes.md): the README quickstart's turn against the mock model on Node 20,
// 22 and 24 (from this machine or else npm's official Node binary packages), Bun and Deno (from npm), an esbuild ESM bundle on Node and
// a `bun build --compile` executable. Runs in the npm app, whose node_modules and tsc output
// (dist/quickstart.js) it uses. Each runtime is a check; the rows make the table printed at the end.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { QUICKSTART_REPLY } from "./app-files.js";
import { BUN_VERSION, DENO_VERSION, findNode, installRuntimes, type Tool } from "./find-runtimes.js";
import { type Report, run } from "./report.js";

export interface RuntimeRow {
  readonly runtime: string;
  readonly version: string;
  readonly how: string;
  readonly result: "PASS" | "FAIL" | "not available here";
}

export interface RuntimeMatrixOptions {
  /** The npm consumer app: node_modules installed, dist/quickstart.js compiled. */
  readonly appDir: string;
  /** A scratch folder for the Bun/Deno install and the compiled executable. */
  readonly workDir: string;
  readonly registryUrl: string;
  readonly npmCacheDir: string;
  readonly repoRoot: string;
  readonly report: Report;
}

const NODE_MAJORS = [20, 22, 24];

export async function checkRuntimes(options: RuntimeMatrixOptions): Promise<RuntimeRow[]> {
  const { appDir, workDir, report } = options;
  const rows: RuntimeRow[] = [];
  const label = (what: string) => `[runtimes] ${what}`;
  const checkName = (row: Omit<RuntimeRow, "result">) =>
    label(`${row.runtime} (${row.version}): the quickstart turn completes, ${row.how.replaceAll("`", "")}`);
  const ready = await report.check(label("the npm app has node_modules and dist/quickstart.js"), () => {
    for (const path of ["dist/quickstart.js", "node_modules/@codex/app-server-testing/package.json"]) {
      if (!existsSync(join(appDir, path))) throw new Error(`${appDir} has no ${path}`);
    }
  });
  if (!ready) return rows;
  writeFileSync(join(appDir, "run-with-mock.mjs"), RUN_WITH_MOCK);
  const quickstart = join(appDir, "dist", "quickstart.js");

  /** One runtime's check: the quickstart turn, run by `command` under the mock, then its table row. */
  const turn = async (
    row: Omit<RuntimeRow, "result">,
    command: string,
    args: readonly string[],
    extra: { codexPath?: boolean; env?: NodeJS.ProcessEnv; before?: () => Promise<unknown> } = {},
  ) => {
    const ok = await report.check(checkName(row), async () => {
      await extra.before?.();
      const mode = extra.codexPath ? "codex-path" : "lookup";
      const { stdout } = await run(process.execPath, ["run-with-mock.mjs", mode, command, ...args], {
        cwd: appDir,
        env: { ...process.env, ...extra.env },
        timeoutMs: 120_000,
      });
      if (!stdout.includes(QUICKSTART_REPLY))
        throw new Error(`the output lacks the model's answer:\n${stdout}`);
      if (!stdout.includes("status: completed"))
        throw new Error(`the output does not say the turn completed:\n${stdout}`);
    });
    rows.push({ ...row, result: ok ? "PASS" : "FAIL" });
  };
  const failedRow = async (row: Omit<RuntimeRow, "result">, why: string) => {
    await report.check(checkName(row), () => {
      throw new Error(why);
    });
    rows.push({ ...row, result: "FAIL" });
  };

  const toolsDir = join(workDir, "tools");
  let tools: { bun: Tool; deno: Tool } | undefined;
  await report.check(
    label(
      `install bun@${BUN_VERSION}, deno@${DENO_VERSION} and the Node majors this machine lacks from npm into a separate folder`,
    ),
    async () => {
      tools = await installRuntimes({
        dir: toolsDir,
        registryUrl: options.registryUrl,
        npmCacheDir: options.npmCacheDir,
      });
      return `bun ${tools.bun.version}, deno ${tools.deno.version}`;
    },
  );
  for (const major of NODE_MAJORS) {
    const runtime = `Node ${major}`;
    const how = "`node dist/quickstart.js` (tsc output)";
    let found: Awaited<ReturnType<typeof findNode>>;
    try {
      found = await findNode(major, toolsDir);
    } catch (error) {
      await failedRow({ runtime, version: "?", how }, error instanceof Error ? error.message : String(error));
      continue;
    }
    if (!found.found) {
      console.log(`---- ${runtime}: not available here (looked at ${found.lookedAt})`);
      rows.push({ runtime, version: "—", how: "not run", result: "not available here" });
      continue;
    }
    const from = found.from === "this node" ? "" : `, ${found.from}`;
    await turn({ runtime, version: found.version.replace(/^v/, ""), how: `${how}${from}` }, found.path, [
      quickstart,
    ]);
  }

  const esbuildDir = join(options.repoRoot, "node_modules", "esbuild");
  const esbuildVersion = (
    JSON.parse(readFileSync(join(esbuildDir, "package.json"), "utf8")) as { version: string }
  ).version;
  const bundle = join(appDir, "bundle", "quickstart.mjs");
  await turn(
    {
      runtime: "esbuild bundle on Node",
      version: `esbuild ${esbuildVersion}, Node ${process.versions.node}`,
      how: "`esbuild --bundle --platform=node --format=esm`, `node bundle/quickstart.mjs`; binary through the node_modules next to it",
    },
    process.execPath,
    [bundle],
    {
      before: () =>
        run(
          join(esbuildDir, "bin", "esbuild"),
          [
            quickstart,
            "--bundle",
            "--platform=node",
            "--format=esm",
            `--outfile=${bundle}`,
            "--log-level=warning",
          ],
          { cwd: appDir },
        ),
    },
  );

  const bunHow = "`bun run dist/quickstart.js` (tsc output)";
  const denoHow = "`deno run -A dist/quickstart.js` (tsc output; packages from the app's node_modules)";
  const compileHow = "`bun build --compile dist/quickstart.js`, run from another folder with `CODEX_PATH`";
  if (!tools) {
    const why = "bun and deno are not installed (see the install check)";
    await failedRow({ runtime: "Bun", version: BUN_VERSION, how: bunHow }, why);
    await failedRow({ runtime: "Deno", version: DENO_VERSION, how: denoHow }, why);
    await failedRow({ runtime: "Bun executable", version: BUN_VERSION, how: compileHow }, why);
    return rows;
  }
  const { bun, deno } = tools;
  await turn({ runtime: "Bun", version: bun.version, how: bunHow }, bun.path, ["run", quickstart]);
  await turn({ runtime: "Deno", version: deno.version, how: denoHow }, deno.path, ["run", "-A", quickstart], {
    env: { DENO_DIR: join(workDir, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  // Built into a folder with no node_modules above it: the binary can only come from CODEX_PATH.
  const exe = join(workDir, "exe", "quickstart");
  await turn({ runtime: "Bun executable", version: bun.version, how: compileHow }, exe, [], {
    codexPath: true,
    before: () => {
      mkdirSync(join(workDir, "exe"), { recursive: true });
      return run(bun.path, ["build", "--compile", quickstart, "--outfile", exe], { cwd: appDir });
    },
  });
  return rows;
}

/** The matrix as a markdown table. */
export function runtimeTable(rows: readonly RuntimeRow[]): string {
  return [
    "| runtime | version | how it ran | result |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.runtime} | ${row.version} | ${row.how} | ${row.result} |`),
  ].join("\n");
}

// Starts the installed mock Responses API and a CODEX_HOME pointing at it (as run-snippet.mjs does),
// then runs `<command> <args...>` in the test env's workspace with that env: CODEX_* and OPENAI_* removed,
// plus CODEX_PATH (the pinned binary in this app's node_modules) when the first argument is `codex-path`.
// The runtime under test only runs the quickstart; the mock always runs on this Node.
const RUN_WITH_MOCK = `import { spawn } from "node:child_process";
import { reply, startCodexTestEnv } from "@codex/app-server-testing";

const [mode, command, ...args] = process.argv.slice(2);
const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
env.mock.enqueue(reply.message(${JSON.stringify(QUICKSTART_REPLY)}));
const childEnv = { ...env.env, ...(mode === "codex-path" ? { CODEX_PATH: env.codexPath } : {}) };
try {
  const outcome = await new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: env.workspace, env: childEnv, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(signal ?? code));
  });
  if (outcome !== 0) {
    console.error(\`\${command} exited with \${outcome}\`);
    process.exitCode = 1;
  }
} finally {
  await env.close();
}
`;
