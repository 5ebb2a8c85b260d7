// A thread of @openai/codex-sdk, run on a long-lived app-server: the first turn starts (or resumes) the
// thread, every turn is a `turn/start` on it. Turns of one thread run one after another.
import { resolve } from "node:path";
import type { AppServerSession } from "./app-server-session.js";
import { ExecCompatAbortError, ExecCompatError, ExecCompatTurnError, execExitMessage } from "./errors.js";
import type { ThreadEvent, Usage } from "./events.js";
import { type Input, normalizeInput } from "./input.js";
import type { ThreadItem } from "./items.js";
import type { ThreadOptions, TurnOptions } from "./options.js";
import { preflight } from "./preflight.js";
import { takeOver } from "./thread-holders.js";
import { threadResumeParams, threadStartParams } from "./thread-params.js";
import { TurnRun } from "./turn-run.js";

/** Completed turn. */
export type Turn = {
  items: ThreadItem[];
  finalResponse: string;
  usage: Usage | null;
};
/** Alias for `Turn` to describe the result of `run()`. */
export type RunResult = Turn;
/** The result of the `runStreamed` method. */
export type StreamedTurn = {
  events: AsyncGenerator<ThreadEvent>;
};
/** Alias for `StreamedTurn` to describe the result of `runStreamed()`. */
export type RunStreamedResult = StreamedTurn;

/** @internal What a thread needs from its Codex. */
export interface ThreadHost {
  /** The shared app-server session; throws the options' error (bad `config`) as the original does at run time. */
  session(): AppServerSession;
  readonly approvals: boolean;
}

/** Represent a thread of conversation with the agent. One thread can have multiple consecutive turns. */
export class Thread {
  readonly #host: ThreadHost;
  readonly #options: ThreadOptions;
  #id: string | null;
  /** Settles once the previous turn is over on the server, so the next does not merge into it. */
  #tail: Promise<void> = Promise.resolve();

  /** @internal */
  constructor(host: ThreadHost, options: ThreadOptions, id: string | null = null) {
    this.#host = host;
    this.#options = options;
    this.#id = id;
  }

  /** Returns the ID of the thread. Populated after the first turn starts. */
  get id(): string | null {
    return this.#id;
  }

  /** Provides the input to the agent and streams events as they are produced during the turn. */
  async runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    return { events: this.#events(input, turnOptions) };
  }

  /** Provides the input to the agent and returns the completed turn. */
  async run(input: Input, turnOptions: TurnOptions = {}): Promise<Turn> {
    const items: ThreadItem[] = [];
    let finalResponse = "";
    let usage: Usage | null = null;
    let failure: string | undefined;
    for await (const event of this.#events(input, turnOptions)) {
      if (event.type === "item.completed") {
        if (event.item.type === "agent_message") finalResponse = event.item.text;
        items.push(event.item);
      } else if (event.type === "turn.completed") {
        usage = event.usage;
      } else if (event.type === "turn.failed") {
        failure = event.error.message;
        break;
      }
    }
    if (failure !== undefined) throw new ExecCompatTurnError(failure, this.#id);
    return { items, finalResponse, usage };
  }

  async *#events(input: Input, turnOptions: TurnOptions): AsyncGenerator<ThreadEvent> {
    // The original's order: schema, options, abort, then codex exec's own checks.
    const { outputSchema, signal } = turnOptions;
    if (outputSchema !== undefined && !isPlainObject(outputSchema)) {
      throw new ExecCompatError("outputSchema must be a plain JSON object");
    }
    const session = this.#host.session();
    if (signal?.aborted) throw new ExecCompatAbortError(signal.reason);
    const normalized = normalizeInput(input);
    const cwd = resolve(this.#options.workingDirectory ?? process.cwd());
    preflight({ cwd, prompt: normalized.prompt, skipGitRepoCheck: !!this.#options.skipGitRepoCheck });

    const previous = this.#tail;
    let turnOver!: () => void;
    this.#tail = new Promise((done) => {
      turnOver = done;
    });
    const release = session.hold();
    const run = new TurnRun({ session, input: normalized, cwd, outputSchema, signal });
    let stopRunning: (() => void) | undefined;
    let cleaned = false;
    const cleanUp = () => {
      if (cleaned) return;
      cleaned = true;
      stopRunning?.();
      release();
      turnOver();
    };
    // The next turn may start once this one is over on the server, even if nobody reads the rest of
    // its events (a stream left unfinished must not block the thread or keep Node alive).
    void run.over().then(cleanUp);
    try {
      await run.abortable(previous);
      await run.abortable(session.start());
      const threadId = await run.abortable(this.#load(session, cwd));
      stopRunning = session.running(threadId);
      run.start(threadId);
      yield { type: "thread.started", thread_id: threadId };
      yield* run.events();
    } finally {
      // An early `break`, an abort or an error: stop the turn on the server before the next may start.
      void run.settled().then(cleanUp);
    }
  }

  /** Starts the thread on its first turn (resumes it for `resumeThread`, or on a new session). */
  async #load(session: AppServerSession, cwd: string): Promise<string> {
    if (this.#id !== null && session.isLoaded(this.#id)) return this.#id;
    const input = { options: this.#options, cwd, approvals: this.#host.approvals };
    // codex exec resumes only what looks like a thread id; for anything else it starts a new thread.
    if (this.#id !== null && THREAD_ID.test(this.#id)) {
      const tookOver = await takeOver(this.#id, session);
      await execRequest(session, "thread/resume", threadResumeParams(input, this.#id), tookOver);
    } else {
      const started = (await execRequest(session, "thread/start", threadStartParams(input))) as {
        thread: { id: string };
      };
      this.#id = started.thread.id;
    }
    session.markLoaded(this.#id);
    return this.#id;
  }
}

const UNLOAD_WAIT_ATTEMPTS = 40;
const UNLOAD_WAIT_STEP_MS = 50;
const THREAD_ID = /^(urn:uuid:)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A request whose failure reads as codex exec reports it (`Error: thread/resume: thread/resume failed: ...`). */
async function execRequest(
  session: AppServerSession,
  method: string,
  params: unknown,
  /** The thread was just unloaded elsewhere: codex finishes that in the background, so wait for it. */
  awaitingUnload = false,
): Promise<unknown> {
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await session.request(method, params);
      } catch (error) {
        const busy = error instanceof Error && /already has an active writer/.test(error.message);
        if (!awaitingUnload || !busy || attempt >= UNLOAD_WAIT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, UNLOAD_WAIT_STEP_MS));
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    const suffix = typeof code === "number" ? ` (code ${code})` : "";
    throw new ExecCompatError(
      execExitMessage(
        `Reading prompt from stdin...\nError: ${method}: ${method} failed: ${message}${suffix}\n`,
      ),
      { cause: error },
    );
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
