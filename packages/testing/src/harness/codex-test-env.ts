import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCodexBinary } from "@codex/runtime";
import {
  MockResponsesServer,
  type MockResponsesServerOptions,
} from "../mock-responses/mock-responses-server.js";
import type { SpawnCommand } from "../spawn-command.js";
import { type CodexHome, type CodexHomeOptions, createCodexHome } from "./codex-home.js";

export interface CodexTestEnvOptions extends Omit<CodexHomeOptions, "mockUrl"> {
  readonly mock?: MockResponsesServerOptions;
  /** Use this binary instead of the pinned one. */
  readonly codexPath?: string;
}

export interface CodexTestEnv extends AsyncDisposable {
  readonly mock: MockResponsesServer;
  readonly home: CodexHome;
  /** The pinned codex binary (resolveCodexBinary from @codex/runtime). */
  readonly codexPath: string;
  /** A complete child env: the parent's env without CODEX_* / OPENAI_* variables, plus CODEX_HOME and HOME. */
  readonly env: Readonly<Record<string, string>>;
  /** A fresh temp directory to use as the thread's cwd (realpath'd, as codex reports paths). */
  readonly workspace: string;
  /** `codex app-server` over stdio, ready to spawn. */
  appServerCommand(extraArgs?: readonly string[]): SpawnCommand;
  /** Closes the mock and removes the home and workspace directories. */
  close(): Promise<void>;
}

/** The parent's env minus anything that could point codex at a real account or another home. */
export function isolatedEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith("CODEX_") || key.startsWith("OPENAI_")) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Starts a mock Responses API and a CODEX_HOME pointing at it, plus a workspace dir. */
export async function startCodexTestEnv(options: CodexTestEnvOptions = {}): Promise<CodexTestEnv> {
  const codexPath = options.codexPath ?? resolveCodexBinary().path;
  const mock = await MockResponsesServer.start(options.mock);
  let home: CodexHome | undefined;
  let workspace: string | undefined;
  try {
    home = await createCodexHome({ ...options, mockUrl: mock.url });
    workspace = await realpath(await mkdtemp(join(options.parentDir ?? tmpdir(), "codex-workspace-")));
  } catch (error) {
    await mock.close();
    await home?.cleanup();
    throw error;
  }
  const env = isolatedEnv(home.env);
  const readyHome = home;
  const readyWorkspace = workspace;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await mock.close();
    await readyHome.cleanup();
    await rm(readyWorkspace, { recursive: true, force: true, maxRetries: 3 });
  };
  return {
    mock,
    home: readyHome,
    codexPath,
    env,
    workspace: readyWorkspace,
    appServerCommand: (extraArgs = []) => ({
      command: codexPath,
      args: ["app-server", ...extraArgs],
      env,
      cwd: readyWorkspace,
    }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
