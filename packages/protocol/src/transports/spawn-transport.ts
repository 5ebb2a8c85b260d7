import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { BinaryNotFoundError, type ResolvedBinary, resolveCodexBinary } from "@codex/runtime";
import { type CloseDetails, CodexError, LineTooLongError, ProcessExitError } from "../errors.js";
import { JsonlMessageReader } from "../framing/jsonl-message-reader.js";
import { JsonlMessageWriter } from "../framing/jsonl-message-writer.js";
import { LineSplitter } from "../framing/line-splitter.js";
import { excludeApiKeysFromCommands } from "./api-key-policy.js";
import { childProcess } from "./child-process.js";
import { MessageTransport } from "./message-transport.js";
import { ProcessTreeRecord, taskkillTree } from "./process-tree.js";
import { buildSpawnEnv } from "./spawn-env.js";
import { StderrRingBuffer } from "./stderr-ring-buffer.js";
import { configToArgs } from "./toml-overrides.js";
import { commandLineFor, type SpawnCommandLine } from "./windows-command.js";

/** How to start `codex app-server` (or another program speaking its protocol) as a child process. */
export interface SpawnOptions {
  /** The codex executable. Default: `resolveCodexBinary()` (CODEX_PATH, the pinned platform package, PATH). */
  readonly codexPath?: string;
  /**
   * What to do when the platform package's binary is another codex version than the pin (see
   * resolveCodexBinary): "strict" fails start() with BinaryVersionMismatchError before spawning; "warn"
   * (default) and "off" start it, and `binary.versionMismatch` says so. connect() passes its own
   * `versionCheck` when it makes the transport, and warns.
   */
  readonly versionCheck?: "warn" | "strict" | "off";
  /** Extra arguments after `app-server` and the `--config` flags. */
  readonly args?: readonly string[];
  /** Spawn this program with exactly `args` instead of `codex app-server` (wrappers, test fakes). */
  readonly command?: string;
  /** Config overrides, flattened to `--config key=value` with TOML values. */
  readonly config?: Record<string, unknown>;
  /** Replaces the inherited environment when given; `undefined` values remove a variable. */
  readonly env?: Record<string, string | undefined>;
  /** Inherit the parent's environment. Default: true without `env`, false with it. */
  readonly inheritEnv?: boolean;
  /**
   * Goes to the child's env (CODEX_API_KEY, OPENAI_API_KEY), never to argv. Whenever the child's env holds
   * those variables, codex is told (`shell_environment_policy`) to keep them from the agent's commands.
   */
  readonly apiKey?: string;
  /** The child's working directory. */
  readonly cwd?: string;
  /** "pipe" (default) keeps stderr in the ring buffer only; "inherit" also copies it to our stderr; a function gets each line. */
  readonly stderr?: "pipe" | "inherit" | ((line: string) => void);
  /** Size of the stderr ring buffer (and the most kept of one unfinished stderr line). Default 64 KiB. */
  readonly stderrBufferBytes?: number;
  /**
   * Largest stdout line (one JSON-RPC message) accepted, in bytes. Past it the connection closes with
   * LineTooLongError and the server is stopped. Default 128 MiB (lines of 50 MB pass).
   */
  readonly maxLineBytes?: number;
  /**
   * Wait this long after closing stdin, and again after SIGTERM, before escalating. Default 2000 ms.
   * Closing ends the whole process tree: what the agent started is killed once codex is gone.
   */
  readonly shutdownTimeoutMs?: number;
}

/** Default cap of one stdout line: far above any real message, far below V8's string limit (~512 Mi chars). */
export const DEFAULT_MAX_LINE_BYTES = 128 * 1024 * 1024;

/** After the child exits, how long to wait for its pipes to reach EOF before giving up on them. */
const PIPE_DRAIN_GRACE_MS = 50;

/** The stdio transport: a `codex app-server` child process, JSONL over its stdin/stdout. */
export class SpawnTransport extends MessageTransport<JsonlMessageWriter> {
  private child: ChildProcessWithoutNullStreams | undefined;
  private tree: ProcessTreeRecord | undefined;
  private readonly stderrBuffer: StderrRingBuffer;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stdoutEnded = false;
  private stderrEnded = false;
  private readonly exitWaiters: Array<() => void> = [];
  private readonly finishWaiters: Array<() => void> = [];
  private referenced = true;
  private resolved: ResolvedBinary | undefined;

  /** Wraps spawn options; nothing runs until `start()`. */
  constructor(private readonly options: SpawnOptions) {
    super();
    this.stderrBuffer = new StderrRingBuffer(options.stderrBufferBytes ?? 64 * 1024);
  }

