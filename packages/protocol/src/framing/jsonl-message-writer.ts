import type { Writable } from "node:stream";
import type { Message, MessageWriter } from "vscode-jsonrpc/node";
import { MessageWriterBase } from "./message-stream-base.js";

/**
 * vscode-jsonrpc MessageWriter that writes one JSON object per line. Order is the call order (the
 * stream keeps it); the promise settles when the bytes are handed to the OS.
 */
export class JsonlMessageWriter extends MessageWriterBase implements MessageWriter {
  private ended = false;

  constructor(private readonly writable: Writable) {
    super();
    writable.on("error", (error) => this.fireError(error));
    writable.on("close", () => this.fireClose());
  }

  /** Writes one message as one line; resolves once handed to the OS. */
  write(message: Message): Promise<void> {
    if (this.ended || this.writable.destroyed || this.writable.writableEnded) {
      return Promise.reject(new Error("the stream is closed"));
    }
    const line = `${JSON.stringify(message)}\n`;
    return new Promise((resolve, reject) => {
      this.writable.write(line, (error) => {
        if (error) {
          this.fireError(error, message);
          reject(error);
        } else resolve();
      });
    });
  }

  /** Ends the stream (stdin EOF: codex exits on its own). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.writable.end();
  }
}
