import { describe, expect, it } from "vitest";
import type { Message } from "vscode-jsonrpc/node";
import { type CloseDetails, CodexError, ConnectionClosedError } from "../../src/errors.js";
import { type MessageSink, MessageTransport } from "../../src/transports/message-transport.js";

/** The smallest transport: a writer given by the test, a shutdown that only counts and closes. */
class ProbeTransport extends MessageTransport<MessageSink> {
  shutDowns = 0;

  constructor(writer?: MessageSink) {
    super();
    this.writer = writer;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stderrTail(): string {
    return "";
  }

  protected async shutDown(): Promise<void> {
    this.shutDowns++;
    this.closeError = new ConnectionClosedError(this.details("closed by the test"));
  }

  protected details(reason: string): CloseDetails {
    return { reason, exitCode: null, signal: null, stderrTail: "" };
  }
}

const message: Message = { jsonrpc: "2.0" };

describe("MessageTransport", () => {
  it("rejects sends before there is a writer", async () => {
    const error = await new ProbeTransport().send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexError);
    expect(error).not.toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toBe("transport not started");
  });

  it("passes messages to the writer and turns a failed write into a close error", async () => {
    const written: Message[] = [];
    const ok = new ProbeTransport({ write: async (m) => void written.push(m) });
    await ok.send(message);
    expect(written).toEqual([message]);

    const failing = new ProbeTransport({ write: () => Promise.reject(new Error("EPIPE")) });
    const error = await failing.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toBe("write failed: Error: EPIPE");
  });

  it("shuts down once however often close() is called, then rejects sends with the close error", async () => {
    const written: Message[] = [];
    const transport = new ProbeTransport({ write: async (m) => void written.push(m) });
    const first = transport.close();
    expect(transport.close()).toBe(first);
    await first;
    expect(transport.shutDowns).toBe(1);
    const error = await transport.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toBe("closed by the test");
    expect(await transport.send(message).catch((e: unknown) => e)).toBe(error);
    expect(written).toEqual([]);
  });
});
