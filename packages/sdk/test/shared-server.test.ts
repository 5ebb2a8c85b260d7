// The managed shared app-server (src/client/shared-server): one supervisor per CODEX_HOME in front of the
// real pinned codex, with a lock, a token proxy, idle shutdown and `codex-sdk server status|stop`.
import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { connect, unixSocketTransport } from "@codex/app-server-protocol";
import { type CodexTestEnv, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureSharedServer } from "../src/client/shared-server/launcher.js";
import type { SharedServerOptions } from "../src/client/shared-server/options.js";
import { sharedServerPaths } from "../src/client/shared-server/paths.js";
import { sharedServerStatus, stopSharedServer } from "../src/index.js";
import { sharedCodex } from "./support/shared-codex.js";

const T = 90_000;
const CHILD = join(import.meta.dirname, "support", "shared-server-child.ts");
const CLI = join(import.meta.dirname, "..", "src", "cli", "codex-sdk.ts");
const TSX = createRequire(import.meta.url).resolve("tsx/cli");
// 80 deltas 100 ms apart: the turn still streams while the killed client is replaced, even on a loaded machine.
const WORDS = Array.from({ length: 80 }, (_, i) => `w${i} `);
const TEXT = WORDS.join("");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let env: CodexTestEnv;
const children: ChildProcess[] = [];

beforeAll(async () => {
  env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
}, T);

afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await stopSharedServer({ codexHome: env.home.path }).catch(() => undefined);
  // Whatever is left (a supervisor that did not stop, a codex it left) dies by pid.
  for (const pid of await leftovers()) process.kill(pid, "SIGKILL");
}, T);

afterAll(async () => {
  await env?.close();
}, T);

function spec(extra: Partial<SharedServerOptions> = {}): SharedServerOptions {
  return {
    codexPath: env.codexPath,
    env: { ...env.env },
    cwd: env.workspace,
    config: { features: { shell_snapshot: false } },
    ...extra,
  };
}

const paths = () => sharedServerPaths({ codexHome: env.home.path });

