import type { RequestOptions } from "@codex/app-server-protocol";
import type { CodexClient } from "../client/codex.js";
import type { Subscription } from "../client/listener-set.js";
import type {
  CommandHandle as CommandHandleEngine,
  CommandOptions,
  CommandOutputEvent,
  CommandResult,
  CommandStatus,
  CommandTerminalSize,
} from "../commands/command-handle.js";
import { assertArgv, newProcessId } from "../commands/command-input-error.js";
import { deferredIterator, deferredSubscription } from "./deferred.js";
import type { PublicOf } from "./public-of.js";

type OutputStream = "stdout" | "stderr" | "output";

/**
 * A running command. Iterate it for its output chunks (`break` terminates it), read `stdout`/`stderr` as
 * text streams, listen with `on`, write stdin, resize, terminate, or await `result()`.
 *
 * A facade like `Codex`: `codex.exec()` answers at once, and the command starts as soon as the engine has
 * loaded (the same tick when it already has). Output cannot be missed meanwhile: it only flows after.
 */
export class CommandHandle implements PublicOf<CommandHandleEngine>, AsyncIterable<CommandOutputEvent> {
  /** The connection-scoped process id the SDK gave the command. */
  readonly processId: string;

  readonly #handle: Promise<CommandHandleEngine>;
  readonly #result: Promise<CommandResult>;
  #ready: CommandHandleEngine | undefined;

  /** @internal Created by `codex.exec()`. */
  constructor(client: Promise<CodexClient<boolean>>, command: readonly string[], options?: CommandOptions) {
    assertArgv(command);
    this.processId = newProcessId();
    this.#handle = client.then((ready) => {
      this.#ready = ready.exec(command, options, this.processId);
      return this.#ready;
    });
    this.#result = this.#handle.then((handle) => handle.result());
    this.#result.catch(() => {});
  }

  /** Running, or how the command ended. */
  get status(): CommandStatus {
    return this.#ready?.status ?? "running";
  }

  /** Resolves with the exit code and the whole output; rejects with CodexAbortError or the server's error. */
  result(): Promise<CommandResult> {
    return this.#result;
  }

  /** Writes to stdin (needs `stdin: true` or `tty`); `closeStdin` closes it after the data. */
  async write(
    data: string | Uint8Array,
    options?: { readonly closeStdin?: boolean } & RequestOptions,
  ): Promise<void> {
    return (await this.#handle).write(data, options);
  }

  /** Closes stdin (the process sees EOF). */
  async closeStdin(options?: RequestOptions): Promise<void> {
    return (await this.#handle).closeStdin(options);
  }

  /** Resizes the PTY of a `tty` command. */
  async resize(size: CommandTerminalSize, options?: RequestOptions): Promise<void> {
    return (await this.#handle).resize(size, options);
  }

  /** Terminates the process; `result()` then resolves with its exit code (status "terminated"). */
  async terminate(options?: RequestOptions): Promise<void> {
    return (await this.#handle).terminate(options);
  }

  /** Calls `handler` for each chunk of one stream, or of both (`"output"`). */
  on(stream: OutputStream, handler: (event: CommandOutputEvent) => void): Subscription {
    return deferredSubscription(this.#ready, this.#handle, (handle) => handle.on(stream, handler));
  }

  /** Stops calling `handler`. */
  off(stream: OutputStream, handler: (event: CommandOutputEvent) => void): void {
    if (this.#ready) this.#ready.off(stream, handler);
    else
      void this.#handle.then(
        (handle) => handle.off(stream, handler),
        () => {},
      );
  }

  /** Calls `handler` for the next chunk only. */
  once(stream: OutputStream, handler: (event: CommandOutputEvent) => void): Subscription {
    return deferredSubscription(this.#ready, this.#handle, (handle) => handle.once(stream, handler));
  }

  /** Every output chunk from the start, in order; `break` terminates the process. */
  [Symbol.asyncIterator](): AsyncIterator<CommandOutputEvent> {
    return deferredIterator(this.#handle.then((handle) => handle[Symbol.asyncIterator]()));
  }

  /** stdout as text, from the start. */
  get stdout(): AsyncIterable<string> {
    return this.#text("stdout");
  }

  /** stderr as text, from the start. */
  get stderr(): AsyncIterable<string> {
    return this.#text("stderr");
  }

  /** `await using cmd = codex.exec(...)`: terminates the process if it still runs. */
  async [Symbol.asyncDispose](): Promise<void> {
    return (await this.#handle)[Symbol.asyncDispose]();
  }

  #text(stream: "stdout" | "stderr"): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: () =>
        deferredIterator(this.#handle.then((handle) => handle[stream][Symbol.asyncIterator]())),
    };
  }
}
