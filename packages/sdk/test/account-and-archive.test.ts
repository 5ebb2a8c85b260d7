import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type FakeAppServerScript,
  fakeAppServerCommand,
  readFakeRecording,
  reply,
} from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { Codex, LoginFailedError, spawnTransport, Thread } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 40_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

describe("unarchive returns the thread, ready for turns (real binary)", () => {
  it(
    "thread.unarchive() resolves with the same Thread, which runs the next turn",
    async () => {
      fx.env.mock.enqueue(reply.message("first answer"), reply.message("after unarchive"));
      const thread = await fx.codex.startThread({
        cwd: fx.env.workspace,
        developerInstructions: "Be brief.",
      });
      await thread.run("first");
      await thread.archive();
      const back = await thread.unarchive();
      expect(back).toBe(thread);
      expect(back.info.id).toBe(thread.id);
      const result = await back.run("again");
      expect(result.finalResponse).toBe("after unarchive");
      // The resumed thread kept its options: the developer instructions reached the model again.
      expect(JSON.stringify(fx.env.mock.requests.at(-1)?.body)).toContain("Be brief.");
    },
    T,
  );

  it(
    "codex.unarchiveThread(id) returns a Thread from another client too",
    async () => {
      fx.env.mock.enqueue(reply.message("one"), reply.message("two"));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      await thread.run("one");
      await fx.codex.archiveThread(thread.id);
      const other = fx.newClient();
      const back = await other.unarchiveThread(thread.id, { cwd: fx.env.workspace });
      expect(back).toBeInstanceOf(Thread);
      expect(back.id).toBe(thread.id);
      expect((await back.run("two")).finalResponse).toBe("two");
      const archived = await other.listThreads({ archived: true });
      expect(archived.data.map((info) => info.id)).not.toContain(thread.id);
    },
    T,
  );

  it("account({ refreshToken }) is accepted by the real server", async () => {
    const account = await fx.codex.account({ refreshToken: true });
    expect(account).toMatchObject({ account: null, requiresOpenaiAuth: false });
  });
});

/** A Codex client on a scripted fake app-server (the real login flows need the internet). */
async function fakeClient(script: FakeAppServerScript) {
  const recordPath = join(await mkdtemp(join(tmpdir(), "fake-login-")), "record.jsonl");
  const command = fakeAppServerCommand(script, { recordPath });
  const codex = new Codex({ transport: spawnTransport(command) });
  const sent = async (method: string) =>
    (await readFakeRecording(recordPath)).filter(
      (message): message is { method: string; params: unknown } =>
        typeof message === "object" &&
        message !== null &&
        (message as { method?: unknown }).method === method,
    );
  return { codex, sent };
}

const deviceCode = {
  type: "chatgptDeviceCode",
  loginId: "login-1",
  verificationUrl: "https://auth.openai.com/codex/device",
  userCode: "ABCD-1234",
};

describe("device-code login (scripted fake app-server)", () => {
  it(
    "shows the verification URL and user code; wait() resolves when the login completes",
    async () => {
      const { codex, sent } = await fakeClient({
        handlers: {
          "account/login/start": {
            result: deviceCode,
            after: [
              { sleep: 30 },
              // Another login's completion must not settle this one.
              { notify: "account/login/completed", params: { loginId: "other", success: false, error: "x" } },
              {
                notify: "account/login/completed",
                params: { loginId: "login-1", success: true, error: null },
              },
            ],
          },
        },
      });
      await using _codex = codex;
      const login = await codex.loginWithChatGpt({ flow: "deviceCode" });
      expect(login).toMatchObject({
        flow: "deviceCode",
        loginId: "login-1",
        verificationUrl: "https://auth.openai.com/codex/device",
        userCode: "ABCD-1234",
        authUrl: undefined,
      });
      await expect(login.wait()).resolves.toBeUndefined();
      expect((await sent("account/login/start")).map((m) => m.params)).toEqual([
        { type: "chatgptDeviceCode" },
      ]);
    },
    T,
  );

  it(
    "a failed device-code login rejects wait() with LoginFailedError and the server's reason",
    async () => {
      const { codex } = await fakeClient({
        handlers: {
          "account/login/start": {
            result: deviceCode,
            after: [
              {
                notify: "account/login/completed",
                params: { loginId: "login-1", success: false, error: "device code expired" },
              },
            ],
          },
        },
      });
      await using _codex = codex;
      const login = await codex.loginWithChatGpt({ flow: "deviceCode" });
      const error = await login.wait().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LoginFailedError);
      expect((error as Error).message).toContain("device code expired");
    },
    T,
  );

  it(
    "cancel() sends account/login/cancel and wait() rejects",
    async () => {
      const { codex, sent } = await fakeClient({
        handlers: {
          "account/login/start": { result: deviceCode },
          "account/login/cancel": { result: { status: "canceled" } },
        },
      });
      await using _codex = codex;
      const login = await codex.loginWithChatGpt({ flow: "deviceCode" });
      await login.cancel();
      await expect(login.wait()).rejects.toBeInstanceOf(LoginFailedError);
      expect((await sent("account/login/cancel")).map((m) => m.params)).toEqual([{ loginId: "login-1" }]);
    },
    T,
  );

  it(
    "account({ refreshToken: true }) sends the flag",
    async () => {
      const { codex, sent } = await fakeClient({
        handlers: { "account/read": { result: { account: null, requiresOpenaiAuth: true } } },
      });
      await using _codex = codex;
      await codex.account({ refreshToken: true });
      await codex.account();
      expect((await sent("account/read")).map((m) => m.params)).toEqual([{ refreshToken: true }, {}]);
    },
    T,
  );
});
