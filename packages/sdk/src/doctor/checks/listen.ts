/**
 * Check 7 (only with a listen URL): `codex app-server --listen ws://IP:PORT | unix://PATH` starts, and a
 * client completes `initialize` over it. A non-loopback WebSocket address without auth fails at once
 * (anyone who can reach the port could drive codex); the doctor does not open such a listener.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { type CheckDefinition, type CheckOutcome, messageOf, roundMs, tailLines } from "../check.js";
import type { DoctorContext } from "../context.js";
import { isAbsolute, join } from "../path.js";
import { DOCTOR_CLIENT_INFO } from "./app-server.js";
import { needsBinary } from "./binary.js";

type Listen = { kind: "ws"; url: string; host: string } | { kind: "unix"; url: string; path: string };

const AUTH_FIX =
  "Listen on 127.0.0.1 (behind an authenticating proxy or an SSH tunnel), or start codex with " +
  '`--ws-auth capability-token --ws-token-file FILE` and connect with `{ type: "websocket", url, token }`.';

export const listenCheck: CheckDefinition = {
  id: "listen",
  title: "listener",
  skipReason: (ctx) =>
    ctx.options.listen === undefined ? "skipped: no listen URL given (--listen)" : needsBinary(ctx),
  timeoutMs: (ctx) => ctx.options.checkTimeoutMs,
  timeoutFix:
    "The listener did not come up; run `codex app-server --listen <url>` by hand and read its stderr.",
  async run(ctx, signal): Promise<CheckOutcome> {
    const listen = parseListen(ctx.options.listen ?? "");
    if (typeof listen === "string") {
      return {
        status: "fail",
        summary: listen,
        measured: { listen: ctx.options.listen ?? null },
        fix: "Pass ws://IP:PORT or unix://PATH.",
      };
    }
    const auth = listen.kind === "ws" ? ctx.options.listenAuth : "socket permissions";
    const measured: Record<string, string | number | boolean | null> = { listen: listen.url, auth };
    if (listen.kind === "ws" && !isLoopbackHost(listen.host) && ctx.options.listenAuth === "none") {
      return {
        status: "fail",
        summary: `${listen.url} is not a loopback address and has no auth: anyone who reaches it can drive codex (codex itself refuses to start so)`,
        measured: { ...measured, started: false },
        fix: AUTH_FIX,
      };
    }
    return startAndConnect(ctx, listen, measured, signal);
  },
};

async function startAndConnect(
  ctx: DoctorContext,
  listen: Listen,
  measured: Record<string, string | number | boolean | null>,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  const binary = ctx.binary;
  if (!binary) throw new Error("no binary");
  const args = ["app-server", "--listen", listen.url];
  let token: string | undefined;
  if (listen.kind === "ws" && ctx.options.listenAuth === "capability-token") {
    token = randomBytes(24).toString("hex");
    ctx.secrets.push(token);
    const tokenFile = join(await ctx.tempDir("codex-doctor-token-"), "ws-token");
    await writeFile(tokenFile, token, { mode: 0o600 });
    args.push("--ws-auth", "capability-token", "--ws-token-file", tokenFile);
  }
  const started = performance.now();
  const child = spawn(binary.path, args, {
    env: { ...ctx.options.env },
    cwd: ctx.options.cwd,
    stdio: ["ignore", "ignore", "pipe"],
    detached: process.platform !== "win32",
    windowsHide: true,
  });
  ctx.defer(() => stopChild(child));
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  try {
    const address = await listening(child, listen, () => stderr, signal);
    const listenMs = performance.now() - started;
    const codex = ctx.newCodex({
      transport:
        address.kind === "ws"
          ? { type: "websocket", url: address.url, ...(token !== undefined && { token }) }
          : { type: "unix", path: address.path },
      clientInfo: DOCTOR_CLIENT_INFO,
      requestTimeoutMs: ctx.options.checkTimeoutMs,
      versionCheck: "off",
      onWarning: () => undefined,
    });
    ctx.defer(() => codex.close());
    const connectStarted = performance.now();
    await codex.start({ signal });
    const initializeMs = performance.now() - connectStarted;
    await codex.close();
    const result: Record<string, string | number | boolean | null> = {
      ...measured,
      address: address.url,
      listenMs: roundMs(listenMs),
      initializeMs: roundMs(initializeMs),
    };
    if (address.kind === "unix") {
      const mode = statSync(address.path, { throwIfNoEntry: false })?.mode;
      const openToAll = mode !== undefined && (mode & 0o002) !== 0;
      result.socketMode = mode === undefined ? null : `0${(mode & 0o777).toString(8)}`;
      if (openToAll) {
        return {
          status: "warn",
          summary: `listening on ${address.url}, but the socket is writable by every user`,
          measured: result,
          fix: "Put the socket in a directory only your user can enter (chmod 700), or chmod the socket 600.",
        };
      }
    }
    return {
      status: "ok",
      summary: `listening on ${address.url}; initialize answered in ${Math.round(initializeMs)} ms`,
      measured: result,
    };
  } catch (error) {
    return {
      status: "fail",
      summary: `the listener did not work: ${messageOf(error).split("\n")[0]}`,
      measured: { ...measured, error: messageOf(error), stderrTail: tailLines(stderr, 6) || null },
      fix: `Run \`${binary.path} ${args.join(" ")}\` by hand and read its stderr (a port in use, a bad address, a socket path that cannot be created).`,
    };
  }
}

/** Resolves with the address once the listener is up (ws: the `listening on:` line; unix: the socket file). */
function listening(
  child: ChildProcess,
  listen: Listen,
  stderr: () => string,
  signal: AbortSignal,
): Promise<Listen> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (listen.kind === "ws") {
        const match = /listening on: (ws:\/\/\S+)/.exec(stderr());
        if (match?.[1]) done(() => resolve({ ...listen, url: match[1] ?? listen.url }));
      } else if (existsSync(listen.path)) {
        done(() => resolve(listen));
      }
    }, 25);
    const onExit = (code: number | null) =>
      done(() =>
        reject(new Error(`codex app-server exited (${code}) before listening: ${tailLines(stderr(), 3)}`)),
      );
    const onAbort = () => done(() => reject(new Error("aborted before the listener was up")));
    const done = (settle: () => void) => {
      clearInterval(timer);
      child.off("exit", onExit);
      signal.removeEventListener("abort", onAbort);
      settle();
    };
    child.once("exit", onExit);
    child.once("error", (error) => done(() => reject(error)));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** SIGTERM, then SIGKILL after 2 s; the whole process group. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = (sig: NodeJS.Signals) => {
    try {
      if (process.platform === "win32" || child.pid === undefined) child.kill(sig);
      else process.kill(-child.pid, sig);
    } catch {
      // Gone already.
    }
  };
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), 2_000);
  await exited;
  clearTimeout(timer);
}

function parseListen(value: string): Listen | string {
  if (value.startsWith("unix://")) {
    const path = value.slice("unix://".length);
    if (!isAbsolute(path)) return `unix listen needs an absolute path: ${value}`;
    return { kind: "unix", url: value, path };
  }
  if (isAbsolute(value)) return { kind: "unix", url: `unix://${value}`, path: value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a listen URL: ${value}`;
  }
  if (url.protocol !== "ws:" || url.port === "") return `not ws://IP:PORT or unix://PATH: ${value}`;
  return { kind: "ws", url: `ws://${url.host}`, host: url.hostname.replace(/^\[|\]$/g, "") };
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
