/**
 * One `fs/watch` as an async iterable of `fs/changed` batches. Changes are queued from the moment the
 * watch is registered, so none is lost between `watch()` resolving and the first `next()`.
 */
import type { RequestOptions } from "@codex/app-server-protocol";
import type { Subscription } from "../client/listener-set.js";
import type { Session } from "../client/session.js";

/** One `fs/changed` notification: the paths codex saw change together. */
export interface FileChangeEvent {
  readonly watchId: string;
  readonly changedPaths: string[];
}

let nextWatch = 0;

/** A live watch. Iterate it (one reader); `break`, `close()` or `await using` stop it on the server. */
export class FileWatch implements AsyncIterable<FileChangeEvent>, AsyncDisposable {
  /** The connection-scoped id the SDK gave this watch. */
  readonly watchId = `sdk-watch-${process.pid}-${++nextWatch}`;
  /** The watched path as given. */
  readonly requestedPath: string;

  readonly #session: Session;
  readonly #queue: FileChangeEvent[] = [];
  #path: string | undefined;
  #listening: Subscription | undefined;
  #closed: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  /** @internal Created by `codex.fs.watch()`. */
  constructor(session: Session, path: string) {
    this.#session = session;
    this.requestedPath = path;
  }

  /** The watched path as codex canonicalized it. */
  get path(): string {
    return this.#path ?? this.requestedPath;
  }

  /** @internal Registers the watch. */
  async start(options?: RequestOptions): Promise<void> {
    this.#listening = this.#session.notifications.add((event) => {
      if (event.method !== "fs/changed" || event.params.watchId !== this.watchId) return;
      this.#queue.push({ watchId: this.watchId, changedPaths: event.params.changedPaths });
      this.#notify();
    });
    try {
      const { path } = await this.#session.callStable(
        "fs/watch",
        { path: this.requestedPath, watchId: this.watchId },
        options,
      );
      this.#path = path;
      // The server is gone: no more changes will come, so the iteration ends.
      void this.#session.connection?.closed.then(() => {
        this.#listening?.();
        this.#closed ??= Promise.resolve();
        this.#notify();
      });
    } catch (error) {
      this.#listening();
      this.#closed = Promise.resolve();
      throw error;
    }
  }

  /** Unwatches (`fs/unwatch`) and ends the iteration. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#listening?.();
      this.#notify();
      await this.#session.callStable("fs/unwatch", { watchId: this.watchId }).catch(() => undefined);
    })();
    return this.#closed;
  }

  /** `await using watch = await codex.fs.watch(dir)`: unwatches at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Change batches as they come; ends after `close()`; `break` closes the watch. */
  [Symbol.asyncIterator](): AsyncIterator<FileChangeEvent> {
    return {
      next: async () => {
        for (;;) {
          const event = this.#queue.shift();
          if (event) return { value: event, done: false };
          if (this.#closed) return { value: undefined, done: true };
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
        }
      },
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
