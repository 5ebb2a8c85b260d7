import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CodexTestEnv, freePort, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { CODEX_VERSION } from "@codex/runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  deltaTexts,
  type ListeningServer,
  RawClient,
  startListening,
  until,
  waitForSocketFile,
} from "./support-shared-server.js";

// What codex does when several clients share one `app-server --listen` process (docs/shared-server.md).
let env: CodexTestEnv;
let scratch: string;
let servers: ListeningServer[] = [];
let clients: RawClient[] = [];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i} `);
const userText = (text: string) => [{ type: "text", text }];

beforeEach(async () => {
  env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
  scratch = await mkdtemp(join(tmpdir(), "shared-server-"));
});

afterEach(async () => {
  for (const client of clients) await client.close();
  for (const server of servers) await server.stop();
  clients = [];
  servers = [];
  await env?.close();
  await rm(scratch, { recursive: true, force: true });
}, 30_000);

async function unixServer(
  extraArgs: readonly string[] = [],
): Promise<{ socket: string; server: ListeningServer }> {
  const socket = join(scratch, `app-server-${servers.length}.sock`);
  const server = startListening(env, [...extraArgs, "--listen", `unix://${socket}`]);
  servers.push(server);
  await waitForSocketFile(socket);
  return { socket, server };
}

async function client(socket: string, name: string): Promise<RawClient> {
  const { client: c } = await RawClient.connect({ unixPath: socket }, name);
  clients.push(c);
  return c;
}

async function startThread(c: RawClient, params: Record<string, unknown> = {}): Promise<string> {
  const { thread } = await c.request<{ thread: { id: string } }>("thread/start", {
    cwd: env.workspace,
    ...params,
  });
  return thread.id;
}

async function startTurn(c: RawClient, threadId: string, text: string): Promise<string> {
  const { turn } = await c.request<{ turn: { id: string } }>("turn/start", {
    threadId,
    input: userText(text),
  });
  return turn.id;
}

describe("listeners (real binary)", () => {
  it("unix socket: 0600 file, two clients at once, one server per path, stale file replaced, SIGTERM removes it", async () => {
    const { socket, server } = await unixServer();
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const a = await RawClient.connect({ unixPath: socket }, "client_a");
    const b = await RawClient.connect({ unixPath: socket }, "client_b");
    clients.push(a.client, b.client);
    expect(a.initialize.userAgent).toContain(`/${CODEX_VERSION} `);
    expect(b.initialize.codexHome).toBe(env.home.path);
    // The originator (user-agent prefix) is process-wide: the first client's name wins.
    expect(a.initialize.userAgent.startsWith("client_a/")).toBe(true);
    expect(b.initialize.userAgent.startsWith("client_a/")).toBe(true);
    expect(b.initialize.userAgent).toContain("(client_b; 0.0.1)");

    const second = startListening(env, ["--listen", `unix://${socket}`]);
    servers.push(second);
    await until(() => second.child.exitCode ?? undefined, 20_000, "second server to exit");
    expect(second.child.exitCode).toBe(1);
    expect(second.stderr()).toContain(`app-server control socket is already in use at ${socket}`);

    server.child.kill("SIGKILL");
    await until(() => server.child.signalCode ?? undefined, 10_000, "server to die");
    expect(existsSync(socket)).toBe(true);
    const third = startListening(env, ["--listen", `unix://${socket}`]);
    servers.push(third);
    const c = await until(
      () => (third.stderr().length > 0 || existsSync(socket) ? true : undefined),
      20_000,
      "third server",
    ).then(async () => {
      for (let i = 0; ; i++) {
        try {
          return await client(socket, "client_c");
        } catch (error) {
          if (i > 80) throw error;
          await sleep(250);
        }
      }
    });
    expect((await c.request<{ data: string[] }>("thread/loaded/list", {})).data).toEqual([]);
    await third.stop();
    expect(third.child.exitCode).toBe(0);
    expect(existsSync(socket)).toBe(false);
  }, 90_000);

  it("unix:// without a path listens at CODEX_HOME/app-server-control/app-server-control.sock", async () => {
    const server = startListening(env, ["--listen", "unix://"]);
    servers.push(server);
    const socket = join(env.home.path, "app-server-control", "app-server-control.sock");
    await waitForSocketFile(socket);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const c = await client(socket, "default_socket");
    expect((await c.request<{ data: string[] }>("thread/loaded/list", {})).data).toEqual([]);
  }, 60_000);

  it("ws: two clients without auth; with capability-token a missing or wrong token gets HTTP 401 at the upgrade", async () => {
    const port = await freePort();
    const open = startListening(env, ["--listen", `ws://127.0.0.1:${port}`]);
    servers.push(open);
    await until(() => (open.stderr().includes("listening on") ? true : undefined), 20_000, "ws listener");
    const x = await RawClient.connect({ url: `ws://127.0.0.1:${port}` }, "ws_x");
    const y = await RawClient.connect({ url: `ws://127.0.0.1:${port}` }, "ws_y");
    clients.push(x.client, y.client);
    expect(y.initialize.codexHome).toBe(env.home.path);

    const authPort = await freePort();
    const tokenFile = join(scratch, "token");
    await writeFile(tokenFile, "capability-secret", { mode: 0o600 });
    const authed = startListening(env, [
      "--listen",
      `ws://127.0.0.1:${authPort}`,
      "--ws-auth",
      "capability-token",
      "--ws-token-file",
      tokenFile,
    ]);
    servers.push(authed);
    await until(
      () => (authed.stderr().includes("listening on") ? true : undefined),
      20_000,
      "ws auth listener",
    );
    const url = `ws://127.0.0.1:${authPort}`;
    await expect(RawClient.open({ url })).rejects.toThrow("Unexpected server response: 401");
    await expect(RawClient.open({ url, token: "wrong" })).rejects.toThrow("Unexpected server response: 401");
    const p = await RawClient.connect({ url, token: "capability-secret" }, "ws_p");
    const q = await RawClient.connect({ url, token: "capability-secret" }, "ws_q");
    clients.push(p.client, q.client);
    expect(q.initialize.codexHome).toBe(env.home.path);
  }, 60_000);
});

