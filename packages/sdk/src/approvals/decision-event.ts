/** Who produced the answer to a server request. */
export type DecisionSource =
  /** A handler scoped to one turn, one thread, or the whole client. */
  | "turn"
  | "thread"
  | "client"
  /** No handler answered: the fail-closed default. */
  | "default"
  /** The per-request timeout fired first: the fail-closed default. */
  | "timeout"
  /** A handler threw: the fail-closed default. */
  | "handlerError"
  /** The server resolved the request first (its turn ended); the fail-closed answer was sent and ignored. */
  | "resolvedByServer"
  /**
   * Codex's own reviewer decided (`approvalsReviewer: "auto_review"`): no request reached the client;
   * the event mirrors `item/autoApprovalReview/completed` (`result` is the review with its rationale).
   */
  | "autoReview"
  /** An `llmJudgePolicy` judge thread decided; `reason` says why. */
  | "llmJudge";

/** The audit record of one answered server request. Every request produces exactly one. */
export interface DecisionEvent {
  readonly method: string;
  readonly requestId: string | number;
  readonly threadId: string | undefined;
  readonly turnId: string | undefined;
  readonly itemId: string | undefined;
  /** The request's params (camelCase). */
  readonly params: unknown;
  /** The result sent back (camelCase), or undefined when an error reply was sent. */
  readonly result: unknown;
  /** Set when a JSON-RPC error reply was sent instead of a result. */
  readonly errorMessage: string | undefined;
  readonly source: DecisionSource;
  /** Why, when the decider gave a reason (the auto reviewer's rationale, an LLM judge's reason). */
  readonly reason?: string | undefined;
  /** The handler's error, for source "handlerError". */
  readonly handlerError: unknown;
  readonly elapsedMs: number;
}
