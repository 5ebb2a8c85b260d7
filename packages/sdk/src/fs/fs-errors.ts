/**
 * Typed errors for the app-server's file system methods. codex answers a failed `fs/*` call with a
 * generic JSON-RPC error (-32603 "No such file or directory (os error 2)", -32600 "path … is not a
 * file"); these classes say what happened, with the path, and keep codex's code, message and data.
 */

import { NotFoundError, ProtocolError } from "@codex/app-server-protocol/light";

/** What went wrong, as Node's fs would say it. */
export type FsErrorCode = "ENOENT" | "EACCES" | "EISDIR" | "ENOTDIR" | "EEXIST" | "ENOTEMPTY";

// Matched on the words of Rust's io::Error (POSIX strerror, Windows' system messages), not on os error
// numbers, which differ between systems. Order matters: "Not a directory" before "is a directory".
const CODES: ReadonlyArray<readonly [FsErrorCode, RegExp]> = [
  ["ENOENT", /no such file or directory|cannot find the (file|path) specified/i],
  ["EACCES", /permission denied|access is denied|operation not permitted/i],
  ["ENOTDIR", /not a directory|directory name is invalid/i],
  ["EISDIR", /is a directory|is not a file/i],
  ["ENOTEMPTY", /directory not empty|directory is not empty/i],
  ["EEXIST", /file exists|already exists/i],
];

/** The path does not exist. Also a NotFoundError, like an unknown thread. */
export class FileNotFoundError extends NotFoundError {
  override name = "FileNotFoundError";
  readonly fsCode = "ENOENT" as const;
  constructor(
    /** The path the call was about. */
    readonly path: string,
    error: ProtocolError,
  ) {
    super(error.method, error.code, `${error.message}: ${path}`, error.data);
  }
}

/** Any other known file system failure: permission denied, a directory where a file was meant, ... */
export class FileSystemError extends ProtocolError {
  override name = "FileSystemError";
  constructor(
    /** What went wrong. */
    readonly fsCode: Exclude<FsErrorCode, "ENOENT">,
    /** The path the call was about. */
    readonly path: string,
    error: ProtocolError,
  ) {
    super(error.method, error.code, `${error.message}: ${path}`, error.data);
  }
}

/** The typed error for a failed `fs/*` call about `path`; anything unrecognised is returned as it is. */
export function fsErrorFrom(error: unknown, path: string): unknown {
  if (!(error instanceof ProtocolError)) return error;
  const fsCode = CODES.find(([, pattern]) => pattern.test(error.message))?.[0];
  if (fsCode === undefined) return error;
  return fsCode === "ENOENT" ? new FileNotFoundError(path, error) : new FileSystemError(fsCode, path, error);
}

/** Awaits an `fs/*` call, rethrowing a file system failure as FileNotFoundError or FileSystemError. */
export async function withFsErrors<T>(path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fsErrorFrom(error, path);
  }
}
