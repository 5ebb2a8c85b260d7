import type { RequestOptions } from "@codex/app-server-protocol";
import type { CodexClient } from "../client/codex.js";
import type {
  CopyOptions,
  CreateDirectoryOptions,
  DirectoryEntry,
  FileMetadata,
  FileSystem as FileSystemEngine,
  RemoveOptions,
} from "../fs/file-system.js";
import type { FileWatch } from "../fs/file-watch.js";
import type { PublicOf } from "./public-of.js";

/**
 * The app-server host's file system (`codex.fs`). Every path is absolute. A facade like `Codex`: each
 * method forwards to the client's file system once the engine has loaded.
 */
export class FileSystem implements PublicOf<FileSystemEngine> {
  readonly #client: Promise<CodexClient<boolean>>;

  /** @internal `codex.fs`. */
  constructor(client: Promise<CodexClient<boolean>>) {
    this.#client = client;
  }

  /** The file's bytes (`fs/readFile`). */
  async readFile(path: string, options?: RequestOptions): Promise<Uint8Array> {
    return (await this.#client).fs.readFile(path, options);
  }

  /** The file's text, decoded as UTF-8. */
  async readTextFile(path: string, options?: RequestOptions): Promise<string> {
    return (await this.#client).fs.readTextFile(path, options);
  }

  /** Writes the file (text as UTF-8), replacing it (`fs/writeFile`). */
  async writeFile(path: string, data: string | Uint8Array, options?: RequestOptions): Promise<void> {
    return (await this.#client).fs.writeFile(path, data, options);
  }

  /** Whether the path is a file, directory or symlink, and its times (`fs/getMetadata`). */
  async getMetadata(path: string, options?: RequestOptions): Promise<FileMetadata> {
    return (await this.#client).fs.getMetadata(path, options);
  }

  /** The directory's direct children (`fs/readDirectory`). */
  async readDirectory(path: string, options?: RequestOptions): Promise<DirectoryEntry[]> {
    return (await this.#client).fs.readDirectory(path, options);
  }

  /** Creates a directory, with its parents unless `recursive: false` (`fs/createDirectory`). */
  async createDirectory(path: string, options?: CreateDirectoryOptions): Promise<void> {
    return (await this.#client).fs.createDirectory(path, options);
  }

  /** Removes a file or directory tree (`fs/remove`). */
  async remove(path: string, options?: RemoveOptions): Promise<void> {
    return (await this.#client).fs.remove(path, options);
  }

  /** Copies a file, or a directory tree with `recursive: true` (`fs/copy`). */
  async copy(sourcePath: string, destinationPath: string, options?: CopyOptions): Promise<void> {
    return (await this.#client).fs.copy(sourcePath, destinationPath, options);
  }

  /**
   * Watches a file or directory (`fs/watch`): iterate the returned FileWatch for changes; `break`,
   * `close()` or `await using` unwatch it (`fs/unwatch`).
   */
  async watch(path: string, options?: RequestOptions): Promise<FileWatch> {
    return (await this.#client).fs.watch(path, options);
  }
}
