import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CodexTestEnv, freePort, startCodexTestEnv } from "@codex/app-server-testing";
import { CODEX_VERSION } from "@codex/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../src/connection/connect.js";
import { ConnectionClosedError } from "../../src/errors.js";
import { unixSocketTransport, webSocketTransport } from "../../src/transports/transport-factories.js";
import { eventually } from "../support/fake-connection.js";

let env: CodexTestEnv;
let scratch: string;
const servers: ChildProcess[] = [];

beforeAll(async () => {
  env = await startCodexTestEnv();
  scratch = await mkdtemp(join(tmpdir(), "protocol-listen-"));
}, 60_000);

afterAll(async () => {
  for (const server of servers) {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
  }
  await env?.close();
  await rm(scratch, { recursive: true, force: true });
}, 30_000);

/** Starts `codex app-server --listen …` and collects its stderr (where it prints where it listens). */
function startListening(args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn(env.codexPath, ["app-server", ...args], {
    env: env.env,
    cwd: env.workspace,
    stdio: ["ignore", "ignore", "pipe"],
  });
  servers.push(child);
  let text = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { child, stderr: () => text };
}

describe("transports to an app-server that is already running (real binary)", () => {
  it("speaks over WebSocket with the capability token, and is refused without it", async () => {
    const port = await freePort();
    const tokenFile = join(scratch, "ws-token");
    const token = `tok-${Date.now()}`;
    await writeFile(tokenFile, token, { mode: 0o600 });
    const server = startListening([
      "--listen",
      `ws://127.0.0.1:${port}`,
      "--ws-auth",
      "capability-token",
      "--ws-token-file",
      tokenFile,
    ]);
    await eventually(() => (server.stderr().includes("listening on") ? true : undefined), 20_000);
    const url = `ws://127.0.0.1:${port}`;

    const refused = await connect({ transport: webSocketTransport({ url }) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionClosedError);
    expect((refused as Error).message).toContain("401");

    const connection = await connect({
      transport: webSocketTransport({ url, token }),
      clientInfo: { name: "protocol_ws_test", version: "0.0.1" },
    });
    try {
      expect(connection.serverVersion).toBe(CODEX_VERSION);
      expect(connection.initializeResult.codexHome).toBe(env.home.path);
      const { thread } = await connection.request("thread/start", { cwd: env.workspace, ephemeral: true });
      expect(typeof thread.id).toBe("string");
    } finally {
      await connection.close();
    }
    const closeError = await connection.closed;
    expect(closeError).toBeInstanceOf(ConnectionClosedError);
    await expect(connection.request("thread/loaded/list", {})).rejects.toBe(closeError);
  }, 60_000);

  it("speaks over a Unix socket (WebSocket over the socket file)", async () => {
    const socketPath = join(scratch, "app-server.sock");
    const server = startListening(["--listen", `unix://${socketPath}`]);
    await eventually(() => (existsSync(socketPath) ? true : undefined), 20_000);
    const connection = await connect({
      transport: unixSocketTransport({ path: socketPath }),
      clientInfo: { name: "protocol_unix_test", version: "0.0.1" },
    });
    try {
      expect(connection.serverVersion).toBe(CODEX_VERSION);
      const { thread } = await connection.request("thread/start", { cwd: env.workspace, ephemeral: true });
      const loaded = await connection.request("thread/loaded/list", {});
      expect(loaded.data).toContain(thread.id);
      // The server going away closes the connection with a ConnectionClosedError.
      server.child.kill("SIGKILL");
      const closeError = await connection.closed;
      expect(closeError).toBeInstanceOf(ConnectionClosedError);
      expect(closeError.message).toContain("WebSocket closed");
      await expect(connection.request("thread/loaded/list", {})).rejects.toBe(closeError);
    } finally {
      await connection.close();
    }
  }, 60_000);
});