describe("subscriptions and running turns (real binary)", () => {
  it("a second client that thread/resumes a running turn gets its remaining notifications", async () => {
    const { socket } = await unixServer();
    const a = await client(socket, "client_a");
    const b = await client(socket, "client_b");
    const text = words("w", 40);
    env.mock.enqueue(reply.message(text.join(""), { deltas: text, eventDelayMs: 100 }));
    const threadId = await startThread(a);
    // A thread with no turn yet has no rollout: thread/resume cannot subscribe to it.
    await expect(b.request("thread/resume", { threadId })).rejects.toThrow(
      `no rollout found for thread id ${threadId}`,
    );
    const turnId = await startTurn(a, threadId, "hi");
    await a.waitFor((m) => m.method === "item/agentMessage/delta", 20_000, "first delta");
    const { result, index } = await b.requestAt<{
      thread: {
        status: { type: string };
        turns: { id: string; status: string; items: { type: string }[] }[];
      };
    }>("thread/resume", { threadId });
    expect(result.thread.status.type).toBe("active");
    const running = result.thread.turns.at(-1)!;
    expect(running.id).toBe(turnId);
    expect(running.status).toBe("inProgress");
    // Only completed items: the agent message being streamed is not there.
    expect(running.items.map((item) => item.type)).toEqual(["userMessage"]);
    // Before its resume B saw thread/started (sent to every client) but no turn or item event.
    expect(
      b.messages.slice(0, index).some((m) => m.method?.startsWith("item/") || m.method === "turn/started"),
    ).toBe(false);
    expect(b.messages.slice(0, index).some((m) => m.method === "thread/started")).toBe(true);

    await a.waitFor((m) => m.method === "turn/completed", 30_000, "A turn/completed");
    await b.waitFor((m) => m.method === "turn/completed", 30_000, "B turn/completed");
    const aDeltas = deltaTexts(a, turnId);
    const bDeltas = deltaTexts(b, turnId);
    expect(aDeltas).toEqual(text);
    expect(bDeltas.length).toBeGreaterThan(0);
    expect(bDeltas.length).toBeLessThan(text.length);
    expect(bDeltas).toEqual(text.slice(text.length - bDeltas.length));
    // B never gets turn/started or the agent message's item/started, but does get its item/completed (full text).
    expect(b.notifications("turn/started")).toHaveLength(0);
    expect(b.notifications("item/started")).toHaveLength(0);
    const completed = b
      .notifications("item/completed")
      .map((m) => m.params?.item as { type: string; text?: string });
    expect(completed).toContainEqual(expect.objectContaining({ type: "agentMessage", text: text.join("") }));
  }, 90_000);

  it("the turn keeps running when its only client drops, and a client that reattaches gets the rest", async () => {
    const { socket } = await unixServer();
    const a = await client(socket, "client_a");
    const text = words("x", 60);
    env.mock.enqueue(
      reply.message("first"),
      reply.message(text.join(""), { deltas: text, eventDelayMs: 120 }),
    );
    const threadId = await startThread(a);
    await startTurn(a, threadId, "one");
    await a.waitFor((m) => m.method === "turn/completed", 30_000, "first turn");
    const turnId = await startTurn(a, threadId, "two");
    await a.waitFor(
      (m) => m.method === "item/agentMessage/delta" && m.params?.turnId === turnId,
      20_000,
      "delta",
    );
    await a.drop();
    await sleep(1_000);
    expect(env.mock.openResponses).toBe(1);

    const c = await client(socket, "client_c");
    expect((await c.request<{ data: string[] }>("thread/loaded/list", {})).data).toContain(threadId);
    const read = await c.request<{
      thread: {
        status: { type: string };
        turns: { id: string; status: string; items: { type: string }[] }[];
      };
    }>("thread/read", { threadId, includeTurns: true });
    expect(read.thread.status.type).toBe("active");
    expect(read.thread.turns.map((t) => t.status)).toEqual(["completed", "inProgress"]);
    expect(read.thread.turns[1]!.items.map((item) => item.type)).toEqual(["userMessage"]);

    await c.request("thread/resume", { threadId });
    const done = await c.waitFor((m) => m.method === "turn/completed", 30_000, "C turn/completed");
    expect((done.params?.turn as { status?: string } | undefined)?.status).toBe("completed");
    const seen = deltaTexts(c, turnId);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(text.length - 1);
    expect(seen).toEqual(text.slice(text.length - seen.length));
    const completed = c
      .notifications("item/completed")
      .map((m) => m.params?.item as { type: string; text?: string });
    expect(completed).toContainEqual(expect.objectContaining({ type: "agentMessage", text: text.join("") }));
  }, 90_000);
});

