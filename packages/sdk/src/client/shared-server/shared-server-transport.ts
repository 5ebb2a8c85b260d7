import {
  type CloseDetails,
  ConnectionClosedError,
  type Transport,
  unixSocketTransport,
} from "@codex/app-server-protocol/light";
import type { SharedServerOptions } from "./options.js";
import { SharedServerError } from "./shared-server-error.js";

/**
 * A transport to the shared app-server of a CODEX_HOME: `start()` finds or starts it (ensureSharedServer),
 * then speaks over `unixSocketTransport({ path, token })`, to which everything else is forwarded. The
 * launcher loads on `start()`, so a client that never uses a shared server never reads it.
 */
export function sharedServerTransport(options: SharedServerOptions = {}): Transport {
  return new SharedServerTransport(options);
}

type Message = Parameters<Transport["send"]>[0];

class SharedServerTransport implements Transport {
  onMessage?: ((message: Message) => void) | undefined;
  onClose?: ((error: ConnectionClosedError) => void) | undefined;
  onError?: ((error: Error) => void) | undefined;
  onMalformedMessage?: Transport["onMalformedMessage"];
  onStderr?: ((line: string) => void) | undefined;
  private inner: Transport | undefined;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: SharedServerOptions) {}

  async start(): Promise<void> {
    if (process.platform === "win32") {
      throw new SharedServerError("the shared server needs Unix sockets; it is not available on Windows yet");
    }
    const { ensureSharedServer } = await import("./launcher.js");
    const endpoint = await ensureSharedServer(this.options, this.abort.signal);
    if (this.closed)
      throw new ConnectionClosedError(details("shared server transport closed before it connected"));
    const inner = unixSocketTransport({ path: endpoint.socketPath, token: endpoint.token });
    inner.onMessage = (message) => this.onMessage?.(message);
    inner.onClose = (error) => this.onClose?.(error);
    inner.onError = (error) => this.onError?.(error);
    inner.onMalformedMessage = (malformed) => this.onMalformedMessage?.(malformed);
    this.inner = inner;
    await inner.start();
  }

  send(message: Message): Promise<void> {
    if (!this.inner)
      return Promise.reject(new ConnectionClosedError(details("shared server transport not started")));
    return this.inner.send(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort(new Error("transport closed"));
    await this.inner?.close();
  }

  stderrTail(): string {
    return "";
  }
}

function details(reason: string): CloseDetails {
  return { reason, exitCode: null, signal: null, stderrTail: "" };
}