  /** The child's pid once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Lets Node exit while this transport sits idle: the child process and its stdin, stdout and stderr
   * pipes stop keeping the event loop alive (`unref()` on all four handles). When Node then exits, the
   * child sees its stdin close and codex exits on its own.
   *
   * Nothing is paused or dropped: messages flow both ways as before, and pending requests settle as long
   * as something else keeps Node running. If nothing does, Node may exit before an answer, a turn's events
   * or a server request arrive, and those promises never settle. So unref only while idle (no request,
   * turn or server request in flight) and call `ref()` before starting work again; the SDK never unrefs on
   * its own. Called before `start()`, it applies to the child once spawned. `close()` refs again, so an
   * awaited close completes. Idempotent.
   */
  unref(): void {
    this.referenced = false;
    this.applyReference();
  }

  /** Undoes `unref()`: the child and its pipes keep Node alive again (the default). Idempotent. */
  ref(): void {
    this.referenced = true;
    this.applyReference();
  }

  /** The codex executable start() resolved (undefined before, and for a spawn `command`). */
  get binary(): ResolvedBinary | undefined {
    return this.resolved;
  }

  /** The last lines the child wrote to stderr, ANSI codes removed. */
  stderrTail(): string {
    return this.stderrBuffer.text();
  }

  /** Spawns the child; rejects with BinaryNotFoundError when the program is missing. */
  start(): Promise<void> {
    if (this.child) return Promise.reject(new CodexError("transport already started"));
    const env = buildSpawnEnv(this.options);
    let file: string;
    let line: SpawnCommandLine;
    try {
      file = this.program();
      line = commandLineFor(file, this.arguments(env));
    } catch (error) {
      return Promise.reject(error);
    }
    const child = childProcess().spawn(line.file, [...line.args], {
      cwd: this.options.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
      // Its own process group on POSIX, so the whole group can be signalled on close.
      detached: process.platform !== "win32",
      ...(line.windowsVerbatimArguments && { windowsVerbatimArguments: true }),
    });
    this.child = child;
    if (!this.referenced) this.applyReference();
    if (process.platform !== "win32" && child.pid !== undefined) this.tree = new ProcessTreeRecord(child.pid);
    this.writer = new JsonlMessageWriter(child.stdin);
    this.writer.onError(([error]) => this.onError?.(error));

    const maxLineBytes = this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const reader = new JsonlMessageReader(child.stdout, {
      maxLineBytes,
      onLineTooLong: (bytes) => this.lineTooLong(bytes, maxLineBytes),
    });
    reader.onMalformedMessage((malformed) => this.onMalformedMessage?.(malformed));
    reader.onError((error) => this.onError?.(error));
    reader.onClose(() => {
      this.stdoutEnded = true;
      this.maybeFinish();
    });
    reader.listen((message) => this.onMessage?.(message));

    this.watchStderr(child);
    child.on("exit", (code, signal) => {
      this.exit = { code, signal };
      for (const waiter of this.exitWaiters.splice(0)) waiter();
      this.maybeFinish();
      if (!this.closeError) {
        // A grandchild may hold the pipes open; do not let that delay the close error.
        setTimeout(() => this.forceFinish(), PIPE_DRAIN_GRACE_MS).unref();
      }
    });

    return new Promise((resolve, reject) => {
      let spawned = false;
      child.once("spawn", () => {
        spawned = true;
        resolve();
      });
      child.on("error", (error) => {
        if (spawned) {
          this.onError?.(error);
          return;
        }
        this.exit ??= { code: null, signal: null };
        this.stdoutEnded = true;
        this.stderrEnded = true;
        const reason = `could not start ${file}: ${error.message}`;
        this.finish(reason);
        reject(this.startError(file, reason, error));
      });
    });
  }

  protected async shutDown(): Promise<void> {
    this.closeRequested = true;
    const child = this.child;
    if (!child) return;
    // Keep Node alive until the child is gone, even on an unref'd transport.
    this.ref();
    // Note the agent's commands (their groups and sessions) while codex still holds them.
    this.tree?.record();
    if (!this.exit) {
      const timeoutMs = this.options.shutdownTimeoutMs ?? 2000;
      // Staged: stdin EOF (codex exits on its own), then SIGTERM, then SIGKILL, each to the whole tree.
      this.writer?.end();
      if (!(await this.waitExit(timeoutMs))) {
        this.tree?.record();
        this.signalTree(child, "SIGTERM");
        if (!(await this.waitExit(timeoutMs))) {
          if (process.platform === "win32" && child.pid !== undefined) await taskkillTree(child.pid);
          else this.signalTree(child, "SIGKILL");
          await this.waitExit(timeoutMs);
        }
      }
    }
    // Commands codex started may outlive it (background jobs are reparented to init): end them too.
    await this.tree?.endSurvivors(Math.min(this.options.shutdownTimeoutMs ?? 2000, 1000));
    // The exit path finishes once the pipes drain (or after a short grace); wait for that.
    if (!this.closeError) await new Promise<void>((resolve) => this.finishWaiters.push(resolve));
  }

