import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpawnTransport } from "../../src/index.js";
import { isAlive, processGone } from "../support/process-state.js";

/**
 * A Node program that spawns a SpawnTransport (its child: a Node process that exits when its stdin closes,
 * or after `childMs`), applies `mode`, and prints what happened. It ends on its own either way: with the
 * transport ref'd only once its child exited, with it unref'd at once (the child lives on until its stdin
 * closes, i.e. until the program is gone).
 */
const PROGRAM = `
import { SpawnTransport } from ${JSON.stringify(join(import.meta.dirname, "..", "..", "src", "index.ts"))};
const [mode, childMs] = process.argv.slice(2);
const child = "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();" +
  "setTimeout(() => process.exit(3), " + Number(childMs) + ");";
const transport = new SpawnTransport({ command: process.execPath, args: ["-e", child] });
transport.onClose = () => console.log("child exited");
if (mode === "unref-before-start") transport.unref();
await transport.start();
console.log("pid " + transport.pid);
if (mode === "unref") transport.unref();
if (mode === "unref-then-ref") { transport.unref(); transport.ref(); }
process.on("exit", () => console.log("program exits"));
`;

let dir: string;
let script: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spawn-ref-"));
  script = join(dir, "program.mts");
  await writeFile(script, PROGRAM);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the program to its end; a program that never ends is killed by the timeout and rejects. */
async function runProgram(mode: string, childMs: number): Promise<{ lines: string[]; childPid: number }> {
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [tsx, "--conditions=source", script, mode, String(childMs)],
    { cwd: dir, timeout: 20_000 },
  );
  const lines = stdout.trim().split("\n");
  const childPid = Number(lines.find((line) => line.startsWith("pid "))?.slice(4));
  return { lines: lines.filter((line) => !line.startsWith("pid ")), childPid };
}

describe("SpawnTransport ref() / unref()", () => {
  it("an unref'd transport lets Node exit while its child runs; the child then exits as its stdin closes", async () => {
    // The child would live for a minute on its own; the program must not wait for it.
    const { lines, childPid } = await runProgram("unref", 60_000);
    expect(lines).toEqual(["program exits"]);
    expect(childPid).toBeGreaterThan(0);
    await expect(processGone(childPid)).resolves.toBe(true);
  }, 30_000);

  it("unref() before start() applies to the child once spawned", async () => {
    const { lines, childPid } = await runProgram("unref-before-start", 60_000);
    expect(lines).toEqual(["program exits"]);
    await expect(processGone(childPid)).resolves.toBe(true);
  }, 30_000);

  it("a ref'd transport (the default, or after ref()) keeps Node alive until the child exits", async () => {
    for (const mode of ["default", "unref-then-ref"]) {
      const { lines } = await runProgram(mode, 300);
      expect(lines).toEqual(["child exited", "program exits"]);
    }
  }, 30_000);

  it("ref() and unref() are safe before start and after close; close() of an unref'd transport completes", async () => {
    const transport = new SpawnTransport({
      command: process.execPath,
      args: ["-e", "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();"],
    });
    transport.ref();
    transport.unref();
    await transport.start();
    const pid = transport.pid;
    expect(pid !== undefined && isAlive(pid)).toBe(true);
    transport.unref();
    await transport.close();
    expect(pid !== undefined && isAlive(pid)).toBe(false);
    transport.unref();
    transport.ref();
  });
});
