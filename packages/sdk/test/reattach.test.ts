// Reattach: a turn started by a client process that is then killed with SIGKILL keeps running on a
// listening app-server; a new client resumes the thread and finishes the turn through runningTurn().
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type CodexTestEnv, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex, type TurnEvent } from "../src/index.js";

const T = 60_000;
const WORDS = Array.from({ length: 30 }, (_, i) => `w${i} `);
const TEXT = WORDS.join("");

let env: CodexTestEnv;
let server: ChildProcess;
let socket: string;

beforeAll(async () => {
  env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
  socket = join(env.home.path, "app-server.sock");
  const command = env.appServerCommand(["--listen", `unix://${socket}`]);
  server = spawn(command.command, [...command.args], { env: command.env, cwd: command.cwd, stdio: "ignore" });
  // Ready once a client can connect.
  for (let attempt = 0; ; attempt++) {
    const probe = new Codex({ transport: { type: "unix", path: socket } });
    try {
      await probe.start();
      await probe.close();
      break;
    } catch (error) {
      await probe.close();
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}, T);

afterAll(async () => {
  server?.kill("SIGKILL");
  await env?.close();
}, T);

/**
 * A client process that starts a thread and a turn, prints the thread id and each delta it sees; with
 * `hangOnApproval`, its thread asks before every command and its handler prints "approval" and never answers.
 */
async function startClientProcess(
  hangOnApproval = false,
): Promise<{ child: ChildProcess; lines: AsyncIterator<string> }> {
  const script = join(env.workspace, `client-${hangOnApproval}.mts`);
  const threadOptions = hangOnApproval
    ? `{ cwd: ${JSON.stringify(env.workspace)}, approvalPolicy: "untrusted", sandbox: "workspace-write", serverRequests: { "item/commandExecution/requestApproval": () => { console.log("approval"); return new Promise(() => {}); } } }`
    : `{ cwd: ${JSON.stringify(env.workspace)} }`;
  await writeFile(
    script,
    [
      `import { Codex } from ${JSON.stringify(join(import.meta.dirname, "..", "src", "index.ts"))};`,
      `const codex = new Codex({ transport: { type: "unix", path: ${JSON.stringify(socket)} } });`,
      `const thread = await codex.startThread(${threadOptions});`,
      "const turn = thread.turn('write the long answer');",
      "await turn.started();",
      "console.log('thread ' + thread.id + ' ' + turn.id);",
      "for await (const text of turn.textStream) console.log('delta ' + JSON.stringify(text));",
    ].join("\n"),
  );
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  const child = spawn(process.execPath, [tsx, "--conditions=source", script], {
    cwd: env.workspace,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })[
    Symbol.asyncIterator
  ]();
  return { child, lines };
}

describe("reattaching to a running turn", () => {
  it(
    "kill -9 the client mid-turn; a new client resumes the thread, streams the rest and gets the stored result",
    async () => {
      // 30 deltas, 100 ms apart: the turn outlives the first client by about two seconds.
      env.mock.enqueue(reply.message(TEXT, { deltas: WORDS, eventDelayMs: 100 }));
      const { child, lines } = await startClientProcess();
      const first = await lines.next();
      const [, threadId, turnId] = /^thread (\S+) (\S+)$/.exec(String(first.value)) ?? [];
      expect(threadId).toBeDefined();
      const seenByFirst: string[] = [];
      while (seenByFirst.length < 3) {
        const line = await lines.next();
        if (line.done) throw new Error("the client process ended early");
        seenByFirst.push(JSON.parse(String(line.value).slice("delta ".length)) as string);
      }
      child.kill("SIGKILL");
      await once(child, "exit");

      const codex = new Codex({ transport: { type: "unix", path: socket } });
      try {
        const thread = await codex.resumeThread(threadId as string);
        const turn = thread.runningTurn();
        expect(turn).toBeDefined();
        expect((await turn?.started())?.id).toBe(turnId);
        expect(turn?.id).toBe(turnId);
        expect(turn?.status).toBe("running");
        const events: TurnEvent[] = [];
        for await (const event of turn as AsyncIterable<TurnEvent>) events.push(event);
        const result = await turn?.result();
        expect(result?.status).toBe("completed");
        expect(result?.finalResponse).toBe(TEXT);
        // The seeded user message comes first; the live tail follows without turn/started.
        expect(events[0]).toMatchObject({
          method: "item/completed",
          params: { item: { type: "userMessage" } },
        });
        expect(events.some((event) => event.method === "turn/started")).toBe(false);
        const deltas = events.flatMap((e) =>
          e.method === "item/agentMessage/delta" ? [e.params.delta] : [],
        );
        // Deltas the first client saw, then lost ones, then the rest: what the new client got is a suffix.
        expect(deltas.length).toBeGreaterThan(0);
        expect(TEXT.endsWith(deltas.join(""))).toBe(true);
        expect(seenByFirst.join("").length + deltas.join("").length).toBeLessThanOrEqual(TEXT.length);
        expect(events.at(-1)?.method).toBe("turn/completed");
        // The same final result codex stored.
        const stored = await codex.readThread(threadId as string, { includeTurns: true });
        const storedTurn = stored.turns?.find((t) => t.id === turnId);
        const storedMessage = storedTurn?.items.find((item) => item.type === "agentMessage");
        expect(storedMessage && "text" in storedMessage ? storedMessage.text : undefined).toBe(TEXT);
        expect(thread.runningTurn()).toBeUndefined();
        // The thread goes on in the new client.
        env.mock.enqueue(reply.message("next"));
        expect((await thread.run("next")).finalResponse).toBe("next");
      } finally {
        await codex.close();
      }
    },
    T,
  );

  it(
    "an approval left unanswered by the killed client is asked again of the client that reattaches",
    async () => {
      env.mock.enqueue(reply.execCommand("echo reattached-approval"), reply.message("ran it"));
      const { child, lines } = await startClientProcess(true);
      const [, threadId] = /^thread (\S+) (\S+)$/.exec(String((await lines.next()).value)) ?? [];
      expect((await lines.next()).value).toBe("approval");
      child.kill("SIGKILL");
      await once(child, "exit");

      const asked: string[] = [];
      const codex = new Codex({ transport: { type: "unix", path: socket } });
      try {
        const thread = await codex.resumeThread(threadId as string, {
          serverRequests: {
            "item/commandExecution/requestApproval": (params) => {
              asked.push(params.command ?? "");
              return { decision: "accept" };
            },
          },
        });
        const result = await thread.runningTurn()?.result();
        expect(asked).toHaveLength(1);
        expect(asked[0]).toContain("echo reattached-approval");
        expect(result?.finalResponse).toBe("ran it");
        const command = result?.items.find((item) => item.type === "commandExecution");
        expect(command).toMatchObject({ status: "completed", exitCode: 0 });
      } finally {
        await codex.close();
      }
    },
    T,
  );

  it(
    "close({ detach: true }) leaves the running turn running for another client to finish",
    async () => {
      env.mock.enqueue(reply.message(TEXT, { deltas: WORDS, eventDelayMs: 50 }));
      const first = new Codex({ transport: { type: "unix", path: socket } });
      const thread = await first.startThread({ cwd: env.workspace });
      const turn = thread.turn("write it, then leave");
      const started = await turn.started();
      await new Promise<void>((resolve) => turn.once("item/agentMessage/delta", () => resolve()));
      await first.close({ detach: true });
      await expect(turn.result()).rejects.toMatchObject({ name: "ConnectionClosedError" });

      const second = new Codex({ transport: { type: "unix", path: socket } });
      try {
        const resumed = await second.resumeThread(thread.id);
        const result = await resumed.runningTurn()?.result();
        expect(result?.turn.id).toBe(started.id);
        expect(result?.status).toBe("completed");
        expect(result?.finalResponse).toBe(TEXT);
      } finally {
        await second.close();
      }
    },
    T,
  );

  it(
    "a resumed thread with no running turn has no runningTurn()",
    async () => {
      const codex = new Codex({ transport: { type: "unix", path: socket } });
      try {
        const thread = await codex.startThread({ cwd: env.workspace });
        env.mock.enqueue(reply.message("done"));
        await thread.run("one");
        const other = new Codex({ transport: { type: "unix", path: socket } });
        try {
          expect((await other.resumeThread(thread.id)).runningTurn()).toBeUndefined();
        } finally {
          await other.close();
        }
      } finally {
        await codex.close();
      }
    },
    T,
  );
});
