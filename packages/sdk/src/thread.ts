import type { ApprovalHandlers } from "./approvals/types.js";
import { type Input, toUserInput } from "./input.js";
import type { CamelClientRequestMap, Thread as ThreadInfo, Turn } from "./protocol-types.js";
import { type OutputOf, type OutputSchema, prepareOutputSchema } from "./structured-output/output-schema.js";
import type { ThreadOptions, TurnOptions } from "./thread-options.js";
import { turnParams } from "./thread-options.js";
import type { RunResult } from "./turn/run-result.js";
import { type TurnControl, TurnHandle } from "./turn/turn-handle.js";

type StableMap = CamelClientRequestMap;

/** What a Thread needs from its client. */
export interface ThreadHost {
  readonly turnControl: TurnControl;
  forkThread(threadId: string, options: ThreadOptions & { lastTurnId?: string }): Promise<Thread>;
  /** The next `turn/completed` of this thread (rejects if the connection closes first). */
  nextTurnCompleted(threadId: string): { promise: Promise<Turn>; cancel(): void };
  call<M extends keyof StableMap & string>(
    method: M,
    params: StableMap[M]["params"],
    options?: { signal?: AbortSignal },
  ): Promise<StableMap[M]["result"]>;
}

/** Output type of a turn run with options `O`. */
export type TurnOutput<O> = O extends { outputSchema: infer S extends OutputSchema }
  ? OutputOf<S>
  : undefined;

/**
 * One conversation with the agent. Turns on a thread run one at a time: `turn()` while another turn of
 * this thread is running waits for it to finish (codex would otherwise fold the new input into the
 * running turn under the same id). To add input to the running turn, use `turn.steer(input)`.
 */
export class Thread {
  #info: ThreadInfo;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: ThreadHost,
    info: ThreadInfo,
    /** The options this thread was started or resumed with. */
    readonly options: ThreadOptions,
  ) {
    this.#info = info;
  }

  get id(): string {
    return this.#info.id;
  }

  /** The thread as the server last described it (from start/resume/fork/read). */
  get info(): ThreadInfo {
    return this.#info;
  }

  /** @internal Thread-scoped handlers, for the server-request dispatcher. */
  get approvals(): ApprovalHandlers | undefined {
    return this.options.approvals;
  }

  /**
   * Starts a turn and returns its live handle at once (iterate it, or await `result()`). Input codex
   * cannot take throws here, before anything is sent (UnsupportedInputError, TypeError when empty).
   */
  turn<const O extends TurnOptions<OutputSchema | undefined> = TurnOptions>(
    input: Input,
    options?: O,
  ): TurnHandle<TurnOutput<O>> {
    const opts: TurnOptions<OutputSchema | undefined> = options ?? {};
    const output = opts.outputSchema ? prepareOutputSchema(opts.outputSchema) : undefined;
    const handle = new TurnHandle<TurnOutput<O>>({
      threadId: this.id,
      control: this.host.turnControl,
      params: {
        ...turnParams(opts),
        input: toUserInput(input),
        ...(output && { outputSchema: output.jsonSchema }),
      },
      signal: opts.signal,
      output: output as never,
      approvals: opts.approvals,
      threadApprovals: this.options.approvals,
      serverRequestTimeoutMs: opts.serverRequestTimeoutMs ?? this.options.serverRequestTimeoutMs,
      after: this.#tail,
    });
    this.#tail = handle.result().catch(() => undefined);
    return handle;
  }

  /** Runs a turn to the end. Resolves with the final response, items, usage and typed `output`. */
  run<const O extends TurnOptions<OutputSchema | undefined> = TurnOptions>(
    input: Input,
    options?: O,
  ): Promise<RunResult<TurnOutput<O>>> {
    try {
      return this.turn(input, options).result();
    } catch (error) {
      // Input refused locally (empty, a remote image URL): a rejection, as from any other failure.
      return Promise.reject(error);
    }
  }

  /** Copies this thread (through `lastTurnId` when given) into a new thread. */
  fork(options: ThreadOptions & { lastTurnId?: string } = {}): Promise<Thread> {
    return this.host.forkThread(this.id, { ...this.options, ...options });
  }

  /** Reads the thread from the server (with its turns when `includeTurns`). */
  async read(options: { includeTurns?: boolean } = {}): Promise<ThreadInfo> {
    const { thread } = await this.host.call("thread/read", {
      threadId: this.id,
      includeTurns: !!options.includeTurns,
    });
    this.#info = thread;
    return thread;
  }

  /** The thread's stored turns, oldest first (`thread/read` with `includeTurns`). */
  async turns(): Promise<Turn[]> {
    const thread = await this.read({ includeTurns: true });
    return thread.turns ?? [];
  }

  async setName(name: string): Promise<void> {
    await this.host.call("thread/name/set", { threadId: this.id, name });
  }

  async archive(): Promise<void> {
    await this.host.call("thread/archive", { threadId: this.id });
  }

  async unarchive(): Promise<void> {
    await this.host.call("thread/unarchive", { threadId: this.id });
  }

  /**
   * Compacts the thread's context (`thread/compact/start`). Codex runs compaction as a turn of its own;
   * this waits for it to finish (and queues like a turn), so the next turn starts on the compacted thread.
   */
  compact(): Promise<Turn> {
    const compaction = this.#tail.then(async () => {
      const completed = this.host.nextTurnCompleted(this.id);
      try {
        await this.host.call("thread/compact/start", { threadId: this.id });
      } catch (error) {
        completed.cancel();
        throw error;
      }
      return completed.promise;
    });
    this.#tail = compaction.catch(() => undefined);
    return compaction;
  }

  /**
   * Drops `beforeTurnId` and every later turn from the stored history (`thread/revert`).
   * Files the agent changed are not restored.
   */
  async rollback(beforeTurnId: string): Promise<void> {
    await this.host.call("thread/revert", { threadId: this.id, beforeTurnId });
  }
}
