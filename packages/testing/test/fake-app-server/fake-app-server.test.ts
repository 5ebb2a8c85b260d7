import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEX_VERSION } from "@codex/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAppServerScript, fakeAppServerCommand, readFakeRecording } from "../../src/index.js";
import { JsonlChild } from "../support/jsonl-child.js";

const clientInfo = { name: "fake_test", version: "9.9.9" };

function startFake(script: FakeAppServerScript, recordPath?: string): JsonlChild {
  return new JsonlChild(fakeAppServerCommand(script, recordPath === undefined ? {} : { recordPath }));
}

async function initialized(script: FakeAppServerScript): Promise<JsonlChild> {
  const fake = startFake(script);
  await fake.request("initialize", { clientInfo });
  return fake;
}

describe("fake app-server", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fake-app-server-test-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("answers initialize like codex, with a configurable version", async () => {
    const fake = startFake({ initialize: { version: "0.170.0", codexHome: "/h" } });
    const early = await fake.request("thread/list", {});
    expect(early.error).toEqual({ code: -32600, message: "Not initialized" });
    const init = await fake.request("initialize", { clientInfo });
    expect(init.result).toEqual({
      userAgent: "fake_test/0.170.0 (Fake OS 1.0; x86_64) fake (fake_test; 9.9.9)",
      codexHome: "/h",
      platformFamily: "unix",
      platformOs: "linux",
    });
    const again = await fake.request("initialize", { clientInfo });
    expect(again.error).toEqual({ code: -32600, message: "Already initialized" });
    expect(await fake.close()).toEqual({ code: 0, signal: null });
  }, 20_000);

  it("reports the pinned codex version when the script names none", async () => {
    const fake = startFake({});
    const init = await fake.request("initialize", { clientInfo });
    expect((init.result as { userAgent: string }).userAgent).toBe(
      `fake_test/${CODEX_VERSION} (Fake OS 1.0; x86_64) fake (fake_test; 9.9.9)`,
    );
    expect(await fake.close()).toEqual({ code: 0, signal: null });
  }, 20_000);

  it("replies per handler: result, error with data, echo, successive entries, unknown method", async () => {
    const fake = await initialized({
      handlers: {
        "thread/start": { result: { thread: { id: "t1" } } },
        "turn/start": { error: { code: -32602, message: "too big", data: { max_chars: 1 } } },
        "config/read": { echo: true },
        "thread/list": [{ result: { n: 1 } }, { result: { n: 2 } }],
      },
    });
    expect((await fake.request("thread/start", {})).result).toEqual({ thread: { id: "t1" } });
    expect((await fake.request("turn/start", {})).error).toEqual({
      code: -32602,
      message: "too big",
      data: { max_chars: 1 },
    });
    expect((await fake.request("config/read", { a: 1 })).result).toEqual({
      method: "config/read",
      params: { a: 1 },
    });
    const lists = [
      await fake.request("thread/list"),
      await fake.request("thread/list"),
      await fake.request("thread/list"),
    ];
    expect(lists.map((r) => r.result?.n)).toEqual([1, 2, 2]);
    const unknown = await fake.request("no/such/method");
    expect(unknown.error?.code).toBe(-32600);
    expect(unknown.error?.message).toContain("unknown variant `no/such/method`");
    await fake.close();
  }, 20_000);

  it("delays replies and can leave a request unanswered", async () => {
    const fake = await initialized({
      handlers: {
        "slow/one": { delayMs: 300, result: { which: "slow" } },
        "never/answered": { noReply: true },
        "fast/one": { result: { which: "fast" } },
      },
    });
    const from = fake.messages.length;
    fake.write({ id: "s", method: "slow/one", params: {} });
    fake.write({ id: "n", method: "never/answered", params: {} });
    fake.write({ id: "f", method: "fast/one", params: {} });
    await fake.waitFor((m) => m.id === "s", { from });
    expect(fake.messages.slice(from).map((m) => m.result?.which)).toEqual(["fast", "slow"]);
    await fake.close();
    expect(fake.messages.some((m) => m.id === "n")).toBe(false);
  }, 20_000);

  it("floods 100,000 numbered notifications and exits", async () => {
    const count = 100_000;
    const started = performance.now();
    const fake = startFake({
      steps: [
        { notify: "item/agentMessage/delta", params: { delta: "x" }, count },
        { crash: { exitCode: 0 } },
      ],
    });
    const exit = await fake.exited;
    const elapsedMs = performance.now() - started;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(fake.messages).toHaveLength(count);
    expect(fake.messages.every((m, i) => m.params?.seq === i && m.params?.delta === "x")).toBe(true);
    expect(fake.messages[0]?.emittedAtMs).toBeTypeOf("number");
    console.log(
      `fake flood: ${count} notifications in ${elapsedMs.toFixed(0)} ms (${Math.round((count / elapsedMs) * 1000)}/s incl. spawn)`,
    );
  }, 60_000);

  it("sends server requests with ids from 0 and echoes the client's answers", async () => {
    const fake = await initialized({
      steps: [
        { waitFor: "initialized" },
        {
          request: "item/commandExecution/requestApproval",
          params: { itemId: "c1" },
          awaitAnswer: true,
          echoAnswer: true,
        },
        { request: "item/fileChange/requestApproval", params: { itemId: "c2" }, echoAnswer: true },
      ],
    });
    fake.write({ method: "initialized" });
    const first = await fake.waitFor((m) => m.method === "item/commandExecution/requestApproval");
    expect(first).toMatchObject({ id: 0, params: { itemId: "c1" } });
    // The second request waits for the first answer.
    expect(fake.messages.some((m) => m.method === "item/fileChange/requestApproval")).toBe(false);
    fake.write({ id: 0, result: { decision: "accept" } });
    const echoed = await fake.notification("fake/serverRequestAnswered");
    expect(echoed.params).toEqual({
      requestId: 0,
      method: "item/commandExecution/requestApproval",
      result: { decision: "accept" },
    });
    const second = await fake.waitFor((m) => m.method === "item/fileChange/requestApproval");
    expect(second.id).toBe(1);
    fake.write({ id: 1, error: { code: -32603, message: "client could not decide" } });
    const secondEcho = await fake.waitFor(
      (m) => m.method === "fake/serverRequestAnswered" && m.params?.requestId === 1,
    );
    expect(secondEcho.params?.error).toEqual({ code: -32603, message: "client could not decide" });
    await fake.close();
  }, 20_000);

  it("writes garbage and an oversized line between valid messages", async () => {
    const fake = startFake({
      steps: [
        { notify: "before" },
        { write: 'this is not json\n{"truncated":\n' },
        { oversizedLine: 2_000_000 },
        { notify: "after" },
        { crash: { exitCode: 0 } },
      ],
    });
    await fake.exited;
    expect(fake.garbage).toEqual(["this is not json", '{"truncated":']);
    expect(fake.messages.map((m) => m.method)).toEqual(["before", "fake/oversized", "after"]);
    expect(JSON.stringify(fake.messages[1]).length).toBeGreaterThan(2_000_000);
  }, 20_000);

  it("crashes at a step with an exit code and a stderr message", async () => {
    const fake = startFake({
      steps: [{ notify: "hello" }, { crash: { exitCode: 3, stderr: "fatal: scripted\n" } }],
    });
    expect(await fake.exited).toEqual({ code: 3, signal: null });
    expect(fake.stderr).toBe("fatal: scripted\n");
    expect(fake.messages.map((m) => m.method)).toEqual(["hello"]);
  }, 20_000);

  it("crashes with a signal when a method arrives", async () => {
    const fake = await initialized({ handlers: { "turn/start": { crash: { signal: "SIGKILL" } } } });
    fake.write({ id: 9, method: "turn/start", params: {} });
    expect(await fake.exited).toEqual({ code: null, signal: "SIGKILL" });
  }, 20_000);

  it("runs a handler's follow-up steps after its reply", async () => {
    const fake = await initialized({
      handlers: {
        "turn/start": {
          result: { turn: { id: "u1" } },
          after: [{ notify: "turn/started", params: { turn: { id: "u1" } } }, { notify: "turn/completed" }],
        },
      },
    });
    const from = fake.messages.length;
    await fake.request("turn/start", {});
    await fake.notification("turn/completed", { from });
    expect(fake.messages.slice(from).map((m) => m.method ?? "response")).toEqual([
      "response",
      "turn/started",
      "turn/completed",
    ]);
    await fake.close();
  }, 20_000);

  it("exits 0 on stdin EOF, or with a scripted code after a delay", async () => {
    const plain = startFake({});
    plain.endStdin();
    expect(await plain.exited).toEqual({ code: 0, signal: null });
    const scripted = startFake({ onStdinEnd: { exitCode: 7, delayMs: 50 } });
    scripted.endStdin();
    expect(await scripted.exited).toEqual({ code: 7, signal: null });
  }, 20_000);

  it("can ignore stdin EOF and SIGTERM so that only SIGKILL stops it", async () => {
    const fake = startFake({ onStdinEnd: "ignore", ignoreSigterm: true, steps: [{ notify: "ready" }] });
    await fake.notification("ready");
    fake.endStdin();
    fake.kill("SIGTERM");
    await fake.waitForStderr("ignoring SIGTERM");
    fake.kill("SIGKILL");
    // Had SIGTERM or the EOF ended it, the exit would not be SIGKILL's.
    expect(await fake.exited).toEqual({ code: null, signal: "SIGKILL" });
  }, 20_000);

  it("closes stdout while the process lives on", async () => {
    const fake = startFake({ steps: [{ notify: "last" }, { closeStdout: true }] });
    await fake.notification("last");
    fake.endStdin();
    expect(await fake.exited).toEqual({ code: 0, signal: null });
    expect(fake.messages.map((m) => m.method)).toEqual(["last"]);
  }, 20_000);

  it("records every line it reads", async () => {
    const recordPath = join(dir, "record.jsonl");
    const fake = startFake({}, recordPath);
    await fake.request("initialize", { clientInfo });
    fake.write({ method: "initialized" });
    fake.writeRaw("garbage line\n");
    await fake.close();
    expect(await readFakeRecording(recordPath)).toEqual([
      { id: 1, method: "initialize", params: { clientInfo } },
      { method: "initialized" },
      "garbage line",
    ]);
    expect(await readFakeRecording(join(dir, "missing.jsonl"))).toEqual([]);
  }, 20_000);
});
