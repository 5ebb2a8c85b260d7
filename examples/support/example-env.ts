import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CodexTestEnvOptions,
  type MockResponsesServer,
  startCodexTestEnv,
} from "@codex/app-server-testing";

/** `--live` on the command line: use the real Codex login instead of the mock model. */
export const live = process.argv.includes("--live");

export interface ExampleEnvOptions {
  /** Queues the mock model's replies for this example (offline only). */
  readonly script?: (mock: MockResponsesServer) => void;
  /** Extra CODEX_HOME config for the offline run (approval policy, sandbox, config keys). */
  readonly home?: Omit<CodexTestEnvOptions, "mock" | "codexPath">;
}

export interface ExampleEnv extends AsyncDisposable {
  readonly live: boolean;
  /** The mock model (offline), to inspect what codex sent it. */
  readonly mock: MockResponsesServer | undefined;
  /** CODEX_HOME of the run (offline), where sessions and config live. */
  readonly codexHome: string | undefined;
  /** The codex binary: the pinned one offline; CODEX_PATH or `codex` on PATH live. */
  readonly codexPath: string;
  /** A fresh temp directory, also the process's cwd while the example runs. */
  readonly workspace: string;
  close(): Promise<void>;
}

/**
 * Sets the stage so that a plain `new Codex()` in an example works offline: starts the mock Responses
 * API, writes a CODEX_HOME that points codex at it, exports it to `process.env` (the spawned
 * app-server inherits it) and moves into a temp workspace. With `--live` only the workspace is made,
 * and codex uses your own login and config.
 */
export async function startExample(options: ExampleEnvOptions = {}): Promise<ExampleEnv> {
  const previousCwd = process.cwd();
  if (live) {
    const workspace = await realpath(await mkdtemp(join(tmpdir(), "codex-example-")));
    process.chdir(workspace);
    process.stderr.write(`(live: your Codex login and config, workspace ${workspace})\n`);
    const close = async () => {
      process.chdir(previousCwd);
      await rm(workspace, { recursive: true, force: true });
    };
    const codexPath = process.env.CODEX_PATH ?? "codex";
    return {
      live,
      mock: undefined,
      codexHome: undefined,
      codexPath,
      workspace,
      close,
      [Symbol.asyncDispose]: close,
    };
  }

  const env = await startCodexTestEnv(options.home);
  options.script?.(env.mock);
  const savedEnv = { ...process.env };
  // Nothing may point codex at a real account or another home.
  for (const key of Object.keys(process.env)) {
    if (key.startsWith("CODEX_") || key.startsWith("OPENAI_")) delete process.env[key];
  }
  Object.assign(process.env, env.home.env);
  process.chdir(env.workspace);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    process.chdir(previousCwd);
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    await env.close();
  };
  return {
    live,
    mock: env.mock,
    codexHome: env.home.path,
    codexPath: env.codexPath,
    workspace: env.workspace,
    close,
    [Symbol.asyncDispose]: close,
  };
}
