import { describe, expect, expectTypeOf, it } from "vitest";
import * as protocol from "../src/index.js";

// Pins the public surface the SDK codes against.
describe("package barrel", () => {
  it("exports the runtime API", () => {
    const names = [
      "connect",
      "CodexConnection",
      "spawnTransport",
      "webSocketTransport",
      "unixSocketTransport",
      "JsonlMessageReader",
      "JsonlMessageWriter",
      "CodexError",
      "ProtocolError",
      "InvalidRequestError",
      "NotFoundError",
      "InvalidParamsError",
      "InternalServerError",
      "ServerOverloadedError",
      "ServerShuttingDownError",
      "protocolErrorFrom",
      "ConnectionClosedError",
      "ProcessExitError",
      "CodexTimeoutError",
      "CodexAbortError",
      "ValidationError",
      "ExperimentalApiError",
      "VersionMismatchError",
      "BinaryNotFoundError",
      "BinaryVersionMismatchError",
      "REQUEST_TRACING_CHANNEL",
      "subscription",
      "CLIENT_REQUEST_METHODS",
      "EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS",
      "SERVER_NOTIFICATION_METHODS",
      "SERVER_REQUEST_METHODS",
      "clientRequestParamsToWire",
      "serverNotificationParamsToCamel",
    ];
    for (const name of names) expect(protocol, name).toHaveProperty(name);
  });

  it("exports the contract types", () => {
    expectTypeOf<
      protocol.ServerNotificationEnvelope<"turn/started">["method"]
    >().toEqualTypeOf<"turn/started">();
    expectTypeOf<protocol.SpawnOptions["apiKey"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<protocol.ConnectOptions["validate"]>().toEqualTypeOf<
      "off" | "outgoing" | "strict" | undefined
    >();
    expectTypeOf<protocol.Subscription>().toBeCallableWith();
    expectTypeOf<protocol.Subscription[typeof Symbol.dispose]>().toEqualTypeOf<() => void>();
    expectTypeOf<protocol.RequestOptions>().toEqualTypeOf<{
      readonly signal?: AbortSignal | undefined;
      readonly timeoutMs?: number | undefined;
    }>();
  });
});

/** The README snippet, type-checked (not run: it would start codex against the user's real home). */
export async function readmeSnippet(): Promise<void> {
  await using connection = await protocol.connect({ clientInfo: { name: "my_tool", version: "1.0.0" } });
  console.log(connection.serverVersion, connection.initializeResult.codexHome);

  connection.onNotification("item/agentMessage/delta", (params) => process.stdout.write(params.delta));
  connection.onServerRequest("item/commandExecution/requestApproval", () => ({ decision: "decline" }));

  const { thread } = await connection.request("thread/start", { ephemeral: true });
  const loaded = await connection.request("thread/loaded/list", {}, { timeoutMs: 5_000 });
  console.log(thread.id, loaded.data);
}

describe("validation subpath", () => {
  it("carries the validators; the root does not load them", async () => {
    const validation = await import("../src/validation/index.js");
    expect(validation.validateClientRequestParams("thread/start", { ephemeral: true })).toEqual({ ok: true });
    expect(validation.validateDefinition("ThreadStartParams", { ephemeral: "yes" }).ok).toBe(false);
    expect(protocol).not.toHaveProperty("validateClientRequestParams");
    expect(protocol).not.toHaveProperty("validateDefinition");
  });
});

describe("internals", () => {
  it("are not reachable on a connection or through the barrel", () => {
    const names = Object.getOwnPropertyNames(protocol.CodexConnection.prototype);
    for (const internal of ["completeHandshake", "releaseHeldMessages", "warn", "dispatch", "reply"])
      expect(names, internal).not.toContain(internal);
    expect(protocol).not.toHaveProperty("handshakeAccessOf");
  });
});
