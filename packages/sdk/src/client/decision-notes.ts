import type { DecisionSource } from "../approvals/decision-event.js";
import { sharedWeakMap } from "./shared-weak-map.js";

/** What a policy adds to the audit record of an answer it gave: who decided and why. */
export interface DecisionNote {
  readonly source: DecisionSource;
  readonly reason: string | undefined;
}

// Keyed by the answer object itself: a policy returns a fresh object per answer, the dispatcher reads
// the note once when it records the decision. Weak, so an answer nobody records leaves nothing behind.
// Shared: the policies run in the SDK's entry, the dispatcher in its engine.
const notes = sharedWeakMap<object, DecisionNote>("decision-notes");

/** Attaches a note to an answer before a handler returns it. Returns the answer. */
export function noteDecision<R extends object>(answer: R, note: DecisionNote): R {
  notes.set(answer, note);
  return answer;
}

/** The note a policy attached to this answer, if any. */
export function decisionNoteOf(answer: unknown): DecisionNote | undefined {
  return typeof answer === "object" && answer !== null ? notes.get(answer) : undefined;
}
