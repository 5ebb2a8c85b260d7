import type { Readable } from "node:stream";
import type { DataCallback, Disposable, Event } from "vscode-jsonrpc/node";
import { Emitter } from "./emitter.js";
import { LineSplitter } from "./line-splitter.js";
import type { MalformedMessage } from "./malformed-message.js";
import { MessageReaderBase } from "./message-stream-base.js";
import { parseMessage } from "./parse-message.js";

/**
 * vscode-jsonrpc MessageReader for newline-delimited JSON (the app-server's stdio framing; the stock
 * reader expects LSP `Content-Length` headers). Messages are handed to the callback synchronously, in
 * order, as their line completes, so everything read before EOF is delivered before `onClose` fires.
 */
export class JsonlMessageReader extends MessageReaderBase {
  private readonly splitter: LineSplitter;
  private readonly malformedEmitter = new Emitter<MalformedMessage>();
  private listening = false;
  private closed = false;

  /**
   * `maxLineBytes` caps one line (default: no cap); past it, `onLineTooLong` is called once and the
   * rest of the stream is ignored, so the owner can close the connection cleanly.
   */
  constructor(
    private readonly readable: Readable,
    options: { readonly maxLineBytes?: number; readonly onLineTooLong?: (bytes: number) => void } = {},
  ) {
    super();
    const onOverflow = options.onLineTooLong;
    this.splitter = new LineSplitter({
      ...(options.maxLineBytes !== undefined && { maxLineBytes: options.maxLineBytes }),
      // Without a handler an overlong line would be truncated and then fail to parse; drop it instead.
      onOverflow: onOverflow ?? (() => {}),
    });
  }

  /** Lines that are not JSON-RPC messages (garbage, truncated JSON). They are skipped. */
  get onMalformedMessage(): Event<MalformedMessage> {
    return this.malformedEmitter.event;
  }

  /** Starts reading; `callback` gets each message synchronously, in order. Call once. */
  listen(callback: DataCallback): Disposable {
    if (this.listening) throw new Error("JsonlMessageReader.listen() may be called only once");
    this.listening = true;
    const onLine = (line: string): void => {
      const parsed = parseMessage(line);
      if (parsed.ok) callback(parsed.message);
      else this.malformedEmitter.fire({ raw: line, error: parsed.error });
    };
    const onData = (chunk: Buffer | string): void => this.splitter.push(chunk, onLine);
    const onEnd = (): void => {
      if (this.closed) return;
      this.closed = true;
      this.splitter.end(onLine);
      this.fireClose();
    };
    const onError = (error: Error): void => this.fireError(error);
    this.readable.on("data", onData);
    this.readable.on("end", onEnd);
    this.readable.on("close", onEnd);
    this.readable.on("error", onError);
    return {
      dispose: () => {
        this.readable.off("data", onData);
        this.readable.off("end", onEnd);
        this.readable.off("close", onEnd);
        this.readable.off("error", onError);
      },
    };
  }

  override dispose(): void {
    super.dispose();
    this.malformedEmitter.dispose();
  }
}