  private waitExit(timeoutMs: number): Promise<boolean> {
    if (this.exit) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** A program that is not there (or cannot be run) is a BinaryNotFoundError; anything else stays generic. */
  private startError(file: string, reason: string, error: NodeJS.ErrnoException): CodexError {
    if (error.code !== "ENOENT" && error.code !== "EACCES") return new CodexError(reason, { cause: error });
    const label = this.options.command ? "command option" : "codexPath option";
    return new BinaryNotFoundError(
      [
        {
          source: "option",
          location: `${label}=${file}`,
          outcome: error.code === "ENOENT" ? "no such file" : "not executable",
        },
      ],
      `${label} is set to ${file}, which could not be started (${error.code}). Fix the path.`,
      { cause: error },
    );
  }

  /** Refs or unrefs the child and its pipes (at run time net.Sockets, which their declared types omit). */
  private applyReference(): void {
    const child = this.child;
    if (!child) return;
    const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as Array<{
      ref?(): void;
      unref?(): void;
    } | null>;
    for (const handle of handles) {
      if (this.referenced) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  /** Signals the child's process group on POSIX (the child alone where there are no groups). */
  private signalTree(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
    if (process.platform !== "win32" && child.pid !== undefined) {
      try {
        process.kill(-child.pid, signal);
        return;
      } catch {
        // The group is gone (or was never made); fall back to the child.
      }
    }
    child.kill(signal);
  }

  /** The program to start: the spawn command, or codex (an explicit codexPath is checked up front). */
  private program(): string {
    if (this.options.command) return this.options.command;
    this.resolved = resolveCodexBinary({
      codexPath: this.options.codexPath,
      versionCheck: this.options.versionCheck ?? "warn",
    });
    return this.resolved.path;
  }

  /** The argument list: exactly `args` for a spawn command; `app-server`, `--config` flags, `args` for codex. */
  private arguments(env: Readonly<Record<string, string | undefined>>): string[] {
    if (this.options.command) return [...(this.options.args ?? [])];
    const config = excludeApiKeysFromCommands(this.options.config ?? {}, env);
    return ["app-server", ...configToArgs(config), ...(this.options.args ?? [])];
  }

  private watchStderr(child: ChildProcessWithoutNullStreams): void {
    const forward = this.options.stderr;
    // An endless stderr line keeps only its end, like the ring buffer.
    const splitter = new LineSplitter({ maxLineBytes: this.options.stderrBufferBytes ?? 64 * 1024 });
    const onLine = (line: string): void => {
      this.stderrBuffer.push(line);
      if (typeof forward === "function") forward(line);
      this.onStderr?.(line);
    };
    child.stderr.on("data", (chunk: Buffer) => {
      if (forward === "inherit") process.stderr.write(chunk);
      splitter.push(chunk, onLine);
    });
    const onEnd = (): void => {
      if (this.stderrEnded) return;
      splitter.end(onLine);
      this.stderrEnded = true;
      this.maybeFinish();
    };
    child.stderr.on("end", onEnd);
    child.stderr.on("close", onEnd);
    child.stderr.on("error", (error) => this.onError?.(error));
    child.stdin.on("error", () => {
      // EPIPE after the child died; the exit path reports it.
    });
  }

  private maybeFinish(): void {
    if (this.closeError) return;
    if (this.exit && this.stdoutEnded && this.stderrEnded) this.finish();
    else if (this.stdoutEnded && !this.exit) {
      // stdout is gone but the process lives on: it can no longer answer. Report the close now and
      // stop the process in the background.
      setTimeout(() => {
        if (this.exit || this.closeRequested) return;
        this.forceFinish("codex app-server closed its output but is still running; stopping it");
        void this.close();
      }, PIPE_DRAIN_GRACE_MS).unref();
    }
  }

  /** Gives up on pipes still open after the child exited (or could not be stopped). */
  private forceFinish(reason?: string): void {
    if (this.closeError) return;
    this.child?.stdout.destroy();
    this.child?.stderr.destroy();
    this.finish(reason);
  }

  /** stdout framing is lost: report a typed close now and stop the server in the background. */
  private lineTooLong(bytes: number, maxLineBytes: number): void {
    if (this.closeError) return;
    const reason = `codex app-server wrote a line of more than ${maxLineBytes} bytes on stdout (${bytes} so far); closed the connection`;
    this.finish(reason, new LineTooLongError(this.details(reason), maxLineBytes));
    void this.close();
  }

  private finish(reason?: string, error?: ProcessExitError | LineTooLongError): void {
    if (this.closeError) return;
    this.closeError = error ?? new ProcessExitError(this.details(reason));
    this.writer?.end();
    this.onClose?.(this.closeError);
    for (const waiter of this.finishWaiters.splice(0)) waiter();
  }

  protected details(reason?: string): CloseDetails {
    const exitCode = this.exit?.code ?? null;
    const signal = this.exit?.signal ?? null;
    const described =
      reason ??
      (this.exit
        ? `codex app-server exited (${signal ? `signal ${signal}` : `code ${exitCode}`})${this.closeRequested ? " after close()" : ""}`
        : "codex app-server closed its output");
    return { reason: described, exitCode, signal, stderrTail: this.stderrTail() };
  }
}
