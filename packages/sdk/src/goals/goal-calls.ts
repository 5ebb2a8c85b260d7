/** `thread/goal/set|get|clear`, typed: what `thread.setGoal()`, `goal()` and `clearGoal()` send. */
import type { RequestOptions } from "@codex/app-server-protocol";
import { CodexError } from "@codex/app-server-protocol/light";
import type { Session } from "../client/session.js";
import type { GoalUpdate, ThreadGoal } from "./goal-types.js";

/** @internal */
export async function setGoal(
  session: Session,
  threadId: string,
  update: string | GoalUpdate,
  options?: RequestOptions,
): Promise<ThreadGoal> {
  const fields = typeof update === "string" ? { objective: update } : update;
  if (
    fields.objective !== undefined &&
    (typeof fields.objective !== "string" || fields.objective.trim() === "")
  ) {
    throw new CodexError("A goal's objective must be a non-empty string.");
  }
  const { goal } = await session.callStable("thread/goal/set", { threadId, ...fields }, options);
  return goal;
}

/** @internal */
export async function readGoal(
  session: Session,
  threadId: string,
  options?: RequestOptions,
): Promise<ThreadGoal | null> {
  const { goal } = await session.callStable("thread/goal/get", { threadId }, options);
  return goal ?? null;
}

/** @internal */
export async function clearGoal(
  session: Session,
  threadId: string,
  options?: RequestOptions,
): Promise<boolean> {
  const { cleared } = await session.callStable("thread/goal/clear", { threadId }, options);
  return cleared;
}
