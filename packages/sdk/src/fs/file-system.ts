/**
 * `codex.fs`: the app-server's file system methods (`fs/*`) on the host codex runs on, with the base64 of
 * the wire hidden (text or bytes in, text or bytes out), relative paths refused before anything is sent,
 * and codex's file system failures as FileNotFoundError / FileSystemError (fs-errors.ts).
 */

import { isAbsolute } from "node:path";
import type { Camel, RequestOptions } from "@codex/app-server-protocol";
import type { Session } from "../client/session.js";
import { FileWatch } from "./file-watch.js";
import { withFsErrors } from "./fs-errors.js";
import { FsPathError } from "./fs-path-error.js";

/** `fs/getMetadata`: what the path is and its times (Unix ms, 0 when unknown). */
export type FileMetadata = Camel.FsGetMetadataResponse;
/** One entry of `fs/readDirectory`. */
export type DirectoryEntry = Camel.FsReadDirectoryEntry;

/** Options of `fs.remove()`. */
export interface RemoveOptions extends RequestOptions {
  /** Remove directories with their contents (default true). */
  readonly recursive?: boolean;
  /** Succeed when the path does not exist (default true). */
  readonly force?: boolean;
}

/** Options of `fs.createDirectory()`. */
export interface CreateDirectoryOptions extends RequestOptions {
  /** Create missing parents too (default true). */
  readonly recursive?: boolean;
}

/** Options of `fs.copy()`. */
export interface CopyOptions extends RequestOptions {
  /** Needed to copy a directory tree. */
  readonly recursive?: boolean;
}

/** The app-server host's file system. Every path is absolute. */
export class FileSystem {
  readonly #session: Session;

  /** @internal `codex.fs`. */
  constructor(session: Session) {
    this.#session = session;
  }

  /** The file's bytes (`fs/readFile`). */
  async readFile(path: string, options?: RequestOptions): Promise<Uint8Array> {
    const { dataBase64 } = await withFsErrors(path, () =>
      this.#session.callStable("fs/readFile", { path: absolute(path) }, options),
    );
    return new Uint8Array(Buffer.from(dataBase64, "base64"));
  }

  /** The file's text, decoded as UTF-8. */
  async readTextFile(path: string, options?: RequestOptions): Promise<string> {
    const { dataBase64 } = await withFsErrors(path, () =>
      this.#session.callStable("fs/readFile", { path: absolute(path) }, options),
    );
    return Buffer.from(dataBase64, "base64").toString("utf8");
  }

  /** Writes the file (text as UTF-8), replacing it (`fs/writeFile`). */
  async writeFile(path: string, data: string | Uint8Array, options?: RequestOptions): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    await withFsErrors(path, () =>
      this.#session.callStable(
        "fs/writeFile",
        { path: absolute(path), dataBase64: bytes.toString("base64") },
        options,
      ),
    );
  }

  /** Whether the path is a file, directory or symlink, and its times (`fs/getMetadata`). */
  getMetadata(path: string, options?: RequestOptions): Promise<FileMetadata> {
    return withFsErrors(path, () =>
      this.#session.callStable("fs/getMetadata", { path: absolute(path) }, options),
    );
  }

  /** The directory's direct children (`fs/readDirectory`). */
  async readDirectory(path: string, options?: RequestOptions): Promise<DirectoryEntry[]> {
    const { entries } = await withFsErrors(path, () =>
      this.#session.callStable("fs/readDirectory", { path: absolute(path) }, options),
    );
    return entries;
  }

  /** Creates a directory, with its parents unless `recursive: false` (`fs/createDirectory`). */
  async createDirectory(path: string, options: CreateDirectoryOptions = {}): Promise<void> {
    const { recursive, ...requestOptions } = options;
    await withFsErrors(path, () =>
      this.#session.callStable(
        "fs/createDirectory",
        { path: absolute(path), ...(recursive !== undefined && { recursive }) },
        requestOptions,
      ),
    );
  }

  /** Removes a file or directory tree (`fs/remove`). */
  async remove(path: string, options: RemoveOptions = {}): Promise<void> {
    const { recursive, force, ...requestOptions } = options;
    await withFsErrors(path, () =>
      this.#session.callStable(
        "fs/remove",
        {
          path: absolute(path),
          ...(recursive !== undefined && { recursive }),
          ...(force !== undefined && { force }),
        },
        requestOptions,
      ),
    );
  }

  /** Copies a file, or a directory tree with `recursive: true` (`fs/copy`). */
  async copy(sourcePath: string, destinationPath: string, options: CopyOptions = {}): Promise<void> {
    const { recursive, ...requestOptions } = options;
    // codex does not say which of the two paths failed: the error names the source.
    await withFsErrors(sourcePath, () =>
      this.#session.callStable(
        "fs/copy",
        {
          sourcePath: absolute(sourcePath),
          destinationPath: absolute(destinationPath),
          ...(recursive !== undefined && { recursive }),
        },
        requestOptions,
      ),
    );
  }

  /**
   * Watches a file or directory (`fs/watch`): iterate the returned FileWatch for changes; `break`,
   * `close()` or `await using` unwatch it (`fs/unwatch`).
   */
  async watch(path: string, options?: RequestOptions): Promise<FileWatch> {
    const watch = new FileWatch(this.#session, absolute(path));
    await watch.start(options);
    return watch;
  }
}

function absolute(path: string): string {
  if (typeof path !== "string" || !isAbsolute(path)) throw new FsPathError(path);
  return path;
}
