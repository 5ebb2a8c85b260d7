import { describe, expect, it } from "vitest";
import { CodexAbortError, CodexError, CommandInputError, type CommandOutputEvent } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

describe("codex.exec (command/exec sessions)", () => {
  it("streams stdout and stderr separately and resolves with the exit code and whole output", async () => {
    const cmd = fx.codex.exec(["/bin/sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; exit 3"], {
      cwd: fx.env.workspace,
    });
    const chunks: CommandOutputEvent[] = [];
    cmd.on("output", (event) => chunks.push(event));
    const stdout: string[] = [];
    for await (const text of cmd.stdout) stdout.push(text);
    const result = await cmd.result();
    expect(result).toEqual({ exitCode: 3, stdout: "out-1\nout-2\n", stderr: "err-1\n" });
    expect(stdout.join("")).toBe("out-1\nout-2\n");
    expect(cmd.status).toBe("exited");
    expect(chunks.map((c) => c.stream)).toContain("stderr");
    expect(Buffer.concat(chunks.filter((c) => c.stream === "stdout").map((c) => c.data)).toString()).toBe(
      "out-1\nout-2\n",
    );
  });

  it("writes stdin and closes it; the process sees the bytes then EOF", async () => {
    const cmd = fx.codex.exec(["/bin/cat"], { stdin: true });
    await cmd.write("hello ");
    await cmd.write(new Uint8Array([0xe2, 0x9c, 0x93, 0x0a]), { closeStdin: true });
    const result = await cmd.result();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("hello ✓\n");
  });

  it("runs in a PTY, resizes it, and terminate() ends a long-running process", async () => {
    // codex 0.169.0 cannot start a PTY command inside its Linux sandbox helper here: run it unsandboxed.
    const cmd = fx.codex.exec(["/bin/sh", "-c", "stty size; read line; stty size; sleep 60"], {
      tty: { rows: 20, cols: 70 },
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    let text = "";
    const stdout = cmd.stdout[Symbol.asyncIterator]();
    while (!text.includes("20 70")) text += (await stdout.next()).value ?? "";
    await cmd.resize({ rows: 33, cols: 99 });
    await cmd.write("go\n");
    while (!text.includes("33 99")) text += (await stdout.next()).value ?? "";
    await cmd.terminate();
    const result = await cmd.result();
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toContain("20 70");
    expect(result.stdout).toContain("33 99");
    expect(cmd.status).toBe("terminated");
  });

  it("`break` out of the output stream terminates the process", async () => {
    const cmd = fx.codex.exec(["/bin/sh", "-c", "echo first; sleep 60"]);
    for await (const event of cmd) {
      if (event.text.includes("first")) break;
    }
    expect((await cmd.result()).exitCode).not.toBe(0);
    expect(cmd.status).toBe("terminated");
  });

  it("an AbortSignal terminates the process and rejects result() with CodexAbortError", async () => {
    const controller = new AbortController();
    const cmd = fx.codex.exec(["/bin/sh", "-c", "echo started; sleep 60"], { signal: controller.signal });
    for await (const chunk of cmd.stdout) {
      if (chunk.includes("started")) break;
    }
    const other = fx.codex.exec(["/bin/sh", "-c", "echo started; sleep 60"], { signal: controller.signal });
    for await (const chunk of other.stdout) {
      if (chunk.includes("started")) {
        controller.abort("user left");
      }
    }
    await expect(other.result()).rejects.toBeInstanceOf(CodexAbortError);
    expect(other.status).toBe("terminated");
  });

  it("refuses an empty argv before sending anything; codex's own errors arrive as CodexErrors", async () => {
    expect(() => fx.codex.exec([])).toThrow(CommandInputError);
    expect(() => fx.codex.exec(["ls", 3 as never])).toThrow(CommandInputError);
    const missing = await fx.codex.exec(["/no/such/binary"]).result();
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toMatch(/No such file/);
    // stdin was not kept open: codex refuses the write, and the SDK rejects with a CodexError.
    const cmd = fx.codex.exec(["/bin/sh", "-c", "sleep 60"]);
    await expect(cmd.write("x")).rejects.toBeInstanceOf(CodexError);
    await cmd.terminate();
    expect((await cmd.result()).exitCode).not.toBe(0);
    expect(cmd.status).toBe("terminated");
  });
});
