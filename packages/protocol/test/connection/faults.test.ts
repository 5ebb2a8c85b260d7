import { describe, expect, it } from "vitest";
import {
  CodexAbortError,
  CodexTimeoutError,
  ConnectionClosedError,
  NotFoundError,
  ProcessExitError,
  ServerOverloadedError,
} from "../../src/errors.js";
import { connectFake, eventually } from "../support/fake-connection.js";
import { processGone } from "../support/process-state.js";

const overloaded = { error: { code: -32001, message: "Server overloaded; retry later." } };

describe("faults (scripted fake app-server)", () => {
  it("rejects a pending request with exit code and stderr tail when the server crashes mid-request", async () => {
    const forwarded: string[] = [];
    const fake = await connectFake(
      { handlers: { "thread/list": { crash: { exitCode: 3, stderr: "thread 'main' panicked at boom\n" } } } },
      { spawn: { stderr: (line) => forwarded.push(line) } },
    );
    const error = await fake.connection.request("thread/list", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessExitError);
    expect(error).toMatchObject({ exitCode: 3, signal: null });
    expect((error as ProcessExitError).stderrTail).toContain("panicked at boom");
    expect(fake.connection.stderrTail()).toContain("panicked at boom");
    expect(forwarded).toContain("thread 'main' panicked at boom");
    expect(await fake.connection.closed).toBe(error);
    // Later calls fail fast with the same error.
    await expect(fake.connection.request("thread/list", {})).rejects.toBe(error);
  }, 20_000);

  it("rejects every pending request (no timeout) when the child is killed, with the signal", async () => {
    const fake = await connectFake({ handlers: { "thread/list": { noReply: true } } });
    const pending = [1, 2, 3].map(() =>
      fake.connection.request("thread/list", {}, { timeoutMs: 0 }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    await eventually(async () => ((await fake.recorded()).length >= 5 ? true : undefined));
    process.kill(fake.transport.pid!, "SIGKILL");
    // Without a timeout only the exit can settle them: settling at all is the point.
    for (const error of await Promise.all(pending)) {
      expect(error).toBeInstanceOf(ProcessExitError);
      expect(error).toMatchObject({ signal: "SIGKILL", exitCode: null });
    }
  }, 20_000);

  it("closes when the server closes stdout but keeps running, and stops that process", async () => {
    const fake = await connectFake({
      handlers: { "thread/list": { noReply: true } },
      steps: [{ waitFor: "thread/list" }, { notify: "fake/last" }, { closeStdout: true }],
    });
    const seen: string[] = [];
    fake.connection.onAnyNotification((n) => seen.push(n.method));
    const error = await fake.connection.request("thread/list", {}, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessExitError);
    expect((error as Error).message).toContain("closed its output");
    expect(seen).toEqual(["fake/last"]);
    await processGone(fake.transport.pid!);
  }, 20_000);

  it("delivers a flood of 100,000 notifications in order before the exit error", async () => {
    const fake = await connectFake({
      steps: [
        { waitFor: "initialized" },
        { notify: "fake/flood", count: 100_000 },
        { crash: { exitCode: 7 } },
      ],
    });
    const seqs: number[] = [];
    let closedAfter = -1;
    fake.connection.onAnyNotification((n) => {
      if (n.method === ("fake/flood" as string)) seqs.push((n.params as unknown as { seq: number }).seq);
    });
    fake.connection.on("close", () => {
      closedAfter = seqs.length;
    });
    const closeError = await fake.connection.closed;
    expect(closeError).toBeInstanceOf(ProcessExitError);
    expect(closeError.exitCode).toBe(7);
    expect(closedAfter).toBe(100_000);
    expect(seqs.length).toBe(100_000);
    let inOrder = true;
    for (let i = 0; i < seqs.length; i++) if (seqs[i] !== i) inOrder = false;
    expect(inOrder).toBe(true);
  }, 60_000);

  it("reports garbage and skips it, survives a 50 MB line, and keeps working", async () => {
    const size = 50 * 1024 * 1024;
    const fake = await connectFake({
      handlers: { "thread/list": { result: { data: [], nextCursor: null } } },
      steps: [
        { waitFor: "initialized" },
        { write: 'this is not json\n[1,2]\n{"half":\n\n\r\n' },
        { oversizedLine: size },
        { notify: "fake/after", params: { ok: true } },
      ],
    });
    const received: Array<{ method: string; size?: number }> = [];
    fake.connection.onAnyNotification((n) => {
      const params = n.params as unknown as { padding?: string };
      received.push(
        params.padding ? { method: n.method, size: params.padding.length } : { method: n.method },
      );
    });
    await eventually(() => (received.some((r) => r.method === "fake/after") ? true : undefined), 30_000);
    expect(received).toEqual([{ method: "fake/oversized", size }, { method: "fake/after" }]);
    expect(fake.malformed.map((m) => m.raw)).toEqual(["this is not json", "[1,2]", '{"half":']);
    await expect(fake.connection.request("thread/list", {})).resolves.toEqual({
      data: [],
      nextCursor: null,
    });
  }, 60_000);

  it("times out a request that never gets a reply, locally, and stays usable", async () => {
    const fake = await connectFake({
      handlers: { "thread/list": [{ noReply: true }, { result: { data: [], nextCursor: null } }] },
    });
    const error = await fake.connection
      .request("thread/list", {}, { timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexTimeoutError);
    expect(error).toMatchObject({ method: "thread/list", timeoutMs: 150 });
    expect(fake.connection.pendingRequestCount).toBe(0);
    await expect(fake.connection.request("thread/list", {})).resolves.toEqual({
      data: [],
      nextCursor: null,
    });
  }, 20_000);

  it("uses the connection's default timeout", async () => {
    const fake = await connectFake(
      { handlers: { "thread/list": { noReply: true } } },
      { requestTimeoutMs: 100, initializeTimeoutMs: 20_000 },
    );
    await expect(fake.connection.request("thread/list", {})).rejects.toBeInstanceOf(CodexTimeoutError);
  }, 20_000);

  it("aborts a request at once and keeps signal.reason", async () => {
    const fake = await connectFake({ handlers: { "thread/list": { noReply: true } } });
    const controller = new AbortController();
    const request = fake.connection.request("thread/list", {}, { signal: controller.signal });
    await eventually(async () =>
      (await fake.recorded()).some((m) => m.method === "thread/list") ? true : undefined,
    );
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    const error = await request.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexAbortError);
    expect((error as CodexAbortError).reason).toBe(reason);
    expect(fake.connection.pendingRequestCount).toBe(0);
    // An already-aborted signal rejects without sending anything.
    const before = (await fake.recorded()).length;
    await expect(
      fake.connection.request("thread/list", {}, { signal: AbortSignal.abort("early") }),
    ).rejects.toMatchObject({ reason: "early" });
    expect((await fake.recorded()).length).toBe(before);
  }, 20_000);

  it("retries -32001 with backoff and succeeds", async () => {
    const fake = await connectFake(
      { handlers: { "thread/list": [overloaded, overloaded, { result: { data: [], nextCursor: null } }] } },
      { retry: { maxRetries: 3, initialDelayMs: 5, maxDelayMs: 20 } },
    );
    await expect(fake.connection.request("thread/list", {})).resolves.toEqual({
      data: [],
      nextCursor: null,
    });
    const attempts = (await fake.recorded()).filter((m) => m.method === "thread/list");
    expect(attempts).toHaveLength(3);
    // Each attempt is a new request id.
    expect(new Set(attempts.map((m) => m.id)).size).toBe(3);
  }, 20_000);

  it("gives up on -32001 after maxRetries with a retryable ServerOverloadedError", async () => {
    const fake = await connectFake(
      { handlers: { "thread/list": overloaded } },
      { retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2 } },
    );
    const error = await fake.connection.request("thread/list", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerOverloadedError);
    expect((error as ServerOverloadedError).retryable).toBe(true);
    expect((await fake.recorded()).filter((m) => m.method === "thread/list")).toHaveLength(3);
  }, 20_000);

  it("maps domain errors to typed errors", async () => {
    const fake = await connectFake({
      handlers: { "thread/read": { error: { code: -32600, message: "thread not found: t-1" } } },
    });
    const error = await fake.connection.request("thread/read", { threadId: "t-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: -32600, method: "thread/read", message: "thread not found: t-1" });
  }, 20_000);

  it("caps requests in flight; the rest wait and go out as slots free up", async () => {
    const fake = await connectFake({ handlers: { "thread/list": { noReply: true } } }, { maxInFlight: 2 });
    const controllers = [0, 1, 2].map(() => new AbortController());
    const requests = controllers.map((c) =>
      fake.connection.request("thread/list", {}, { signal: c.signal }).catch((e: unknown) => e),
    );
    const sent = async () => (await fake.recorded()).filter((m) => m.method === "thread/list").length;
    await eventually(async () => ((await sent()) === 2 ? true : undefined));
    expect(fake.connection.pendingRequestCount).toBe(2);
    controllers[0]!.abort("free a slot");
    await eventually(async () => ((await sent()) === 3 ? true : undefined));
    expect(fake.connection.pendingRequestCount).toBe(2);
    controllers[1]!.abort();
    controllers[2]!.abort();
    for (const outcome of await Promise.all(requests)) expect(outcome).toBeInstanceOf(CodexAbortError);
  }, 20_000);

  it("close() is idempotent, rejects pending requests and escalates to SIGKILL for a stuck server", async () => {
    const fake = await connectFake(
      { handlers: { "thread/list": { noReply: true } }, onStdinEnd: "ignore", ignoreSigterm: true },
      { spawn: { shutdownTimeoutMs: 100 } },
    );
    const pending = fake.connection.request("thread/list", {}).catch((e: unknown) => e);
    await eventually(async () =>
      (await fake.recorded()).some((m) => m.method === "thread/list") ? true : undefined,
    );
    await Promise.all([fake.connection.close(), fake.connection.close()]);
    const error = await pending;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toContain("closed by close()");
    expect(await fake.connection.closed).toMatchObject({ signal: "SIGKILL" });
    expect(fake.connection.stderrTail()).toContain("ignoring SIGTERM");
  }, 20_000);

  it("shuts a well-behaved server down by closing stdin (exit code 0) with await using", async () => {
    const fake = await connectFake({});
    {
      await using connection = fake.connection;
      expect(connection.isClosed).toBe(false);
    }
    const error = await fake.connection.closed;
    expect(error).toMatchObject({ exitCode: 0, signal: null });
  }, 20_000);
});
