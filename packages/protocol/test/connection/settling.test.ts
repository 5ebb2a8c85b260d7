import { fakeAppServerCommand } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { CodexConnection } from "../../src/connection/codex-connection.js";
import { connect } from "../../src/connection/connect.js";
import { CodexAbortError, CodexTimeoutError, ConnectionClosedError } from "../../src/errors.js";
import { SpawnTransport } from "../../src/transports/spawn-transport.js";
import { eventually } from "../support/fake-connection.js";
import { isAlive, processGone } from "../support/process-state.js";

// A server that never answers initialize and only dies from SIGKILL: a staged shutdown of it takes
// 2 x shutdownTimeoutMs, so "the process is still alive when the call rejected" shows the call did not
// wait for the shutdown.
const stubbornServer = () =>
  new SpawnTransport({
    ...fakeAppServerCommand({
      handlers: { initialize: { noReply: true } },
      onStdinEnd: "ignore",
      ignoreSigterm: true,
    }),
    shutdownTimeoutMs: 1_000,
  });

describe("every call settles (scripted fake app-server)", () => {
  it("a handshake timeout rejects at the configured time; the shutdown runs in the background", async () => {
    const transport = stubbornServer();
    const error = await connect({ transport, initializeTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexTimeoutError);
    expect(error).toMatchObject({ method: "initialize", timeoutMs: 300 });
    expect(isAlive(transport.pid!)).toBe(true);
    await processGone(transport.pid!);
  }, 20_000);

  it("aborting connect (what an SDK close() during start-up does) rejects at once, even with no timeout", async () => {
    const transport = stubbornServer();
    const controller = new AbortController();
    const connecting = connect({ transport, requestTimeoutMs: 0, signal: controller.signal });
    await eventually(() => (transport.pid !== undefined ? true : undefined));
    controller.abort(new Error("client closed"));
    const error = await connecting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexAbortError);
    expect(isAlive(transport.pid!)).toBe(true);
    await processGone(transport.pid!);
  }, 20_000);

  it("close() while initialize is unanswered rejects it at once and begins the staged shutdown", async () => {
    const transport = stubbornServer();
    const connection = new CodexConnection(transport, {
      experimentalApi: false,
      requestTimeoutMs: 0,
      maxInFlight: 0,
      retry: {},
      validate: "off",
    });
    await transport.start();
    const initializing = connection
      .requestUnchecked("initialize", { clientInfo: { name: "t", version: "0" } })
      .catch((e: unknown) => e);
    let closeDone = false;
    const closing = connection.close().then(() => {
      closeDone = true;
    });
    const error = await initializing;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toContain("close()");
    expect(closeDone).toBe(false);
    expect(connection.isClosed).toBe(true);
    await expect(connection.requestUnchecked("thread/list", {})).rejects.toBeInstanceOf(
      ConnectionClosedError,
    );
    await closing;
    expect(isAlive(transport.pid!)).toBe(false);
    // `closed` carries the transport's final word: the server had to be killed.
    expect(await connection.closed).toMatchObject({ signal: "SIGKILL" });
  }, 20_000);
});
