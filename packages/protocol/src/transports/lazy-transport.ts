import type { ResolvedBinary } from "@codex/runtime";
import type { Message } from "vscode-jsonrpc/node";
import { CodexError } from "../errors.js";
import type { Transport } from "./transport.js";

/**
 * A Transport whose implementation module loads on first use (`start()`, or a `close()` before it), so the
 * factories of the light entry cost nothing at import: the spawn transport alone pulls in the child
 * process, framing and process-tree code. Callback slots set on it are read at call time, so setting them
 * before or after `start()` both work, as on the real transports.
 */
export class LazyTransport implements Transport {
  onMessage?: Transport["onMessage"];
  onClose?: Transport["onClose"];
  onError?: Transport["onError"];
  onMalformedMessage?: Transport["onMalformedMessage"];
  onStderr?: Transport["onStderr"];

  readonly #open: () => Promise<Transport>;
  #inner: Promise<Transport> | undefined;
  #ready: Transport | undefined;

  constructor(open: () => Promise<Transport>) {
    this.#open = open;
  }

  get binary(): ResolvedBinary | undefined {
    return this.#ready?.binary;
  }

  async start(): Promise<void> {
    await (await this.#load()).start();
  }

  send(message: Message): Promise<void> {
    return this.#ready ? this.#ready.send(message) : Promise.reject(new CodexError("transport not started"));
  }

  async close(): Promise<void> {
    await (await this.#load()).close();
  }

  stderrTail(): string {
    return this.#ready?.stderrTail() ?? "";
  }

  #load(): Promise<Transport> {
    this.#inner ??= this.#open().then((inner) => {
      inner.onMessage = (message) => this.onMessage?.(message);
      inner.onClose = (error) => this.onClose?.(error);
      inner.onError = (error) => this.onError?.(error);
      inner.onMalformedMessage = (malformed) => this.onMalformedMessage?.(malformed);
      inner.onStderr = (line) => this.onStderr?.(line);
      this.#ready = inner;
      return inner;
    });
    return this.#inner;
  }
}
