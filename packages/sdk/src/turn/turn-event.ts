import type { DecisionEvent } from "../approvals/decision-event.js";
import type { CamelServerNotificationMap, ServerNotificationMethod, ThreadItem } from "../protocol-types.js";
import type { BudgetWarning } from "../usage/budget-types.js";

/** A server notification in camelCase, as the SDK hands it out. Discriminated by `method`. */
export type NotificationEvent = {
  [M in ServerNotificationMethod]: {
    readonly method: M;
    readonly params: CamelServerNotificationMap[M];
    /** When the server emitted it (top-level `emittedAtMs` on the wire). */
    readonly emittedAtMs?: number | undefined;
  };
}[ServerNotificationMethod];

/** Emitted by the SDK (not the server) after it answered a server request for this turn. */
export interface ServerRequestDecisionEvent {
  readonly method: "sdk/serverRequestDecision";
  readonly params: DecisionEvent;
}

/** Emitted by the SDK when this turn's usage passed a budget's warning fraction (`Budget.warnAt`). */
export interface BudgetWarningEvent {
  readonly method: "sdk/budgetWarning";
  readonly params: BudgetWarning;
}

/** Everything a turn's iterator yields: the turn's own notifications plus the SDK's decision and budget events. */
export type TurnEvent = NotificationEvent | ServerRequestDecisionEvent | BudgetWarningEvent;
/** The `method` of every event a turn yields. */
export type TurnEventMethod = TurnEvent["method"];
/** The turn event with method `M`. */
export type TurnEventOf<M extends TurnEventMethod> = Extract<TurnEvent, { method: M }>;

/** The `type` of a thread item (`"agentMessage"`, `"commandExecution"`...). */
export type ItemType = ThreadItem["type"];
/** The thread item of type `T`. */
export type ItemOf<T extends ItemType> = Extract<ThreadItem, { type: T }>;
