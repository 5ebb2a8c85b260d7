// One turn on the app-server, as a stream of exec events. Aborting or leaving the stream early interrupts
// the turn on the server (`turn/interrupt`), never the process: the thread and the server stay usable.
import type { AppServerSession } from "./app-server-session.js";
import { ExecCompatAbortError, ExecCompatError, execExitMessage } from "./errors.js";
import { ExecEventMapper } from "./event-mapper.js";
import { EventQueue } from "./event-queue.js";
import type { ThreadEvent } from "./events.js";
import { type NormalizedInput, toAppServerInput } from "./input.js";
import { routing, type WireNotification } from "./wire-notification.js";

/** How long an interrupted turn may take to confirm before the thread moves on regardless. */
const INTERRUPT_GRACE_MS = 10_000;

export interface TurnRunInit {
  readonly session: AppServerSession;
  readonly input: NormalizedInput;
  readonly cwd: string;
  readonly outputSchema: unknown;
  readonly signal: AbortSignal | undefined;
}

type Outcome = "completed" | "failed" | "interrupted" | "closed";

export class TurnRun {
  readonly #init: TurnRunInit;
  readonly #queue = new EventQueue<ThreadEvent>();
  readonly #mapper = new ExecEventMapper();
  readonly #aborted: Promise<never> | undefined;
  #threadId: string | undefined;
  #turnId: Promise<string | undefined> | undefined;
  #knownTurnId: string | undefined;
  #outcome: Outcome | undefined;
  #failure: string | undefined;
  #onOutcome: (() => void) | undefined;
  readonly #over: Promise<void>;
  #unsubscribe: (() => void) | undefined;
  #stopListening: (() => void) | undefined;

  constructor(init: TurnRunInit) {
    this.#init = init;
    this.#over = new Promise((resolve) => {
      this.#onOutcome = resolve;
    });
    const signal = init.signal;
    if (signal) {
      this.#aborted = new Promise<never>((_, reject) => {
        const onAbort = () => reject(new ExecCompatAbortError(signal.reason));
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener("abort", onAbort, { once: true });
          // One signal may serve many turns: do not pile up listeners on it.
          this.#stopListening = () => signal.removeEventListener("abort", onAbort);
        }
      });
      this.#aborted.catch(() => {});
    }
  }

  /** Waits for `promise`, or throws ExecCompatAbortError as soon as the turn's signal fires. */
  abortable<T>(promise: Promise<T>): Promise<T> {
    return this.#aborted ? Promise.race([promise, this.#aborted]) : promise;
  }

  /**
   * Sends the turn (`turn/start`) and starts collecting its events, whether or not anyone reads them:
   * the turn runs to its end on the server as a `codex exec` process would.
   */
  start(threadId: string): void {
    this.#threadId = threadId;
    const { session } = this.#init;
    this.#unsubscribe = session.subscribe(threadId, (notification) => this.#deliver(notification));
    void session.closed().then((error) => {
      this.#failure ??= error.message;
      this.#finish("closed");
    });
    const params: Record<string, unknown> = {
      threadId,
      input: toAppServerInput(this.#init.input),
      cwd: this.#init.cwd,
      ...(this.#init.outputSchema !== undefined && { outputSchema: this.#init.outputSchema }),
    };
    this.#turnId = session.request("turn/start", params).then(
      (result) => {
        const id = (result as { turn: { id: string } }).turn.id;
        this.#knownTurnId = id;
        return id;
      },
      (error: unknown) => {
        this.#failure = error instanceof Error ? error.message : String(error);
        this.#finish("closed");
        return undefined;
      },
    );
  }

  /** The turn's events; throws like the original stream does after a failed turn. */
  async *events(): AsyncGenerator<ThreadEvent> {
    for (;;) {
      // Once the turn is over, an abort comes too late (the original's process had exited): read on.
      const next = this.#queue.next();
      const event = await (this.#outcome === undefined ? this.abortable(next) : next);
      if (event === undefined) break;
      yield event;
    }
    if (this.#outcome === "failed") {
      throw new ExecCompatError(execExitMessage(`Reading prompt from stdin...\n${this.#failure ?? ""}\n`));
    }
    if (this.#outcome === "closed") {
      throw new ExecCompatError(execExitMessage(`${this.#failure ?? "codex app-server closed"}\n`));
    }
  }

  /** Resolves when the server reported the end of the turn (or the connection closed), read or not. */
  over(): Promise<void> {
    return this.#over;
  }

  /**
   * Resolves once the turn is over on the server. A turn still running (abort, early `break`, error) is
   * interrupted first; if the server does not confirm in time, the thread moves on regardless.
   */
  async settled(): Promise<void> {
    if (this.#outcome === undefined && this.#turnId) {
      const turnId = await this.#turnId;
      if (turnId !== undefined && this.#outcome === undefined && this.#threadId !== undefined) {
        this.#init.session.request("turn/interrupt", { threadId: this.#threadId, turnId }).catch(() => {
          // "no active turn": it finished meanwhile; its turn/completed is on the way.
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          this.#over,
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, INTERRUPT_GRACE_MS);
            timer.unref();
          }),
        ]);
        clearTimeout(timer);
      }
    }
    this.#unsubscribe?.();
    this.#stopListening?.();
    this.#queue.end();
  }

  #deliver(notification: WireNotification): void {
    if (this.#outcome !== undefined) return;
    const { turnId } = routing(notification.params);
    // Another turn's leftovers (the previous one was interrupted): not ours.
    if (turnId !== undefined && this.#knownTurnId !== undefined && turnId !== this.#knownTurnId) return;
    const { events, outcome } = this.#mapper.map(notification);
    this.#queue.push(...events);
    if (outcome) {
      const failed = events.find((event) => event.type === "turn.failed");
      if (failed?.type === "turn.failed") this.#failure = failed.error.message;
      this.#finish(outcome);
    }
  }

  #finish(outcome: Outcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#queue.end();
    this.#unsubscribe?.();
    this.#stopListening?.();
    this.#onOutcome?.();
  }
}
