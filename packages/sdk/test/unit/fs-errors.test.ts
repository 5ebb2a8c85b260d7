// The mapping of codex's fs/* failures, on the messages codex (Rust io::Error) writes on Linux, macOS and
// Windows; the real-binary cases are in test/file-system.test.ts. Permission errors cannot be produced
// here (the tests may run as root), so their wording is checked on its own.
import { InternalServerError, InvalidRequestError, ProtocolError } from "@codex/app-server-protocol";
import { describe, expect, it } from "vitest";
import { FileNotFoundError, FileSystemError, fsErrorFrom } from "../../src/fs/fs-errors.js";

const internal = (message: string) => new InternalServerError("fs/readFile", -32603, message, undefined);

describe("fsErrorFrom", () => {
  it.each([
    ["No such file or directory (os error 2)", "ENOENT"],
    ["The system cannot find the file specified. (os error 2)", "ENOENT"],
    ["The system cannot find the path specified. (os error 3)", "ENOENT"],
    ["Permission denied (os error 13)", "EACCES"],
    ["Operation not permitted (os error 1)", "EACCES"],
    ["Access is denied. (os error 5)", "EACCES"],
    ["Is a directory (os error 21)", "EISDIR"],
    ["Not a directory (os error 20)", "ENOTDIR"],
    ["File exists (os error 17)", "EEXIST"],
    ["Directory not empty (os error 39)", "ENOTEMPTY"],
  ])("%s -> %s", (message, fsCode) => {
    const mapped = fsErrorFrom(internal(message), "/p");
    expect(mapped).toBeInstanceOf(fsCode === "ENOENT" ? FileNotFoundError : FileSystemError);
    expect(mapped).toMatchObject({ fsCode, path: "/p", code: -32603, method: "fs/readFile" });
    expect((mapped as Error).message).toBe(`${message}: /p`);
  });

  it("keeps codex's -32600 'is not a file' as EISDIR, and leaves anything else as it was", () => {
    const notAFile = new InvalidRequestError("fs/readFile", -32600, "path `/d` is not a file", undefined);
    expect(fsErrorFrom(notAFile, "/d")).toMatchObject({ fsCode: "EISDIR" });
    const other = internal("disk on fire");
    expect(fsErrorFrom(other, "/p")).toBe(other);
    const local = new Error("not from the server");
    expect(fsErrorFrom(local, "/p")).toBe(local);
    expect(fsErrorFrom(other, "/p")).toBeInstanceOf(ProtocolError);
  });
});