describe("unloading (real binary)", () => {
  it("unloads thread_unload_delay_secs after the last subscriber leaves, never while a turn runs", async () => {
    const { socket } = await unixServer(["-c", "thread_unload_delay_secs=2"]);
    const monitor = await client(socket, "monitor");
    const a = await client(socket, "client_a");
    const text = words("y", 40);
    env.mock.enqueue(reply.message("m1"), reply.message(text.join(""), { deltas: text, eventDelayMs: 150 }));
    const threadId = await startThread(a);
    await startTurn(a, threadId, "one");
    await a.waitFor((m) => m.method === "turn/completed", 30_000, "turn");
    expect(await a.request("thread/unsubscribe", { threadId })).toEqual({ status: "unsubscribed" });
    const left = Date.now();
    // thread/closed goes to every client, subscribed or not (the monitor never subscribed).
    const closed = await monitor.waitFor((m) => m.method === "thread/closed", 15_000, "thread/closed");
    expect(closed.params).toEqual({ threadId });
    // About the configured 2 s; wide bounds, as a loaded machine delays both sides.
    expect(closed.at - left).toBeGreaterThan(1_000);
    expect(closed.at - left).toBeLessThan(15_000);
    await a.waitFor((m) => m.method === "thread/closed", 5_000, "thread/closed to A");
    await monitor.waitFor(
      (m) =>
        m.method === "thread/status/changed" &&
        m.params?.threadId === threadId &&
        (m.params?.status as { type?: string } | undefined)?.type === "notLoaded",
      5_000,
      "notLoaded status",
    );
    const read = await monitor.request<{ thread: { status: { type: string } } }>("thread/read", { threadId });
    expect(read.thread.status.type).toBe("notLoaded");

    // A running turn with no subscriber: kept loaded, runs to its end, unloaded only after the delay.
    const b = await client(socket, "client_b");
    await b.request("thread/resume", { threadId });
    const turnId = await startTurn(b, threadId, "two");
    await b.waitFor((m) => m.method === "item/agentMessage/delta", 20_000, "delta");
    await b.drop();
    const from = monitor.messages.length;
    await env.mock.waitUntilIdle({ timeoutMs: 30_000 });
    const streamEnded = Date.now();
    const closedAgain = await monitor.waitFor(
      (m) => m.method === "thread/closed",
      20_000,
      "second thread/closed",
      from,
    );
    // Not cut short: the unload comes after the turn, not during it.
    expect(closedAgain.at - streamEnded).toBeGreaterThan(0);
    const after = await monitor.request<{ thread: { turns: { id: string; status: string }[] } }>(
      "thread/read",
      {
        threadId,
        includeTurns: true,
      },
    );
    expect(after.thread.turns.find((t) => t.id === turnId)?.status).toBe("completed");
  }, 120_000);

  it("with the default delay, a thread nobody is subscribed to stays loaded", async () => {
    const { socket } = await unixServer();
    const monitor = await client(socket, "monitor");
    const a = await client(socket, "client_a");
    env.mock.enqueue(reply.message("m1"));
    const threadId = await startThread(a);
    await startTurn(a, threadId, "one");
    await a.waitFor((m) => m.method === "turn/completed", 30_000, "turn");
    await a.drop();
    await sleep(8_000);
    expect(monitor.notifications("thread/closed")).toHaveLength(0);
    expect((await monitor.request<{ data: string[] }>("thread/loaded/list", {})).data).toContain(threadId);
  }, 60_000);
});