/** Pids of processes whose command line names this test's state directory (supervisors and codex). */
async function leftovers(): Promise<number[]> {
  const { stdout } = await promisify(execFile)("ps", ["-eo", "pid=,args="]);
  return stdout
    .split("\n")
    .filter((line) => line.includes(paths().stateDir) && !line.includes(" ps "))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => pid !== process.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs the child helper; `lines` yields its JSON lines. */
function startChild(mode: "ensure" | "turn" | "stream", childSpec = spec()) {
  const child = spawn(
    process.execPath,
    [TSX, "--conditions=source", CHILD, mode, JSON.stringify(childSpec)],
    {
      cwd: env.workspace,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })[
    Symbol.asyncIterator
  ]();
  const next = async <V>(): Promise<V> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the ${mode} child ended early`);
    return JSON.parse(String(line.value)) as V;
  };
  return { child, next };
}

interface EnsureLine {
  endpoint: { socketPath: string; token: string; supervisorPid: number };
  ensureMs: number;
}

async function until<V>(
  check: () => V | undefined | Promise<V | undefined>,
  ms: number,
  what: string,
): Promise<V> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Pids of a process's children running `codex app-server`. Only those: a short-lived `codex --version`
 * (the supervisor's version probe) or a loader helper of the test's tsx may sit beside them for a moment.
 */
async function appServerChildrenOf(pid: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)("ps", ["-eo", "pid=,ppid=,args="]);
  return stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, , ...args]) => Number(ppid) === pid && args.includes("app-server"))
    .map(([child]) => Number(child));
}

describe("shared server (real binary)", () => {
  it(
    "two processes starting at once share one supervisor and one codex, and both turns work",
    async () => {
      env.mock.enqueue(reply.message("ok"), reply.message("ok"));
      const a = startChild("turn");
      const b = startChild("turn");
      const [ea, eb] = await Promise.all([a.next<EnsureLine>(), b.next<EnsureLine>()]);
      expect(ea.endpoint.supervisorPid).toBe(eb.endpoint.supervisorPid);
      expect(ea.endpoint.socketPath).toBe(paths().socket);
      const [ta, tb] = await Promise.all([
        a.next<{ finalResponse: string }>(),
        b.next<{ finalResponse: string }>(),
      ]);
      expect([ta.finalResponse, tb.finalResponse]).toEqual(["ok", "ok"]);
      const status = await sharedServerStatus({ codexHome: env.home.path });
      expect(status.running).toBe(true);
      expect(status.supervisorPid).toBe(ea.endpoint.supervisorPid);
      // One supervisor and one codex alive: the loser of the lock race exited, and started no codex.
      const supervisorPid = ea.endpoint.supervisorPid;
      expect(await appServerChildrenOf(supervisorPid)).toEqual([status.codexPid]);
      expect((await leftovers()).sort()).toEqual([supervisorPid, status.codexPid].sort());
      // A third process, with a supervisor already there, connects to it.
      const c = startChild("ensure");
      const ec = await c.next<EnsureLine>();
      expect(ec.endpoint.supervisorPid).toBe(supervisorPid);
      console.log(`ensureSharedServer: cold ${ea.ensureMs}/${eb.ensureMs} ms, warm ${ec.ensureMs} ms`);
    },
    T,
  );

  it(
    "a turn survives its client being killed with SIGKILL; the next client sees the thread loaded",
    async () => {
      env.mock.enqueue(reply.message(TEXT, { deltas: WORDS, eventDelayMs: 100 }));
      const streamer = startChild("stream");
      await streamer.next<EnsureLine>();
      const { threadId, turnId } = await streamer.next<{ threadId: string; turnId: string }>();
      streamer.child.kill("SIGKILL");
      await until(
        () => (streamer.child.exitCode !== null || streamer.child.signalCode ? true : undefined),
        10_000,
        "kill",
      );

      const codex = sharedCodex(spec());
      try {
        const endpoint = await ensureSharedServer(spec());
        const raw = await connect({
          transport: unixSocketTransport({ path: endpoint.socketPath, token: endpoint.token }),
        });
        try {
          expect((await raw.request("thread/loaded/list", {})).data).toContain(threadId);
        } finally {
          await raw.close();
        }
        const thread = await codex.resumeThread(threadId);
        const running = thread.runningTurn();
        expect(running?.id).toBe(turnId);
        const deltas: string[] = [];
        for await (const text of running?.textStream ?? []) deltas.push(text);
        const result = await running?.result();
        expect(result?.status).toBe("completed");
        expect(result?.finalResponse).toBe(TEXT);
        // The new client streamed the rest of the text: a non-empty suffix (the deltas before it are lost).
        expect(deltas.length).toBeGreaterThan(0);
        expect(TEXT.endsWith(deltas.join(""))).toBe(true);
        // What codex stored is what the reattached handle resolved with.
        const turns = await thread.turns();
        const stored = turns.at(-1)?.items.find((item) => item.type === "agentMessage");
        expect(stored).toMatchObject({ text: TEXT });
      } finally {
        await codex.close();
      }
    },
    T,
  );

  it(
    "refuses a client without the token or with a wrong one (401); the right token works",
    async () => {
      const endpoint = await ensureSharedServer(spec());
      const path = endpoint.socketPath;
      await expect(unixSocketTransport({ path }).start()).rejects.toThrow("HTTP 401");
      await expect(unixSocketTransport({ path, token: "0".repeat(64) }).start()).rejects.toThrow("HTTP 401");
      await expect(unixSocketTransport({ path, token: "short" }).start()).rejects.toThrow("HTTP 401");
      const connection = await connect({ transport: unixSocketTransport({ path, token: endpoint.token }) });
      expect(connection.initializeResult.codexHome).toBe(env.home.path);
      await connection.close();
    },
    T,
  );

  it(
    "keeps its files private: state and internal dirs 0700; socket, token and status 0600",
    async () => {
      await ensureSharedServer(spec());
      const p = paths();
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(p.stateDir)).toBe(0o700);
      expect(mode(p.internalDir)).toBe(0o700);
      expect(mode(p.socket)).toBe(0o600);
      expect(mode(p.token)).toBe(0o600);
      expect(mode(p.status)).toBe(0o600);
      expect(mode(p.log)).toBe(0o600);
      // No spec file (it may hold env secrets) stays behind.
      const { readdir } = await import("node:fs/promises");
      expect((await readdir(p.stateDir)).filter((name) => name.startsWith("spec-"))).toEqual([]);
    },
    T,
  );

  it(
    "a stale lock and socket left by kill -9 are replaced by the next supervisor",
    async () => {
      const first = await ensureSharedServer(spec());
      const before = await sharedServerStatus({ codexHome: env.home.path });
      process.kill(first.supervisorPid, "SIGKILL");
      await until(() => (alive(first.supervisorPid) ? undefined : true), 10_000, "supervisor death");
      expect(existsSync(paths().socket)).toBe(true);
      const second = await ensureSharedServer(spec());
      expect(second.supervisorPid).not.toBe(first.supervisorPid);
      expect(second.token).not.toBe(first.token);
      // The orphaned codex of the dead supervisor was stopped.
      await until(() => (alive(before.codexPid ?? 0) ? undefined : true), 15_000, "orphan codex to exit");
      const connection = await connect({
        transport: unixSocketTransport({ path: second.socketPath, token: second.token }),
      });
      await connection.close();
    },
    T,
  );

  it(
    "stops when idle after the last client leaves, but not while a turn runs",
    async () => {
      const idle = spec({ idleTimeoutMs: 1000 });
      const first = sharedCodex(idle);
      const thread = await first.startThread({ cwd: env.workspace });
      const { supervisorPid } = await ensureSharedServer(idle);
      const codexPid = (await sharedServerStatus({ codexHome: env.home.path })).codexPid as number;
      expect((await sharedServerStatus({ codexHome: env.home.path })).clients).toBe(1);
      // A connected client keeps it up well past the timeout.
      await sleep(2500);
      expect(alive(supervisorPid)).toBe(true);

      // A turn that never ends on its own, left running by a detached close.
      env.mock.enqueue(reply.hang(reply.message("partial ", { deltas: ["partial "], done: false })));
      const turn = thread.turn("hang");
      await turn.started();
      await first.close({ detach: true });
      await until(
        async () =>
          (await sharedServerStatus({ codexHome: env.home.path })).clients === 0 ? true : undefined,
        5000,
        "0 clients",
      );
      await sleep(3500);
      expect(alive(supervisorPid)).toBe(true);
      expect(alive(codexPid)).toBe(true);

      // Another client ends the turn and leaves: now it goes.
      const second = sharedCodex(idle);
      const resumed = await second.resumeThread(thread.id);
      const running = resumed.runningTurn();
      expect(running).toBeDefined();
      await running?.interrupt();
      expect((await running?.result())?.status).toBe("interrupted");
      await second.close();
      const left = Date.now();
      await until(() => (alive(supervisorPid) ? undefined : true), 20_000, "supervisor to exit");
      console.log(`idle shutdown ${Date.now() - left} ms after the last client left (idleTimeoutMs 1000)`);
      await until(() => (alive(codexPid) ? undefined : true), 10_000, "codex to exit");
      const p = paths();
      for (const path of [p.socket, p.token, p.status, p.lock, p.internalDir])
        expect(existsSync(path)).toBe(false);
      expect((await sharedServerStatus({ codexHome: env.home.path })).running).toBe(false);
    },
    T,
  );

  it(
    "codex-sdk server status --json and server stop",
    async () => {
      const cli = (args: string[]) =>
        promisify(execFile)(process.execPath, [
          TSX,
          "--conditions=source",
          CLI,
          "server",
          ...args,
          "--codex-home",
          env.home.path,
        ]);
      const down = JSON.parse((await cli(["status", "--json"])).stdout) as { running: boolean };
      expect(down.running).toBe(false);
      const endpoint = await ensureSharedServer(spec());
      const status = JSON.parse((await cli(["status", "--json"])).stdout) as {
        running: boolean;
        supervisorPid: number;
        codexPid: number;
        codexVersion: string;
        clients: number;
      };
      expect(status).toMatchObject({ running: true, supervisorPid: endpoint.supervisorPid, clients: 0 });
      expect(status.codexVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(alive(status.codexPid)).toBe(true);
      expect((await cli(["status"])).stdout).toContain(`supervisor pid ${endpoint.supervisorPid}`);
      // Stopped from a spawnSync: this process, the supervisor's parent, cannot reap it meanwhile, so the
      // exited supervisor stays a zombie until the call returns (stop must not wait for it).
      const stop = spawnSync(
        process.execPath,
        [TSX, "--conditions=source", CLI, "server", "stop", "--codex-home", env.home.path],
        { encoding: "utf8", timeout: 60_000 },
      );
      expect(stop.stderr).toBe("");
      expect(stop.stdout).toContain("shared server stopped");
      await until(() => (alive(endpoint.supervisorPid) ? undefined : true), 5000, "the zombie to be reaped");
      await until(() => (alive(status.codexPid) ? undefined : true), 10_000, "codex to exit");
      expect(await leftovers()).toEqual([]);
      expect((await cli(["stop"])).stdout).toContain("no shared server running");
    },
    T,
  );
});
