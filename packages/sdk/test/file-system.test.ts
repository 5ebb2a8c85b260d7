import { tracingChannel } from "node:diagnostics_channel";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CodexError,
  type FileChangeEvent,
  FileNotFoundError,
  FileSystemError,
  FsPathError,
  NotFoundError,
  type ProtocolError,
} from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T);

describe("codex.fs", () => {
  it("writes and reads text and bytes (base64 on the wire), lists, stats, copies and removes", async () => {
    const dir = join(fx.env.workspace, "fs-basics");
    await fx.codex.fs.createDirectory(join(dir, "nested", "deeper"));
    const textPath = join(dir, "nested", "note.txt");
    await fx.codex.fs.writeFile(textPath, "héllo ✓\n");
    expect(await readFile(textPath, "utf8")).toBe("héllo ✓\n");
    expect(await fx.codex.fs.readTextFile(textPath)).toBe("héllo ✓\n");

    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const binPath = join(dir, "blob.bin");
    await fx.codex.fs.writeFile(binPath, bytes);
    expect(await fx.codex.fs.readFile(binPath)).toEqual(bytes);

    const meta = await fx.codex.fs.getMetadata(binPath);
    expect(meta).toMatchObject({ isFile: true, isDirectory: false, isSymlink: false });
    expect((await fx.codex.fs.getMetadata(dir)).isDirectory).toBe(true);

    const entries = await fx.codex.fs.readDirectory(dir);
    expect(entries.map((e) => e.fileName).sort()).toEqual(["blob.bin", "nested"]);
    expect(entries.find((e) => e.fileName === "nested")).toMatchObject({ isDirectory: true, isFile: false });

    await fx.codex.fs.copy(join(dir, "nested"), join(dir, "copy"), { recursive: true });
    expect(await fx.codex.fs.readTextFile(join(dir, "copy", "note.txt"))).toBe("héllo ✓\n");

    await fx.codex.fs.remove(join(dir, "copy"));
    expect((await fx.codex.fs.readDirectory(dir)).map((e) => e.fileName).sort()).toEqual([
      "blob.bin",
      "nested",
    ]);
    await fx.codex.fs.remove(join(dir, "copy")); // force defaults to true: a missing path is fine
    await expect(fx.codex.fs.remove(join(dir, "copy"), { force: false })).rejects.toBeInstanceOf(CodexError);
    await expect(fx.codex.fs.readFile(join(dir, "missing.txt"))).rejects.toBeInstanceOf(CodexError);
  });

  it("refuses relative paths before sending anything", async () => {
    await expect(fx.codex.fs.readTextFile("notes.txt")).rejects.toBeInstanceOf(FsPathError);
    await expect(fx.codex.fs.writeFile("./x", "y")).rejects.toThrow(/absolute path/);
    await expect(fx.codex.fs.watch("rel")).rejects.toBeInstanceOf(FsPathError);
  });

  it("a missing path is FileNotFoundError (a NotFoundError) naming it, for every method (real binary)", async () => {
    const missing = join(fx.env.workspace, "no-such-dir", "nope.txt");
    const calls = [
      () => fx.codex.fs.readTextFile(missing),
      () => fx.codex.fs.readFile(missing),
      () => fx.codex.fs.getMetadata(missing),
      () => fx.codex.fs.readDirectory(missing),
      () => fx.codex.fs.writeFile(missing, "x"),
      () => fx.codex.fs.copy(missing, join(fx.env.workspace, "copy.txt")),
    ];
    for (const call of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileNotFoundError);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ fsCode: "ENOENT", path: missing });
      expect((error as Error).message).toContain(missing);
      expect((error as ProtocolError).method).toMatch(/^fs\//);
    }
  });

  it("a directory read as a file, a file listed as a directory, an existing directory: FileSystemError", async () => {
    const dir = join(fx.env.workspace, "a-dir");
    const file = join(fx.env.workspace, "a-file.txt");
    await fx.codex.fs.createDirectory(dir);
    await fx.codex.fs.writeFile(file, "x");
    const cases = [
      [() => fx.codex.fs.readTextFile(dir), "EISDIR", dir],
      [() => fx.codex.fs.readDirectory(file), "ENOTDIR", file],
      [() => fx.codex.fs.createDirectory(dir, { recursive: false }), "EEXIST", dir],
    ] as const;
    for (const [call, fsCode, path] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileSystemError);
      expect(error).toMatchObject({ fsCode, path });
    }
  });

  it("watches a directory as an async iterable; break unwatches", async () => {
    const dir = join(fx.env.workspace, "watched");
    await fx.codex.fs.createDirectory(dir);
    // Every request the client sends is traced on this channel: it shows the unwatch `break` sends.
    const sent: { method: string; params: unknown }[] = [];
    const requests = tracingChannel<unknown, { method: string; params: unknown }>("codex:app-server:request");
    const onStart = (context: { method: string; params: unknown }): void => void sent.push(context);
    requests.start.subscribe(onStart as (message: unknown) => void);
    const watch = await fx.codex.fs.watch(dir);
    expect(watch.path).toBe(dir);
    const target = join(dir, "changed.txt");
    const changes: FileChangeEvent[] = [];
    // Keep touching the file until the watcher reports it (watchers may batch or debounce).
    let writes = 0;
    const writer = setInterval(() => void writeFile(target, `v${++writes}`), 50);
    try {
      for await (const change of watch) {
        changes.push(change);
        if (change.changedPaths.includes(target)) break;
      }
    } finally {
      clearInterval(writer);
    }
    expect(changes.at(-1)?.changedPaths).toContain(target);
    expect(changes.every((change) => change.watchId === watch.watchId)).toBe(true);
    requests.start.unsubscribe(onStart as (message: unknown) => void);
    expect(
      sent.filter((r) => r.method.startsWith("fs/")).map(({ method, params }) => ({ method, params })),
    ).toEqual([
      { method: "fs/watch", params: { path: dir, watchId: watch.watchId } },
      { method: "fs/unwatch", params: { watchId: watch.watchId } },
    ]);
    // break closed the watch on the server: unwatching again is a no-op, and the iterator is done.
    await watch.close();
    expect(await watch[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
  });
});
