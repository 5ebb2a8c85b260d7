import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeHandler, fakeAppServerCommand, readFakeRecording } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  CODEX_VERSION,
  Codex,
  type CodexOptions,
  resolveCodexBinary,
  ServerOverloadedError,
  spawnTransport,
  type Transport,
  unixSocketTransport,
  webSocketTransport,
} from "../src/index.js";
import { FAKE_THREAD_ID, fakeThreadStart } from "./support/fake-thread.js";
import { schemaManifest } from "./support/schema-manifest.js";

const T = 20_000;
const overloaded: FakeHandler = { error: { code: -32001, message: "Server overloaded; retry later." } };
/** Short, so the retry tests stay quick; the backoff itself is tested in the protocol package. */
const fastRetry = { initialDelayMs: 5, maxDelayMs: 20 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sdk-custom-transport-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The methods of the requests a fake read, in order. */
async function sentMethods(recordPath: string): Promise<string[]> {
  const messages = (await readFakeRecording(recordPath)) as { method?: string; id?: unknown }[];
  return messages.filter((message) => message.id !== undefined).map((message) => message.method ?? "?");
}

describe("transport: { type: 'spawn', command, args, env } runs another program", () => {
  it(
    "overloaded (-32001) replies are retried through the SDK until the server accepts",
    async () => {
      const recordPath = join(dir, "retry-then-success.jsonl");
      const command = fakeAppServerCommand(
        { handlers: { "thread/start": [overloaded, overloaded, { result: fakeThreadStart }] } },
        { recordPath },
      );
      await using codex = new Codex({
        transport: { type: "spawn", ...command },
        retry: { maxRetries: 3, ...fastRetry },
      });
      const thread = await codex.startThread();
      expect(thread.id).toBe(FAKE_THREAD_ID);
      expect(await sentMethods(recordPath)).toEqual([
        "initialize",
        "thread/start",
        "thread/start",
        "thread/start",
      ]);
    },
    T,
  );

  it(
    "gives up with ServerOverloadedError after maxRetries, and the connection keeps working",
    async () => {
      const recordPath = join(dir, "give-up.jsonl");
      const command = fakeAppServerCommand(
        {
          handlers: {
            "thread/start": overloaded,
            "thread/loaded/list": { result: { data: [], nextCursor: null } },
          },
        },
        { recordPath },
      );
      await using codex = new Codex({
        transport: { type: "spawn", command: command.command, args: command.args, env: command.env },
        retry: { maxRetries: 2, ...fastRetry },
      });
      const error = await codex.startThread().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerOverloadedError);
      expect(error).toMatchObject({ code: -32001, retryable: true });
      expect((await codex.api.threadLoadedList({})).data).toEqual([]);
      const sent = await sentMethods(recordPath);
      expect(sent.filter((method) => method === "thread/start")).toHaveLength(3); // 1 try + 2 retries
      expect(sent.at(-1)).toBe("thread/loaded/list");
    },
    T,
  );

  it(
    "the option's env replaces CodexOptions.env: the fake only runs with its own script variable",
    async () => {
      const command = fakeAppServerCommand({ initialize: { version: CODEX_VERSION } });
      await using codex = new Codex({
        env: { FAKE_APP_SERVER_SCRIPT: "not json" },
        transport: { type: "spawn", ...command },
      });
      await codex.start();
      expect(codex.serverVersion).toBe(CODEX_VERSION);
    },
    T,
  );
});

describe("transport: a ready Transport instance", () => {
  it(
    "takes spawnTransport(...) from the SDK barrel",
    async () => {
      const recordPath = join(dir, "instance.jsonl");
      const command = fakeAppServerCommand(
        { handlers: { "thread/start": { result: fakeThreadStart } } },
        { recordPath },
      );
      const transport: Transport = spawnTransport({
        command: command.command,
        args: command.args,
        env: command.env,
      });
      await using codex = new Codex({ transport });
      expect((await codex.startThread()).id).toBe(FAKE_THREAD_ID);
      expect(await sentMethods(recordPath)).toEqual(["initialize", "thread/start"]);
    },
    T,
  );

  it("accepts every transport factory and spawn form in its types", () => {
    expectTypeOf(spawnTransport({})).toEqualTypeOf<Transport>();
    expectTypeOf(webSocketTransport).returns.toEqualTypeOf<Transport>();
    expectTypeOf(unixSocketTransport).returns.toEqualTypeOf<Transport>();
    expectTypeOf<{ type: "spawn"; command: string; args: string[]; env: Record<string, string> }>().toExtend<
      NonNullable<CodexOptions["transport"]>
    >();
    expectTypeOf<Transport>().toExtend<NonNullable<CodexOptions["transport"]>>();
  });
});

describe("the pinned binary", () => {
  it("resolveCodexBinary() and CODEX_VERSION are exported for servers you start yourself", () => {
    const binary = resolveCodexBinary({ env: {} });
    // The pin the protocol was generated from (schemas/manifest.json, written by pnpm schema:update).
    expect(CODEX_VERSION).toBe(schemaManifest.codexVersion);
    expect(binary.source).toBe("platform-package");
    expect(binary.pinnedVersion).toBe(CODEX_VERSION);
    expect(existsSync(binary.path)).toBe(true);
  });
});
