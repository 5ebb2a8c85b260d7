import { CODEX_VERSION } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import { connect } from "../../src/connection/connect.js";
import { LineTooLongError } from "../../src/errors.js";
import { SpawnTransport } from "../../src/transports/spawn-transport.js";
import { connectFake } from "../support/fake-connection.js";
import { processGone } from "../support/process-state.js";

/** A tiny scripted server: answers initialize, then does `onList` when thread/list arrives. */
function scriptedServer(onList: string): string {
  return `
const rl = require("node:readline").createInterface({ input: process.stdin });
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
rl.on("line", (line) => {
  const m = JSON.parse(line);
  if (m.method === "initialize")
    send({ id: m.id, result: { userAgent: "fake/${CODEX_VERSION}", codexHome: "/tmp", platformFamily: "unix", platformOs: "linux" } });
  if (m.method === "thread/list") { ${onList} }
});
rl.on("close", () => process.exit(0));
`;
}

describe("line caps (scripted servers)", () => {
  it("closes the connection with LineTooLongError when stdout never ends a line, and stops the server", async () => {
    const endless = `
      const chunk = "x".repeat(65536);
      process.stdout.write('{"id":' + m.id + ',"result":"');
      const pump = () => { while (process.stdout.write(chunk)) {} process.stdout.once("drain", pump); };
      pump();`;
    const transport = new SpawnTransport({
      command: process.execPath,
      args: ["-e", scriptedServer(endless)],
      maxLineBytes: 4 * 1024 * 1024,
    });
    const connection = await connect({ transport, versionCheck: "off" });
    const error = await connection.request("thread/list", {}, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LineTooLongError);
    expect(error).toMatchObject({ maxLineBytes: 4 * 1024 * 1024 });
    expect((error as Error).message).toContain("more than 4194304 bytes");
    expect(await connection.closed).toBe(error);
    await processGone(transport.pid!);
  }, 30_000);

  it("rejects one valid but oversized message past a configured cap", async () => {
    const fake = await connectFake(
      { steps: [{ waitFor: "initialized" }, { oversizedLine: 2_000_000 }] },
      { spawn: { maxLineBytes: 1_000_000 } },
    );
    expect(await fake.connection.closed).toBeInstanceOf(LineTooLongError);
  }, 30_000);

  it("keeps only a bounded tail of an endless stderr line and stays usable", async () => {
    const noisy = `
      process.stderr.write("z".repeat(8 * 1024 * 1024), () => send({ id: m.id, result: { data: [] } }));`;
    const transport = new SpawnTransport({
      command: process.execPath,
      args: ["-e", scriptedServer(noisy)],
      stderrBufferBytes: 4096,
    });
    const connection = await connect({ transport, versionCheck: "off" });
    try {
      await expect(connection.request("thread/list", {})).resolves.toEqual({ data: [] });
      expect(connection.isClosed).toBe(false);
    } finally {
      await connection.close();
    }
    // The unfinished line is flushed into the tail at EOF, cut to the buffer's size.
    expect(connection.stderrTail().length).toBeLessThanOrEqual(4096);
    expect(connection.stderrTail()).toMatch(/^z+$/);
  }, 30_000);
});
