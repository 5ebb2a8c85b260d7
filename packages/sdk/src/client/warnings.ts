import type { ConnectionWarning } from "@codex/app-server-protocol";
import type { BudgetWarning } from "../usage/budget-types.js";

/**
 * Something went wrong that did not fail a call or a turn: version skew, a listener or server-request
 * handler that threw, an interrupt the server never confirmed, a transport hiccup. Delivered to
 * `CodexOptions.onWarning`, or as a process warning (type "CodexWarning") when that is not set.
 */
export interface CodexWarning {
  readonly kind:
    | ConnectionWarning["kind"]
    /** An `on…` listener (turn, notification, decision) threw. */
    | "listenerError"
    /** A server-request handler threw; the fail-closed answer was sent instead. */
    | "serverRequestHandlerError"
    /** The server did not confirm an interrupt in time; the turn was settled as interrupted locally. */
    | "interruptTimeout"
    /** A turn's usage passed a budget's warning fraction (`Budget.warnAt`); details in `budget`. */
    | "budgetWarning";
  readonly message: string;
  /** The wire method involved, when there is one. */
  readonly method?: string;
  readonly error?: Error;
  /** For `budgetWarning`: which budget and limit, and how much of it is spent. */
  readonly budget?: BudgetWarning;
}
