/**
 * Runs a short-lived program (`codex --version`, `$SHELL -lc true`) with a hard time limit. It gets its own
 * process group, so a timeout or an abort kills everything it started (a login shell's children too).
 */
import { spawn } from "node:child_process";

export interface RunProcessOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface ProcessOutcome {
  /** Exit code, or null when it was killed or never started. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed because it ran past `timeoutMs`. */
  readonly timedOut: boolean;
  /** Why it could not start (ENOENT, EACCES...), when it did not. */
  readonly spawnError: string | undefined;
  readonly durationMs: number;
}

/** Bytes kept of each stream. */
const OUTPUT_CAP = 64 * 1024;

export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let spawnError: string | undefined;
    let settled = false;
    const child = spawn(command, [...args], {
      env: options.env as NodeJS.ProcessEnv | undefined,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    /** Kills the whole process group (also after the leader exited: stragglers may hold the pipes). */
    const killTree = (): void => {
      if (child.pid === undefined) return;
      try {
        if (process.platform === "win32") child.kill("SIGKILL");
        else process.kill(-child.pid, "SIGKILL");
      } catch {
        // ESRCH: the group is gone already.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, options.timeoutMs);
    const onAbort = (): void => killTree();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < OUTPUT_CAP) stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < OUTPUT_CAP) stderr += chunk;
    });
    let exitCode: number | null = null;
    let durationMs: number | undefined;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      const duration = durationMs ?? performance.now() - started;
      resolve({ exitCode, stdout, stderr, timedOut, spawnError, durationMs: duration });
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      spawnError = error.code ?? error.message;
      finish();
    });
    child.once("exit", (code) => {
      durationMs = performance.now() - started;
      exitCode = code;
      // Background children of a login shell may hold the pipes open: end them, and do not wait long.
      killTree();
      setTimeout(finish, 250).unref();
    });
    child.once("close", finish);
    if (options.signal?.aborted) killTree();
  });
}
