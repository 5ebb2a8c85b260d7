import type {
  DataCallback,
  Disposable,
  Event,
  Message,
  MessageReader,
  MessageWriter,
  PartialMessageInfo,
} from "vscode-jsonrpc/node";
import { Emitter } from "./emitter.js";

/**
 * The part of vscode-jsonrpc's AbstractMessageReader our readers use, without loading vscode-jsonrpc at
 * runtime (it cost ~25 ms of every cold import). Readers stay vscode-jsonrpc `MessageReader`s, so they still
 * plug into its `createMessageConnection`.
 */
export abstract class MessageReaderBase implements MessageReader {
  private readonly errorEmitter = new Emitter<Error>();
  private readonly closeEmitter = new Emitter<void>();
  private readonly partialMessageEmitter = new Emitter<PartialMessageInfo>();

  get onError(): Event<Error> {
    return this.errorEmitter.event;
  }

  get onClose(): Event<void> {
    return this.closeEmitter.event;
  }

  get onPartialMessage(): Event<PartialMessageInfo> {
    return this.partialMessageEmitter.event;
  }

  abstract listen(callback: DataCallback): Disposable;

  protected fireError(error: unknown): void {
    this.errorEmitter.fire(
      error instanceof Error ? error : new Error(`Reader received error: ${String(error)}`),
    );
  }

  protected fireClose(): void {
    this.closeEmitter.fire(undefined);
  }

  dispose(): void {
    this.errorEmitter.dispose();
    this.closeEmitter.dispose();
    this.partialMessageEmitter.dispose();
  }
}

/** The writer counterpart: error and close events shaped like vscode-jsonrpc's AbstractMessageWriter. */
export abstract class MessageWriterBase implements MessageWriter {
  private readonly errorEmitter = new Emitter<[Error, Message | undefined, number | undefined]>();
  private readonly closeEmitter = new Emitter<void>();

  get onError(): Event<[Error, Message | undefined, number | undefined]> {
    return this.errorEmitter.event;
  }

  get onClose(): Event<void> {
    return this.closeEmitter.event;
  }

  abstract write(message: Message): Promise<void>;
  abstract end(): void;

  protected fireError(error: unknown, message?: Message, count?: number): void {
    const asError = error instanceof Error ? error : new Error(`Writer received error: ${String(error)}`);
    this.errorEmitter.fire([asError, message, count]);
  }

  protected fireClose(): void {
    this.closeEmitter.fire(undefined);
  }

  dispose(): void {
    this.errorEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
