import type WebSocket from "ws";
import { type CloseDetails, CodexError, ConnectionClosedError } from "../errors.js";
import { MessageTransport } from "./message-transport.js";
import { WebSocketMessageReader, WebSocketMessageWriter } from "./websocket-messages.js";

/** Where and how to connect to `codex app-server --listen ws://…`. */
export interface WebSocketTransportOptions {
  /** `ws://127.0.0.1:PORT` of `codex app-server --listen ws://…`. */
  readonly url: string;
  /** The capability token (`--ws-auth capability-token`); sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Extra HTTP headers for the upgrade request. */
  readonly headers?: Record<string, string>;
  /** How long `start()` waits for the upgrade. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long `close()` waits for the closing handshake before dropping the socket. Default 2 s. */
  readonly shutdownTimeoutMs?: number;
}

/** Where to connect to `codex app-server --listen unix://PATH`. */
export interface UnixSocketTransportOptions {
  /** The socket file of `codex app-server --listen unix://PATH`. Access is governed by its permissions. */
  readonly path: string;
  /** A token for a proxy in front of the socket (the SDK's shared server); sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** How long `start()` waits for the connection. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long `close()` waits for the closing handshake. Default 2 s. */
  readonly shutdownTimeoutMs?: number;
}

/** The WebSocket (and Unix-socket) transport: one JSON-RPC message per text frame; `ws` loads on start. */
export class WebSocketTransport extends MessageTransport<WebSocketMessageWriter> {
  private socket: WebSocket | undefined;
  private started = false;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly timeouts: { connectTimeoutMs?: number; shutdownTimeoutMs?: number },
  ) {
    super();
  }

  /** Always empty: a socket has no stderr. */
  stderrTail(): string {
    return "";
  }

  /** Connects (loading `ws` on first use); rejects with ConnectionClosedError when refused. */
  start(): Promise<void> {
    if (this.started) return Promise.reject(new CodexError("transport already started"));
    this.started = true;
    // ws loads on first use, not at import: only these transports need it, and it was ~50 ms of every
    // cold import of the SDK.
    return import("ws").then(({ default: WebSocketClass }) => this.open(WebSocketClass));
  }

  private open(WebSocketClass: typeof WebSocket): Promise<void> {
    if (this.closeRequested) {
      const reason = "WebSocket transport closed before it connected";
      this.finish(reason);
      return Promise.reject(new ConnectionClosedError(this.details(reason)));
    }
    const socket = new WebSocketClass(this.url, {
      headers: this.headers,
      perMessageDeflate: false,
      handshakeTimeout: this.timeouts.connectTimeoutMs ?? 10_000,
    });
    this.socket = socket;
    this.writer = new WebSocketMessageWriter(socket);
    const reader = new WebSocketMessageReader(socket);
    reader.onMalformedMessage((malformed) => this.onMalformedMessage?.(malformed));
    reader.listen((message) => this.onMessage?.(message));

    return new Promise((resolve, reject) => {
      let opened = false;
      socket.once("open", () => {
        opened = true;
        resolve();
      });
      socket.once("unexpected-response", (_request, response) => {
        const reason = `WebSocket upgrade to ${this.url} refused: HTTP ${response.statusCode}`;
        response.resume();
        socket.terminate();
        this.finish(reason);
        reject(new ConnectionClosedError(this.details(reason)));
      });
      socket.on("error", (error) => {
        if (opened) {
          this.onError?.(error);
          return;
        }
        const reason = `could not connect to ${this.url}: ${error.message}`;
        this.finish(reason);
        reject(new ConnectionClosedError(this.details(reason)));
      });
      socket.on("close", (code, reason) => {
        const text = reason.toString();
        this.finish(
          `WebSocket closed (code ${code}${text ? `, ${text}` : ""})${this.closeRequested ? " after close()" : ""}`,
        );
      });
    });
  }

  protected async shutDown(): Promise<void> {
    this.closeRequested = true;
    const socket = this.socket;
    if (!socket || this.closeError) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, this.timeouts.shutdownTimeoutMs ?? 2000);
      timer.unref();
      socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(1000, "client closed");
    });
    this.finish("WebSocket closed by client");
  }

  private finish(reason: string): void {
    if (this.closeError) return;
    this.closeError = new ConnectionClosedError(this.details(reason));
    this.onClose?.(this.closeError);
  }

  protected details(reason: string): CloseDetails {
    return { reason, exitCode: null, signal: null, stderrTail: "" };
  }
}
