/**
 * `codex.exec(argv)`: a standalone command in codex's sandbox (`command/exec`), as a live handle. Output
 * always streams (`command/exec/outputDelta`, base64 on the wire) so it can be read while the process
 * runs; stdin, PTY resize and terminate go to `command/exec/write|resize|terminate` by process id.
 */
import type { Camel, RequestOptions } from "@codex/app-server-protocol";
import { CodexAbortError, CodexError } from "@codex/app-server-protocol/light";
import { addKeyedListener, type Subscription } from "../client/listener-set.js";
import type { Session } from "../client/session.js";
import type { CamelClientRequestMap } from "../protocol-types.js";
import { assertArgv, newProcessId } from "./command-input-error.js";

/** Options of `codex.exec()`. */
export interface CommandOptions {
  /** Working directory (absolute). Default: the app-server's cwd. */
  readonly cwd?: string;
  /** Environment overrides merged into codex's; `null` unsets a variable. */
  readonly env?: Readonly<Record<string, string | null>>;
  /** Run in a pseudo-terminal (stdout and stderr arrive together on stdout); optionally its size. */
  readonly tty?: boolean | CommandTerminalSize;
  /** Keep stdin open for `write()` (implied by `tty`). Default: stdin is closed. */
  readonly stdin?: boolean;
  /** Server-side timeout; `null` disables it. Default: codex's. */
  readonly timeoutMs?: number | null;
  /** Per-stream capture cap in bytes; `null` disables it. Default: codex's. */
  readonly outputBytesCap?: number | null;
  /** Sandbox for this command (camelCase-tagged). Default: the user's configured policy. */
  readonly sandboxPolicy?: Camel.SandboxPolicy;
  /** Aborting terminates the process and rejects `result()` with CodexAbortError. */
  readonly signal?: AbortSignal;
}

/** A PTY size in character cells. */
export interface CommandTerminalSize {
  readonly rows: number;
  readonly cols: number;
}

/** One chunk of a command's output. */
export interface CommandOutputEvent {
  readonly stream: "stdout" | "stderr";
  /** The chunk's bytes as they came. */
  readonly data: Uint8Array;
  /** The chunk decoded as UTF-8 (a character split across chunks is completed in the next one). */
  readonly text: string;
  /** True on the last chunk of a stream that hit `outputBytesCap` (later output was dropped). */
  readonly capReached: boolean;
}

/** How a command ended. */
export interface CommandResult {
  readonly exitCode: number;
  /** All of stdout (what streamed, or what codex buffered), decoded as UTF-8. */
  readonly stdout: string;
  readonly stderr: string;
}

/** Where a command is: running, or how it ended. */
export type CommandStatus = "running" | "exited" | "terminated" | "failed";

type OutputListener = (event: CommandOutputEvent) => void;

/** Codex's answer to a follow-up request for a process it has not spawned (yet). */
const NOT_SPAWNED = /no active command\/exec/i;
/** About 2.5 s of retries (5, 10, 20... ms, capped at 320 ms). */
const SPAWN_RETRIES = 12;

/**
 * A running command. Iterate it for its output chunks (`break` terminates it), read `stdout`/`stderr` as
 * text streams, listen with `on`, write stdin, resize, terminate, or await `result()`.
 */
export class CommandHandle implements AsyncIterable<CommandOutputEvent>, AsyncDisposable {
  /** The connection-scoped process id the SDK gave the command. */
  readonly processId: string;

  readonly #session: Session;
  readonly #events: CommandOutputEvent[] = [];
  readonly #text = { stdout: "", stderr: "" };
  readonly #decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  readonly #listeners = new Map<string, Set<OutputListener>>();
  readonly #result: Promise<CommandResult>;
  #status: CommandStatus = "running";
  #terminateWanted = false;
  #wake: (() => void) | undefined;

