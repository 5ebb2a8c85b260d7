import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { CodexAbortError } from "@codex/app-server-protocol/light";
import { accepts } from "./codex-child.js";
import { lockHolder } from "./lock.js";
import type { SharedServerEndpoint, SharedServerOptions } from "./options.js";
import { defaultCodexHome, type SharedServerPaths, sharedServerPaths } from "./paths.js";
import { SharedServerError } from "./shared-server-error.js";
import {
  fileTail,
  isAlive,
  privateDir,
  readStatusFile,
  readToken,
  type SharedServerStatusFile,
  writePrivateFile,
} from "./state-files.js";
import { supervisorCommand } from "./supervisor-command.js";
import {
  API_KEY_VARIABLE,
  DEFAULT_IDLE_TIMEOUT_MS,
  EXIT_LOCK_HELD,
  type SupervisorSpec,
} from "./supervisor-spec.js";

/**
 * The shared server of the spec's CODEX_HOME: the live one if there is one, else a new supervisor started
 * detached (it outlives this process). Of several processes starting one at once, the supervisors race for
 * the lock and all callers end up on the winner. Rejects with SharedServerError (with the supervisor's log
 * tail) when none is ready within `startTimeoutMs`.
 */
export async function ensureSharedServer(
  spec: SharedServerOptions = {},
  signal?: AbortSignal,
): Promise<SharedServerEndpoint> {
  const codexHome = spec.codexHome ?? spec.env?.CODEX_HOME ?? defaultCodexHome();
  const paths = sharedServerPaths({
    codexHome,
    ...(spec.stateDir !== undefined && { stateDir: spec.stateDir }),
  });
  await privateDir(paths.stateDir);
  const deadline = Date.now() + (spec.startTimeoutMs ?? 30_000);
  let supervisor: Promise<number | null> | undefined;
  let exitCode: number | null | undefined;
  for (;;) {
    if (signal?.aborted) throw new CodexAbortError(signal.reason);
    const live = await liveServer(paths);
    if (live) return live.endpoint;
    if (exitCode !== undefined) {
      // Ours lost the lock race: wait for the winner, or start again if the winner is gone (it was stopping).
      if (exitCode !== EXIT_LOCK_HELD) {
        throw new SharedServerError(
          `the shared server supervisor exited with code ${exitCode} before it was ready`,
          await fileTail(paths.log),
        );
      }
      const holder = await lockHolder(paths.lock);
      if (holder === undefined || !isAlive(holder)) {
        supervisor = undefined;
        exitCode = undefined;
      }
    }
    if (!supervisor) {
      supervisor = (await startSupervisor(spec, paths)).exited;
      void supervisor.then((code) => {
        exitCode = code;
      });
    }
    if (Date.now() > deadline) {
      throw new SharedServerError(
        `the shared server at ${paths.socket} was not ready after ${spec.startTimeoutMs ?? 30_000} ms`,
        await fileTail(paths.log),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A ready supervisor: its status file (read once, so status and endpoint are the same supervisor's), pid
 * alive, socket accepting, token there.
 */
export async function liveServer(
  paths: SharedServerPaths,
): Promise<{ status: SharedServerStatusFile; endpoint: SharedServerEndpoint } | undefined> {
  const status = await readStatusFile(paths);
  if (!status || !isAlive(status.supervisorPid)) return undefined;
  if (!(await accepts(paths.socket))) return undefined;
  const token = await readToken(paths);
  if (!token) return undefined;
  return { status, endpoint: { socketPath: paths.socket, token, supervisorPid: status.supervisorPid } };
}

/** Spawns `codex-sdk server run` detached; `exited` settles with its exit code. */
async function startSupervisor(
  spec: SharedServerOptions,
  paths: SharedServerPaths,
): Promise<{ exited: Promise<number | null> }> {
  const supervisorSpec: SupervisorSpec = {
    ...(spec.codexPath !== undefined && { codexPath: spec.codexPath }),
    // codex must serve the home the socket belongs to, whatever else the env says.
    env: { ...(spec.env ?? {}), CODEX_HOME: paths.codexHome },
    inheritEnv: spec.inheritEnv ?? spec.env === undefined,
    ...(spec.config !== undefined && { config: spec.config }),
    cwd: spec.cwd ?? process.cwd(),
    codexHome: paths.codexHome,
    stateDir: paths.stateDir,
    idleTimeoutMs: spec.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  };
  const specFile = `${paths.stateDir}/spec-${process.pid}-${randomBytes(4).toString("hex")}.json`;
  await writePrivateFile(specFile, JSON.stringify(supervisorSpec));
  const command = supervisorCommand(["server", "run", "--state-dir", paths.stateDir, "--spec", specFile]);
  const child = spawn(command.file, command.args, {
    detached: true,
    stdio: "ignore",
    cwd: paths.stateDir,
    env: { ...process.env, ...(spec.apiKey !== undefined && { [API_KEY_VARIABLE]: spec.apiKey }) },
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", () => resolve(-1));
    child.once("exit", (code) => resolve(code));
  });
  child.unref();
  return { exited };
}