describe("server requests with no subscriber (real binary)", () => {
  it("an approval goes to every subscriber with one id, and is held and re-sent to the next client that resumes", async () => {
    const { socket } = await unixServer(["-c", "thread_unload_delay_secs=2"]);
    const a = await client(socket, "client_a");
    const b = await client(socket, "client_b");
    env.mock.enqueue(
      reply.withTiming(reply.execCommand("echo one"), { delayMs: 2_000 }),
      reply.message("done one"),
      reply.execCommand("echo two"),
      reply.message("done two"),
      reply.withTiming(reply.execCommand("echo three"), { delayMs: 2_500 }),
      reply.message("done three"),
    );
    const threadId = await startThread(a, { approvalPolicy: "untrusted", sandbox: "workspace-write" });
    await startTurn(a, threadId, "one");
    await a.waitFor((m) => m.method === "turn/started", 10_000, "turn/started");
    await b.request("thread/resume", { threadId });
    const isApproval = (m: { method?: string; id?: unknown }) =>
      m.method === "item/commandExecution/requestApproval" && m.id !== undefined;
    const toA = await a.waitFor(isApproval, 30_000, "approval to A");
    const toB = await b.waitFor(isApproval, 10_000, "approval to B");
    expect(toB.id).toBe(toA.id);
    await a.drop();
    b.respond(toB.id!, { decision: "accept" });
    await b.waitFor((m) => m.method === "serverRequest/resolved", 10_000, "resolved");
    await b.waitFor((m) => m.method === "turn/completed", 30_000, "turn one");
    await b.close();

    // Raised while A was subscribed, A dies unanswered: held (past the unload delay), re-sent on resume.
    const a2 = await client(socket, "client_a2");
    await a2.request("thread/resume", { threadId });
    await startTurn(a2, threadId, "two");
    const pending = await a2.waitFor(isApproval, 30_000, "approval two");
    await a2.drop();
    await sleep(6_000);
    const c = await client(socket, "client_c");
    expect((await c.request<{ data: string[] }>("thread/loaded/list", {})).data).toContain(threadId);
    const resumed = await c.requestAt<{ thread: { status: unknown } }>("thread/resume", { threadId });
    expect(resumed.result.thread.status).toEqual({ type: "active", activeFlags: ["waitingOnApproval"] });
    const again = await c.waitFor(isApproval, 10_000, "re-sent approval");
    expect(again.id).toBe(pending.id);
    expect(again.params?.itemId).toBe(pending.params?.itemId);
    expect(c.messages.indexOf(again)).toBeGreaterThan(resumed.index);
    c.respond(again.id!, { decision: "accept" });
    const two = await c.waitFor((m) => m.method === "turn/completed", 30_000, "turn two");
    expect((two.params?.turn as { status?: string } | undefined)?.status).toBe("completed");
    await c.close();

    // Raised while nobody was subscribed: held, sent to the client that resumes.
    const a3 = await client(socket, "client_a3");
    await a3.request("thread/resume", { threadId });
    await startTurn(a3, threadId, "three");
    await a3.waitFor((m) => m.method === "turn/started", 10_000, "turn/started");
    await a3.drop();
    await sleep(6_000);
    const d = await client(socket, "client_d");
    await d.request("thread/resume", { threadId });
    const late = await d.waitFor(isApproval, 10_000, "approval raised with no subscriber");
    expect(String(late.params?.command)).toContain("echo three");
    d.respond(late.id!, { decision: "accept" });
    const three = await d.waitFor((m) => m.method === "turn/completed", 30_000, "turn three");
    expect((three.params?.turn as { status?: string } | undefined)?.status).toBe("completed");
  }, 150_000);
});
