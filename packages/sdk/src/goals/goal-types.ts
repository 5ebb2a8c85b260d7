/** The camelCase goal types of the protocol, under the names the SDK exports. */
import type { Camel } from "@codex/app-server-protocol";
import type { RunResult } from "../turn/run-result.js";

/** A thread's goal as codex keeps it: objective, status, token budget and what it used so far. */
export type ThreadGoal = Camel.ThreadGoal;
/** `"active" | "paused" | "blocked" | "usageLimited" | "budgetLimited" | "complete"`. */
export type ThreadGoalStatus = Camel.ThreadGoalStatus;

/** What `thread.setGoal()` changes; fields left out keep their value. */
export interface GoalUpdate {
  readonly objective?: string;
  readonly status?: ThreadGoalStatus;
  /** Tokens the goal may use; null removes the budget. */
  readonly tokenBudget?: number | null;
}

/** How goal-driven work ended. */
export interface GoalResult {
  /** The goal as codex last reported it. */
  readonly goal: ThreadGoal;
  /** `goal.status`: "complete", or why codex stopped ("blocked", "budgetLimited", "paused" after an interrupt...). */
  readonly status: ThreadGoalStatus;
  /** Every turn codex ran for the goal, in order. */
  readonly turns: RunResult[];
  /** The last turn's final response. */
  readonly finalResponse: string | null;
}
