import type { Message } from "vscode-jsonrpc/node";
import { type CloseDetails, CodexError, ConnectionClosedError } from "../errors.js";
import type { Transport } from "./transport.js";

/** Where a transport writes messages (the JSONL writer of a child's stdin, a WebSocket writer). */
export interface MessageSink {
  write(message: Message): Promise<void>;
}

/**
 * What every transport shares: the callback slots, `send` through a writer that fails with the close error
 * once closed, and a `close` that runs the subclass's shutdown only once.
 */
export abstract class MessageTransport<Writer extends MessageSink> implements Transport {
  onMessage?: Transport["onMessage"];
  onClose?: Transport["onClose"];
  onError?: Transport["onError"];
  onMalformedMessage?: Transport["onMalformedMessage"];
  onStderr?: Transport["onStderr"];

  protected writer: Writer | undefined;
  /** Set once, when the transport closed; later sends reject with it. */
  protected closeError: ConnectionClosedError | undefined;
  protected closeRequested = false;
  private closing: Promise<void> | undefined;

  abstract start(): Promise<void>;
  abstract stderrTail(): string;
  /** Closes the pipe; called once, by the first `close()`. */
  protected abstract shutDown(): Promise<void>;
  /** What the close error reports, given why the pipe closed. */
  protected abstract details(reason: string): CloseDetails;

  send(message: Message): Promise<void> {
    if (this.closeError) return Promise.reject(this.closeError);
    if (!this.writer) return Promise.reject(new CodexError("transport not started"));
    return this.writer.write(message).catch((error: unknown) => {
      throw this.closeError ?? new ConnectionClosedError(this.details(`write failed: ${String(error)}`));
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }
}
