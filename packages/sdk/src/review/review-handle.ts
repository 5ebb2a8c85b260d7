/**
 * `thread.review(target)`: codex's code review (`review/start`) as a turn handle. It streams and
 * interrupts like any turn; `result()` adds the review's findings to the turn's RunResult.
 */
import type { Camel } from "@codex/app-server-protocol";
import type { RunResult } from "../turn/run-result.js";
import { type ServerTurnOptions, serverTurnInit, type ThreadContext } from "../turn/server-started-turn.js";
import { TurnHandle } from "../turn/turn-handle.js";
import { type ReviewOutput, reviewOutputOf } from "./review-output.js";
import { ReviewTargetError } from "./review-target-error.js";

/**
 * What to review: `{ type: "uncommittedChanges" }` (staged, unstaged and untracked files),
 * `{ type: "baseBranch", branch }` (the current branch against `branch`), `{ type: "commit", sha, title? }`,
 * or `{ type: "custom", instructions }`.
 */
export type ReviewTarget = Camel.ReviewTarget;

/** Options of `thread.review()`. */
export type ReviewOptions = ServerTurnOptions;

/** A finished review: the turn's RunResult plus the findings. */
export interface ReviewResult extends RunResult, ReviewOutput {}

/**
 * A running review. Iterate it (or use `on`, `textStream`...) as a turn; `result()` resolves with the
 * findings when the review turn completes; `interrupt()`, `break` or the signal stop it.
 */
export class ReviewHandle extends TurnHandle<undefined> {
  readonly #review: Promise<ReviewResult>;

  /** @internal Created by `thread.review()`. */
  constructor(context: ThreadContext, target: ReviewTarget, options: ReviewOptions) {
    const params = { threadId: context.threadId, target: checkTarget(target) };
    // Codex runs the review as an inner turn whose `turn/started` names the review turn as `rootTurnId`:
    // items and `turn/completed` carry the review turn's id, but `turn/interrupt` wants the inner one.
    // The inner turn may start before review/start answers, so inner ids are kept by their root.
    const innerTurns = new Map<string, string>();
    const waiting = new Map<string, (id: string) => void>();
    const watching = context.session.notifications.add((event) => {
      if (event.method !== "turn/started" || event.params.threadId !== context.threadId) return;
      const { id, rootTurnId } = event.params.turn;
      if (typeof rootTurnId !== "string" || rootTurnId === id) return;
      innerTurns.set(rootTurnId, id);
      waiting.get(rootTurnId)?.(id);
    });
    /** The inner turn's id, once it started (an interrupt asked for before then waits for it). */
    const innerTurnOf = (reviewTurnId: string): string | Promise<string> =>
      innerTurns.get(reviewTurnId) ??
      new Promise<string>((resolve) => {
        waiting.set(reviewTurnId, resolve);
        // The review may end first: then the review turn's own id (the server answers "no active turn").
        void this.#review.finally(() => resolve(reviewTurnId)).catch(() => {});
      });
    super(
      serverTurnInit(
        context,
        options,
        async (signal) => {
          const response = await context.session.callStable("review/start", params, { signal });
          return response.turn;
        },
        context.after,
        innerTurnOf,
      ),
    );
    this.#review = super.result().then((result) => ({ ...result, ...reviewOutputOf(result.items) }));
    this.#review.catch(() => {});
    this.#review.finally(watching).catch(() => {});
  }

  /** Resolves with the turn's result and the review's findings; rejects like `TurnHandle.result()`. */
  override result(): Promise<ReviewResult> {
    return this.#review;
  }
}

const REQUIRED_FIELD: Readonly<Record<string, string | undefined>> = {
  uncommittedChanges: undefined,
  baseBranch: "branch",
  commit: "sha",
  custom: "instructions",
};

function checkTarget(target: unknown): ReviewTarget {
  const type =
    typeof target === "object" && target !== null ? (target as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !(type in REQUIRED_FIELD)) {
    throw new ReviewTargetError(
      `A review target's type is one of ${Object.keys(REQUIRED_FIELD).join(", ")}; got ${JSON.stringify(type)}.`,
      target,
    );
  }
  const field = REQUIRED_FIELD[type];
  if (field !== undefined) {
    const value = (target as Record<string, unknown>)[field];
    if (typeof value !== "string" || value.trim() === "") {
      throw new ReviewTargetError(`A "${type}" review target needs a non-empty "${field}".`, target);
    }
  }
  return target as ReviewTarget;
}
