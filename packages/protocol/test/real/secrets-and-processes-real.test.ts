import { readFileSync } from "node:fs";
import { functionCallOutputs, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { describe, expect, it, onTestFinished } from "vitest";
import type { CodexConnection } from "../../src/connection/codex-connection.js";
import { connect } from "../../src/connection/connect.js";
import { listProcesses } from "../../src/transports/process-tree.js";
import { type SpawnOptions, SpawnTransport } from "../../src/transports/spawn-transport.js";
import { eventually } from "../support/fake-connection.js";

const API_KEY = "sk-test-do-not-leak-0123456789";

/** A real codex against the mock, full access and no approvals so the agent's commands just run. */
async function startCodex(spawn: Partial<SpawnOptions> = {}) {
  const env = await startCodexTestEnv({
    sandboxMode: "danger-full-access",
    config: {
      // The mock provider authenticates with OPENAI_API_KEY, so the key must reach codex itself.
      model_providers: { mock: { env_key: "OPENAI_API_KEY" } },
      features: { shell_snapshot: false },
      // No login shell: the agent's commands skip the user's profile (fast, and nothing of ours to kill).
      allow_login_shell: false,
    },
  });
  const transport = new SpawnTransport({
    codexPath: env.codexPath,
    env: { ...env.env },
    cwd: env.workspace,
    apiKey: API_KEY,
    ...spawn,
  });
  let connection: CodexConnection | undefined;
  onTestFinished(async () => {
    await connection?.close();
    await env.close();
  });
  connection = await connect({ transport, clientInfo: { name: "protocol_secrets_test", version: "0.0.1" } });
  const { thread } = await connection.request("thread/start", { cwd: env.workspace });
  const turn = async (text: string) => {
    const completed = new Promise((resolve) => {
      const stop = connection!.onNotification("turn/completed", (params) => {
        if (params.threadId !== thread.id) return;
        stop();
        resolve(params);
      });
    });
    await connection!.request("turn/start", { threadId: thread.id, input: [{ type: "text", text }] });
    return completed;
  };
  return { env, transport, connection, threadId: thread.id, turn };
}

describe("secrets and processes (real codex + mock model)", () => {
  it("keeps the apiKey from the agent's commands, while codex still authenticates with it", async () => {
    const codex = await startCodex();
    codex.env.mock.enqueue(reply.execCommand("env", { callId: "call_env" }), reply.message("seen"));
    await codex.turn("print the environment");

    const requests = codex.env.mock.requests;
    expect(requests.length).toBe(2);
    // codex used the key as the provider's bearer token...
    for (const request of requests) expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    // ...but `env`, run by the agent, shows neither variable.
    const output = functionCallOutputs(requests[1]!).find((o) => o.callId === "call_env")?.output ?? "";
    expect(output).toContain("CODEX_THREAD_ID=");
    expect(output).not.toContain(API_KEY);
    expect(output).not.toMatch(/^(OPENAI|CODEX)_API_KEY=/m);
  }, 90_000);

  it("close() leaves no process of the tree: codex and the commands the agent started are gone", async () => {
    const codex = await startCodex();
    const marker = `${process.pid}${Date.now() % 100000}`;
    // A foreground command and a background job in a session of its own (which codex's own cleanup of
    // the command misses), both long-running; the model waits on neither.
    codex.env.mock.enqueue(
      reply.execCommand(`setsid sleep 3${marker}1 & sleep 3${marker}2`, {
        callId: "call_sleep",
        yieldTimeMs: 250,
      }),
      reply.hang(),
    );
    const codexPid = codex.transport.pid!;

    void codex.turn("start something long");
    // Wait until both sleeps run under codex.
    const sleepers = await eventually(() => {
      const found = listProcesses().filter((p) => commandLine(p.pid).startsWith(`sleep 3${marker}`));
      return found.length === 2 ? found : undefined;
    }, 30_000);
    expect(sleepers.every((p) => p.sid !== undefined)).toBe(true);

    await codex.connection.close();
    const alive = [codexPid, ...sleepers.map((p) => p.pid)].filter(isAlive);
    // Clean up for the next test run before asserting.
    for (const pid of alive) process.kill(pid, "SIGKILL");
    expect(alive).toEqual([]);
  }, 90_000);
});

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
