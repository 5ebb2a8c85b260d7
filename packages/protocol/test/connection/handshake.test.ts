import { fakeAppServerCommand } from "@codex/app-server-testing";
import {
  BinaryNotFoundError,
  BinaryVersionMismatchError,
  CODEX_PREVIOUS_VERSION,
  CODEX_VERSION,
  type ResolvedBinary,
} from "@codex/runtime";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { CodexConnection } from "../../src/connection/codex-connection.js";
import { connect } from "../../src/connection/connect.js";
import type { ConnectionWarning } from "../../src/connection/connection-events.js";
import {
  CodexAbortError,
  CodexError,
  ExperimentalApiError,
  InvalidRequestError,
  ValidationError,
  VersionMismatchError,
} from "../../src/errors.js";
import type { ClientRequestMap, ExperimentalClientRequestMap } from "../../src/protocol-types.js";
import { SpawnTransport } from "../../src/transports/spawn-transport.js";
import { connectFake, eventually } from "../support/fake-connection.js";
import { processGone } from "../support/process-state.js";

describe("handshake (scripted fake app-server)", () => {
  it("sends initialize with clientInfo and capabilities, then initialized, and exposes the result", async () => {
    const fake = await connectFake(
      { initialize: { codexHome: "/tmp/home-x" } },
      {
        clientInfo: { name: "proto_test", title: "Protocol Test", version: "1.2.3" },
        optOutNotificationMethods: ["item/agentMessage/delta"],
      },
    );
    // The fake records what it reads; `initialized` may still be in the pipe right after connect().
    const recorded = await eventually(async () => {
      const lines = await fake.recorded();
      return lines.length >= 2 ? lines : undefined;
    });
    expect(recorded[0]).toMatchObject({
      method: "initialize",
      params: {
        clientInfo: { name: "proto_test", title: "Protocol Test", version: "1.2.3" },
        capabilities: { experimentalApi: false, optOutNotificationMethods: ["item/agentMessage/delta"] },
      },
    });
    expect(recorded[1]).toEqual({ method: "initialized" });
    expect(fake.connection.initializeResult).toMatchObject({
      codexHome: "/tmp/home-x",
      platformFamily: "unix",
      platformOs: "linux",
    });
    expect(fake.connection.initializeResult.userAgent).toMatch(/^proto_test\//);
    expect(fake.connection.serverVersion).toBe(CODEX_VERSION);
    expect(fake.warnings).toEqual([]);
  }, 20_000);

  it("warns on a version mismatch by default", async () => {
    const fake = await connectFake({ initialize: { version: "0.100.0" } });
    expect(fake.connection.serverVersion).toBe("0.100.0");
    expect(fake.warnings).toHaveLength(1);
    expect(fake.warnings[0]).toMatchObject({ kind: "versionMismatch" });
    expect(fake.warnings[0]!.error).toBeInstanceOf(VersionMismatchError);
    expect(fake.warnings[0]!.error).toMatchObject({ expected: CODEX_VERSION, actual: "0.100.0" });
  }, 20_000);

  it("accepts the previous release silently, even in strict mode", async () => {
    const fake = await connectFake(
      { initialize: { version: CODEX_PREVIOUS_VERSION } },
      { versionCheck: "strict" },
    );
    expect(fake.connection.serverVersion).toBe(CODEX_PREVIOUS_VERSION);
    expect(fake.warnings).toEqual([]);
  }, 20_000);

  it("names the supported range when the server is newer than the pin", async () => {
    const [major, minor] = CODEX_VERSION.split(".").map(Number);
    const newer = `${major}.${minor! + 1}.0`;
    const fake = await connectFake({ initialize: { version: newer } });
    expect(fake.warnings).toHaveLength(1);
    expect(fake.warnings[0]!.error).toMatchObject({
      expected: CODEX_VERSION,
      actual: newer,
      oldestSupported: CODEX_PREVIOUS_VERSION,
    });
    expect(fake.warnings[0]!.message).toContain(newer);
    expect(fake.warnings[0]!.message).toContain(CODEX_VERSION);
  }, 20_000);

  describe("a platform-package binary of another codex version", () => {
    const mismatch = {
      expected: CODEX_VERSION,
      actual: "0.1.0",
      binaryPath: "/app/node_modules/@openai/codex-linux-x64/vendor/x/bin/codex",
      manifestPath: "/app/node_modules/@openai/codex-linux-x64/package.json",
    };
    /** The fake server, as if the resolver had found it through a hoisted official package of 0.1.0. */
    class HoistedBinaryTransport extends SpawnTransport {
      override get binary(): ResolvedBinary {
        return {
          path: mismatch.binaryPath,
          source: "platform-package",
          pinnedVersion: undefined,
          versionMismatch: mismatch,
        };
      }
    }
    const transport = () => new HoistedBinaryTransport(fakeAppServerCommand({}));

    it("is a binaryVersionMismatch warning naming both versions and paths", async () => {
      const warnings: ConnectionWarning[] = [];
      const connection = await connect({ transport: transport(), onWarning: (w) => warnings.push(w) });
      try {
        expect(warnings.map((w) => w.kind)).toEqual(["binaryVersionMismatch"]);
        expect(warnings[0]!.error).toBeInstanceOf(BinaryVersionMismatchError);
        for (const part of Object.values(mismatch)) expect(warnings[0]!.message).toContain(part);
      } finally {
        await connection.close();
      }
    }, 20_000);

    it("rejects connect() with BinaryVersionMismatchError in strict mode, and says nothing with off", async () => {
      const error = await connect({ transport: transport(), versionCheck: "strict" }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BinaryVersionMismatchError);
      expect(error).toMatchObject({
        expected: CODEX_VERSION,
        actual: "0.1.0",
        binaryPath: mismatch.binaryPath,
      });
      const warnings: ConnectionWarning[] = [];
      const quiet = await connect({
        transport: transport(),
        versionCheck: "off",
        onWarning: (w) => warnings.push(w),
      });
      await quiet.close();
      expect(warnings).toEqual([]);
    }, 20_000);
  });

  it("rejects a version mismatch in strict mode", async () => {
    const error = await connectFake({ initialize: { version: "0.100.0" } }, { versionCheck: "strict" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VersionMismatchError);
  }, 20_000);

  it("delivers notifications sent during the handshake to handlers registered right after connect", async () => {
    const fake = await connectFake({
      handlers: {
        initialize: {
          result: {
            userAgent: `x/${CODEX_VERSION} (Fake)`,
            codexHome: "/h",
            platformFamily: "unix",
            platformOs: "linux",
          },
          after: [
            { notify: "configWarning", params: { summary: "early" } },
            { waitFor: "initialized" },
            { notify: "fake/done" },
          ],
        },
      },
    });
    const seen: unknown[] = [];
    fake.connection.onNotification("configWarning", (params) => seen.push(params));
    await new Promise<void>((resolve) =>
      fake.connection.onAnyNotification((n) => n.method === ("fake/done" as string) && resolve()),
    );
    expect(seen).toEqual([{ summary: "early" }]);
  }, 20_000);

  it("refuses experimental methods and fields without the opt-in, before sending", async () => {
    const fake = await connectFake({ handlers: { "collaborationMode/list": { result: { data: [] } } } });
    const method = "collaborationMode/list";
    await expect(fake.connection.requestUnchecked(method, {})).rejects.toBeInstanceOf(ExperimentalApiError);
    const fieldError = await fake.connection
      .requestUnchecked("thread/start", { dynamicTools: [] })
      .catch((e: unknown) => e);
    expect(fieldError).toBeInstanceOf(ExperimentalApiError);
    expect(fieldError).toMatchObject({ method: "thread/start", field: "dynamicTools" });
    const sent = (await fake.recorded()).map((m) => m.method);
    expect(sent).not.toContain(method);
    expect(sent).not.toContain("thread/start");
  }, 20_000);

  it("allows experimental methods with experimentalApi: true", async () => {
    const fake = await connectFake(
      { handlers: { "collaborationMode/list": { result: { data: [] } } } },
      { experimentalApi: true },
    );
    const connection = fake.connection as unknown as CodexConnection<ExperimentalClientRequestMap>;
    await expect(connection.request("collaborationMode/list", {})).resolves.toEqual({ data: [] });
    expect((await fake.recorded())[0]).toMatchObject({
      params: { capabilities: { experimentalApi: true } },
    });
  }, 20_000);

  it("types requests by the method maps (experimental methods are a type error without the opt-in)", () => {
    type Stable = CodexConnection<ClientRequestMap>;
    type Experimental = CodexConnection<ExperimentalClientRequestMap>;
    expectTypeOf<Parameters<Stable["request"]>[0]>().toEqualTypeOf<keyof ClientRequestMap & string>();
    expectTypeOf<"collaborationMode/list">().not.toMatchTypeOf<Parameters<Stable["request"]>[0]>();
    expectTypeOf<"collaborationMode/list">().toMatchTypeOf<Parameters<Experimental["request"]>[0]>();
    const typeOnly = (connection: Stable) => {
      // @ts-expect-error experimental method on a stable connection
      void connection.request("collaborationMode/list", {});
      // @ts-expect-error wrong params type
      void connection.request("thread/read", { threadId: 5 });
      // Methods without params may leave them out ({} goes on the wire).
      void connection.request("account/logout");
      // @ts-expect-error params are required where the schema requires them
      void connection.request("thread/read");
      return connection.request("thread/read", { threadId: "t" });
    };
    expectTypeOf<Awaited<ReturnType<typeof typeOnly>>>().toEqualTypeOf<
      ClientRequestMap["thread/read"]["result"]
    >();
  });

  it("validates outgoing params with a local error naming the field", async () => {
    const fake = await connectFake({}, { validate: "outgoing" });
    const error = await fake.connection
      .requestUnchecked("thread/read", { threadId: 42 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ direction: "outgoing", method: "thread/read" });
    expect((error as ValidationError).issues.some((issue) => issue.path.includes("threadId"))).toBe(true);
    expect((await fake.recorded()).map((m) => m.method)).not.toContain("thread/read");
  }, 20_000);

  it("in strict mode reports incoming drift as a warning, never for unknown fields or methods", async () => {
    const fake = await connectFake(
      {
        steps: [
          { waitFor: "initialized" },
          { notify: "turn/started", params: { threadId: 5, turn: "not a turn" } },
          { notify: "fake/brandNewMethod", params: { anything: true } },
          { notify: "serverRequest/resolved", params: { threadId: "t", requestId: 0, brandNewField: 1 } },
          { notify: "fake/done" },
        ],
      },
      { validate: "strict" },
    );
    const done = new Promise<void>((resolve) =>
      fake.connection.onAnyNotification((n) => n.method === ("fake/done" as string) && resolve()),
    );
    await done;
    const drift = fake.warnings.filter((w) => w.kind === "incomingValidation");
    expect(drift.map((w) => w.method)).toEqual(["turn/started"]);
    expect(drift[0]!.error).toBeInstanceOf(ValidationError);
    expect(drift[0]!.error).toMatchObject({ direction: "incoming" });
  }, 20_000);

  it("aborts connecting when the signal fires during initialize, and stops the server", async () => {
    const transport = new SpawnTransport(
      fakeAppServerCommand({ handlers: { initialize: { noReply: true } } }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("gave up")), 300);
    const error = await connect({ transport, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexAbortError);
    expect(((error as CodexAbortError).reason as Error).message).toBe("gave up");
    // connect() began closing the transport on the way out: the process goes.
    await processGone(transport.pid!);
  }, 20_000);

  it("fails with BinaryNotFoundError naming a codexPath that does not exist", async () => {
    const error = await connect({ transport: { codexPath: "/nonexistent/codex" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinaryNotFoundError);
    expect(error).toBeInstanceOf(CodexError);
    expect((error as Error).message).toContain("codexPath option=/nonexistent/codex");
  }, 20_000);

  it("fails with BinaryNotFoundError when a spawn command does not exist", async () => {
    const transport = new SpawnTransport({ command: "/nonexistent/wrapper", args: [] });
    const error = await connect({ transport }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinaryNotFoundError);
    expect((error as Error).message).toContain("/nonexistent/wrapper");
  }, 20_000);

  it("sends params {} for a method called without params (codex rejects a missing params)", async () => {
    const fake = await connectFake({ handlers: { "account/logout": { echo: true } } });
    await expect(fake.connection.request("account/logout")).resolves.toEqual({
      method: "account/logout",
      params: {},
    });
  }, 20_000);

  it("surfaces the server's -32600 for an unknown method as InvalidRequestError", async () => {
    const fake = await connectFake({});
    await expect(fake.connection.requestUnchecked("no/such/method", {})).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
  }, 20_000);
});
