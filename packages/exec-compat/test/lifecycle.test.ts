import { execFile, execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { inputTexts, reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { closeCodex } from "../src/index.js";
import { useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv();
const packageDir = join(import.meta.dirname, "..");

/** Pids of this process's children running `codex app-server`. */
function appServerPids(): number[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line.includes("app-server"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function appServerChildren(): number {
  return appServerPids().length;
}

describe("one app-server per Codex", () => {
  it("runs every thread and turn of a Codex on a single app-server process", async () => {
    const before = appServerChildren();
    const codex = fx.compat();
    fx.env.mock.enqueue(...Array.from({ length: 6 }, (_, i) => reply.message(`reply ${i}`)));
    const threads = [0, 1, 2].map(() => codex.startThread({ workingDirectory: fx.env.workspace }));
    for (const thread of threads) {
      await thread.run("one");
      await thread.run("two");
    }
    expect(new Set(threads.map((thread) => thread.id)).size).toBe(3);
    expect(appServerChildren() - before).toBe(1);
    await closeCodex(codex);
    expect(appServerChildren() - before).toBe(0);
  });

  it("runs the turns of one thread one after another, even when started together", async () => {
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    fx.env.mock.enqueue(reply.message("first", { delayMs: 200 }), reply.message("second"));
    const [a, b] = await Promise.all([thread.run("a"), thread.run("b")]);
    expect([a.finalResponse, b.finalResponse]).toEqual(["first", "second"]);
  });
});

describe("a program written for @openai/codex-sdk", () => {
  /** Runs a one-turn program in a child Node process; resolves with its stdout (rejects on a hang). */
  async function runProgram(lines: readonly string[]): Promise<string> {
    const script = join(fx.env.workspace, `program-${lines.length}.mts`);
    const source = join(packageDir, "src", "index.ts");
    await writeFile(
      script,
      [
        `import { Codex, closeCodex } from ${JSON.stringify(source)};`,
        "const codex = new Codex({ codexPathOverride: process.env.TEST_CODEX_PATH, env: JSON.parse(process.env.TEST_ENV) });",
        "const turn = await codex.startThread({ workingDirectory: process.cwd() }).run('hi');",
        "console.log(turn.finalResponse);",
        ...lines,
      ].join("\n"),
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [createRequire(import.meta.url).resolve("tsx/cli"), "--conditions=source", script],
      {
        cwd: fx.env.workspace,
        env: { ...process.env, TEST_CODEX_PATH: fx.env.codexPath, TEST_ENV: JSON.stringify(fx.env.env) },
        timeout: 20_000,
      },
    );
    return stdout.trim();
  }

  it("ends on its own after its last turn, without calling closeCodex()", async () => {
    fx.env.mock.enqueue(reply.message("bye"));
    // A hang would be killed by the timeout and reject.
    expect(await runProgram([])).toBe("bye");
  });

  it("can stop the app-server explicitly with closeCodex(), and still ends", async () => {
    fx.env.mock.enqueue(reply.message("bye"));
    expect(await runProgram(["await closeCodex(codex);", "console.log('closed');"])).toBe("bye\nclosed");
  });
});

describe("when the app-server dies", () => {
  it("fails the running turn, and the next turn starts a new server and resumes the thread", async () => {
    const before = appServerPids();
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    fx.env.mock.enqueue(reply.message("before"));
    await thread.run("first prompt");
    // This thread's server is the child that was not there before (pids wrap, so never "the highest pid").
    const [serverPid, ...others] = appServerPids().filter((pid) => !before.includes(pid));
    expect(serverPid).toBeDefined();
    expect(others).toEqual([]);
    fx.env.mock.enqueue(reply.hang(reply.message("partial", { deltas: ["part"], done: false })));
    const requests = fx.env.mock.requests.length;
    const { events } = await thread.runStreamed("second prompt");
    const error = await (async () => {
      for await (const event of events) {
        if (event.type === "turn.started") {
          await fx.env.mock.waitForRequests(requests + 1);
          process.kill(serverPid as number, "SIGKILL");
        }
      }
    })().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Codex Exec exited with code 1: /);
    fx.env.mock.enqueue(reply.message("after"));
    expect((await thread.run("third prompt")).finalResponse).toBe("after");
    expect(appServerChildren() - before.length).toBe(1);
  });
});

describe("one thread, several Codex instances in one program", () => {
  it("hands an idle thread over: another Codex resumes it, then the first continues it again", async () => {
    const first = fx.compat();
    const second = fx.compat();
    fx.env.mock.enqueue(reply.message("one"), reply.message("two"), reply.message("three"));
    const thread = first.startThread({ workingDirectory: fx.env.workspace });
    await thread.run("one");
    const elsewhere = second.resumeThread(thread.id as string, { workingDirectory: fx.env.workspace });
    expect((await elsewhere.run("two")).finalResponse).toBe("two");
    expect((await thread.run("three")).finalResponse).toBe("three");
    const last = fx.env.mock.requests.at(-1);
    expect(last && inputTexts(last)).toEqual(expect.arrayContaining(["one", "two", "three"]));
  });
});
