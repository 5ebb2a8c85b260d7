import { execFile } from "node:child_process";
import { connect } from "node:net";
import { SpawnTransport } from "@codex/app-server-protocol";
import type { SupervisorSpec } from "./supervisor-spec.js";

/**
 * `codex app-server --listen unix://<internal socket>` through the protocol's SpawnTransport, which already
 * builds the env (inheritEnv, apiKey, the API-key exclusion from agent commands), resolves the binary and
 * stops the whole process tree. Its stdio carries nothing: codex serves the socket only.
 */
export function startCodexChild(
  spec: SupervisorSpec,
  internalSocket: string,
  apiKey: string | undefined,
  onStderr: (line: string) => void,
): SpawnTransport {
  return new SpawnTransport({
    ...(spec.codexPath !== undefined && { codexPath: spec.codexPath }),
    ...(spec.config !== undefined && { config: spec.config }),
    ...(spec.env !== undefined && { env: spec.env }),
    ...(spec.inheritEnv !== undefined && { inheritEnv: spec.inheritEnv }),
    ...(apiKey !== undefined && { apiKey }),
    ...(spec.cwd !== undefined && { cwd: spec.cwd }),
    args: ["--listen", `unix://${internalSocket}`],
    stderr: onStderr,
    // SIGTERM comes first from the supervisor; this bounds each later stage.
    shutdownTimeoutMs: 3000,
  });
}

/** Resolves once something accepts connections on `path`; rejects after `timeoutMs` or when `gone()`. */
export async function waitForSocket(path: string, timeoutMs: number, gone: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await accepts(path)) return;
    if (gone()) throw new Error("codex exited before its socket accepted connections");
    if (Date.now() > deadline) throw new Error(`codex socket ${path} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** `codex --version` of the binary that runs (e.g. "0.171.0"), or undefined. */
export function versionOfBinary(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(path, ["--version"], { timeout: 10_000 }, (error, stdout) => {
      resolve(error ? undefined : /(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1]);
    });
  });
}
