import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { unixSocketTransport } from "../../src/index.js";

// A raw server on a socket file that records the upgrade request head and refuses it (401): enough to
// see which headers unixSocketTransport sends, without a WebSocket server.
let dir: string | undefined;
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

async function recordHead(): Promise<{ path: string; head: Promise<string> }> {
  dir = await mkdtemp(join(tmpdir(), "unix-token-"));
  const path = join(dir, "s.sock");
  let resolveHead: (head: string) => void = () => {};
  const head = new Promise<string>((resolve) => {
    resolveHead = resolve;
  });
  server = createServer((socket) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (!text.includes("\r\n\r\n")) return;
      resolveHead(text);
      socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
  });
  await new Promise<void>((resolve) => server?.listen(path, resolve));
  return { path, head };
}

describe("unixSocketTransport token", () => {
  it("sends Authorization: Bearer <token> on the upgrade, and a 401 rejects start()", async () => {
    const { path, head } = await recordHead();
    const transport = unixSocketTransport({ path, token: "s3cret" });
    await expect(transport.start()).rejects.toThrow("HTTP 401");
    expect(await head).toMatch(/\r\nauthorization: Bearer s3cret\r\n/i);
  });

  it("sends no Authorization header without a token", async () => {
    const { path, head } = await recordHead();
    const transport = unixSocketTransport({ path });
    await expect(transport.start()).rejects.toThrow("HTTP 401");
    expect((await head).toLowerCase()).not.toContain("authorization:");
  });
});