  /** @internal Created by `codex.exec()`; its facade picks the process id. */
  constructor(
    session: Session,
    command: readonly string[],
    options: CommandOptions = {},
    processId: string = newProcessId(),
  ) {
    assertArgv(command);
    this.#session = session;
    this.processId = processId;
    this.#result = this.#run(command, options);
    this.#result.catch(() => {});
  }

  /** Running, or how the command ended. */
  get status(): CommandStatus {
    return this.#status;
  }

  /** Resolves with the exit code and the whole output; rejects with CodexAbortError or the server's error. */
  result(): Promise<CommandResult> {
    return this.#result;
  }

  /** Writes to stdin (needs `stdin: true` or `tty`); `closeStdin` closes it after the data. */
  async write(
    data: string | Uint8Array,
    options: { readonly closeStdin?: boolean } & RequestOptions = {},
  ): Promise<void> {
    const { closeStdin, ...requestOptions } = options;
    await this.#control(
      "command/exec/write",
      { processId: this.processId, deltaBase64: toBase64(data), ...(closeStdin && { closeStdin: true }) },
      requestOptions,
    );
  }

  /** Closes stdin (the process sees EOF). */
  async closeStdin(options?: RequestOptions): Promise<void> {
    await this.#session.callStable(
      "command/exec/write",
      { processId: this.processId, closeStdin: true },
      options,
    );
  }

  /** Resizes the PTY of a `tty` command. */
  async resize(size: CommandTerminalSize, options?: RequestOptions): Promise<void> {
    await this.#control("command/exec/resize", { processId: this.processId, size }, options);
  }

  /** Terminates the process; `result()` then resolves with its exit code (status "terminated"). */
  async terminate(options?: RequestOptions): Promise<void> {
    if (this.#status !== "running") return;
    this.#terminateWanted = true;
    await this.#control("command/exec/terminate", { processId: this.processId }, options);
  }

  /** Calls `handler` for each chunk of one stream, or of both (`"output"`). */
  on(stream: "stdout" | "stderr" | "output", handler: (event: CommandOutputEvent) => void): Subscription {
    return addKeyedListener(this.#listeners, stream, handler);
  }

  /** Stops calling `handler`. */
  off(stream: "stdout" | "stderr" | "output", handler: (event: CommandOutputEvent) => void): void {
    this.#listeners.get(stream)?.delete(handler);
  }

  /** Calls `handler` for the next chunk only. */
  once(stream: "stdout" | "stderr" | "output", handler: (event: CommandOutputEvent) => void): Subscription {
    const stop = this.on(stream, (event) => {
      stop();
      handler(event);
    });
    return stop;
  }

  /** Every output chunk from the start, in order; `break` terminates the process. */
  [Symbol.asyncIterator](): AsyncIterator<CommandOutputEvent> {
    return this.#reader((event) => event);
  }

  /** stdout as text, from the start. */
  get stdout(): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: () => this.#reader((e) => (e.stream === "stdout" ? e.text : undefined)),
    };
  }

  /** stderr as text, from the start. */
  get stderr(): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: () => this.#reader((e) => (e.stream === "stderr" ? e.text : undefined)),
    };
  }

  /** `await using cmd = codex.exec(...)`: terminates the process if it still runs. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#status === "running") await this.terminate().catch(() => undefined);
    await this.#result.catch(() => undefined);
  }

  /**
   * A follow-up request for this process. Codex answers "no active command/exec" until it has spawned
   * the process, and nothing tells the client when that happened: retry briefly while it should be running.
   */
  async #control<M extends "command/exec/write" | "command/exec/resize" | "command/exec/terminate">(
    method: M,
    params: CamelClientRequestMap[M]["params"],
    options?: RequestOptions,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#session.callStable(method, params, options);
        return;
      } catch (error) {
        const notYet = error instanceof CodexError && NOT_SPAWNED.test(error.message);
        if (!notYet || this.#status !== "running" || attempt >= SPAWN_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  #reader<U>(map: (event: CommandOutputEvent) => U | undefined): AsyncIterator<U> {
    let cursor = 0;
    const next = async (): Promise<IteratorResult<U>> => {
      for (;;) {
        while (cursor < this.#events.length) {
          const value = map(this.#events[cursor++] as CommandOutputEvent);
          if (value !== undefined && value !== "") return { value, done: false };
        }
        if (this.#status !== "running") {
          await this.#result.catch(() => undefined);
          if (cursor >= this.#events.length) return { value: undefined, done: true };
          continue;
        }
        await new Promise<void>((resolve) => {
          const previous = this.#wake;
          this.#wake = () => {
            previous?.();
            resolve();
          };
        });
      }
    };
    return {
      next,
      return: async () => {
        if (this.#status === "running") void this.terminate().catch(() => undefined);
        return { value: undefined, done: true };
      },
    };
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #onOutput(delta: Camel.CommandExecOutputDeltaNotification): void {
    const data = Buffer.from(delta.deltaBase64, "base64");
    const stream = delta.stream;
    const text = this.#decoders[stream].decode(data, { stream: true });
    this.#text[stream] += text;
    const event: CommandOutputEvent = {
      stream,
      data: new Uint8Array(data),
      text,
      capReached: delta.capReached,
    };
    this.#events.push(event);
    for (const key of [stream, "output"]) {
      for (const listener of [...(this.#listeners.get(key) ?? [])]) {
        try {
          listener(event);
        } catch (error) {
          this.#session.warn({
            kind: "listenerError",
            message: `A command output listener threw: ${error instanceof Error ? error.message : String(error)}`,
            error: error instanceof Error ? error : new Error(String(error)),
          });
        }
      }
    }
    this.#notify();
  }

  async #run(command: readonly string[], options: CommandOptions): Promise<CommandResult> {
    const { signal } = options;
    const stop = this.#session.notifications.add((event) => {
      if (event.method === "command/exec/outputDelta" && event.params.processId === this.processId) {
        this.#onOutput(event.params);
      }
    });
    const onAbort = (): void => void this.terminate().catch(() => undefined);
    try {
      if (signal?.aborted) throw new CodexAbortError(signal.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      const tty = options.tty;
      const response = await this.#session.callStable(
        "command/exec",
        {
          command: [...command],
          processId: this.processId,
          streamStdoutStderr: true,
          ...(options.stdin && { streamStdin: true }),
          ...(tty && { tty: true }),
          ...(typeof tty === "object" && { size: tty }),
          ...(options.cwd !== undefined && { cwd: options.cwd }),
          ...(options.env !== undefined && { env: { ...options.env } }),
          ...(options.timeoutMs === null
            ? { disableTimeout: true }
            : options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
          ...(options.outputBytesCap === null
            ? { disableOutputCap: true }
            : options.outputBytesCap !== undefined && { outputBytesCap: options.outputBytesCap }),
          ...(options.sandboxPolicy !== undefined && { sandboxPolicy: options.sandboxPolicy }),
          // The reply comes when the process exits: no client-side request timeout (codex has its own).
        },
        { timeoutMs: 0 },
      );
      for (const key of ["stdout", "stderr"] as const) this.#text[key] += this.#decoders[key].decode();
      this.#status = this.#terminateWanted ? "terminated" : "exited";
      if (signal?.aborted) throw new CodexAbortError(signal.reason);
      return {
        exitCode: response.exitCode,
        stdout: this.#text.stdout + response.stdout,
        stderr: this.#text.stderr + response.stderr,
      };
    } catch (error) {
      if (this.#status === "running") this.#status = "failed";
      throw error;
    } finally {
      stop();
      signal?.removeEventListener("abort", onAbort);
      this.#notify();
    }
  }
}

function toBase64(data: string | Uint8Array): string {
  return (typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data)).toString("base64");
}
