import type { DataCallback, Disposable, Event, Message, MessageWriter } from "vscode-jsonrpc/node";
import type WebSocket from "ws";
import { Emitter } from "../framing/emitter.js";
import type { MalformedMessage } from "../framing/malformed-message.js";
import { MessageReaderBase, MessageWriterBase } from "../framing/message-stream-base.js";
import { parseMessage } from "../framing/parse-message.js";

/** vscode-jsonrpc MessageReader over a WebSocket: one JSON-RPC message per text frame. */
export class WebSocketMessageReader extends MessageReaderBase {
  private readonly malformedEmitter = new Emitter<MalformedMessage>();

  constructor(private readonly socket: WebSocket) {
    super();
  }

  get onMalformedMessage(): Event<MalformedMessage> {
    return this.malformedEmitter.event;
  }

  listen(callback: DataCallback): Disposable {
    const onMessage = (data: WebSocket.RawData): void => {
      const text = rawDataToText(data);
      const parsed = parseMessage(text);
      if (parsed.ok) callback(parsed.message);
      else this.malformedEmitter.fire({ raw: text, error: parsed.error });
    };
    const onClose = (): void => this.fireClose();
    this.socket.on("message", onMessage);
    this.socket.on("close", onClose);
    return {
      dispose: () => {
        this.socket.off("message", onMessage);
        this.socket.off("close", onClose);
      },
    };
  }

  override dispose(): void {
    super.dispose();
    this.malformedEmitter.dispose();
  }
}

function rawDataToText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(new Uint8Array(data)).toString("utf8");
}

/** vscode-jsonrpc MessageWriter over a WebSocket. */
export class WebSocketMessageWriter extends MessageWriterBase implements MessageWriter {
  constructor(private readonly socket: WebSocket) {
    super();
  }

  write(message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState !== this.socket.OPEN) {
        reject(new Error("the WebSocket is not open"));
        return;
      }
      this.socket.send(JSON.stringify(message), (error) => {
        if (error) {
          this.fireError(error, message);
          reject(error);
        } else resolve();
      });
    });
  }

  end(): void {
    this.socket.close(1000);
  }
}
