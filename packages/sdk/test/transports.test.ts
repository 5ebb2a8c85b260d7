import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type CodexTestEnv, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex } from "../src/index.js";

const T = 30_000;
let env: CodexTestEnv;

beforeAll(async () => {
  env = await startCodexTestEnv();
}, T);
afterAll(async () => {
  await env?.close();
}, T);

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("connecting to a running app-server", () => {
  it(
    "runs a turn over a unix socket (--listen unix://PATH)",
    async () => {
      const socketPath = join(env.home.path, "app-server.sock");
      const server = spawn(env.codexPath, ["app-server", "--listen", `unix://${socketPath}`], {
        env: env.env,
        cwd: env.workspace,
        stdio: ["ignore", "ignore", "pipe"],
      });
      try {
        await waitFor(() => existsSync(socketPath), "the socket file");
        env.mock.enqueue(reply.message("hello over the socket", { deltas: "auto" }));
        await using codex = new Codex({ transport: { type: "unix", path: socketPath } });
        const thread = await codex.startThread({ cwd: env.workspace, ephemeral: true });
        const texts: string[] = [];
        const turn = thread.turn("hi");
        for await (const text of turn.textStream) texts.push(text);
        expect(texts.join("")).toBe("hello over the socket");
        expect((await turn.result()).finalResponse).toBe("hello over the socket");
      } finally {
        const exited = once(server, "exit");
        server.kill("SIGTERM");
        await exited;
      }
    },
    T,
  );
});
