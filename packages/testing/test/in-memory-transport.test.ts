import { ConnectionClosedError, connect } from "@codex/app-server-protocol";
import { describe, expect, it } from "vitest";
import { InMemoryAppServer, InMemoryTransport, type TransportMessage } from "../src/index.js";

const message = (n: number) => ({ method: "test/ping", params: { n } }) as unknown as TransportMessage;

describe("InMemoryTransport.createLinkedPair", () => {
  it("passes messages both ways, in order, as copies", async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const atA: unknown[] = [];
    const atB: unknown[] = [];
    a.onMessage = (m) => atA.push(m);
    b.onMessage = (m) => atB.push(m);
    await Promise.all([a.start(), b.start()]);
    const sent = message(1);
    await a.send(sent);
    await a.send(message(2));
    await b.send(message(3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(atB).toEqual([message(1), message(2)]);
    expect(atB[0]).not.toBe(sent);
    expect(atA).toEqual([message(3)]);
  });

  it("buffers messages that arrive before start()", async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    await a.start();
    await a.send(message(1));
    await new Promise((resolve) => setImmediate(resolve));
    const atB: unknown[] = [];
    b.onMessage = (m) => atB.push(m);
    await b.start();
    expect(atB).toEqual([message(1)]);
  });

  it("close() on either end closes both, once each, after the messages already sent", async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const events: string[] = [];
    a.onClose = () => events.push("a closed");
    b.onClose = () => events.push("b closed");
    b.onMessage = () => events.push("b got message");
    await Promise.all([a.start(), b.start()]);
    await a.send(message(1));
    await a.close();
    await b.close();
    expect(events).toEqual(["b got message", "a closed", "b closed"]);
    await expect(a.send(message(2))).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(b.send(message(2))).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});

describe("InMemoryAppServer", () => {
  it("completes the protocol's handshake and answers or holds requests as scripted", async () => {
    const server = new InMemoryAppServer();
    server.handle("model/list", () => ({ data: [], nextCursor: null }));
    const connection = await connect({ transport: server.transport });
    expect(connection.serverVersion).toBeDefined();
    expect(await connection.requestUnchecked("model/list", {})).toEqual({ data: [], nextCursor: null });
    const held = connection.requestUnchecked("thread/loaded/list", {});
    const request = await server.nextRequest("thread/loaded/list");
    request.respond({ data: ["x"] });
    expect(await held).toEqual({ data: ["x"] });
    expect(server.sent("initialized")).toHaveLength(1);
    await connection.close();
    expect(server.transport.isClosed).toBe(true);
  });
});
