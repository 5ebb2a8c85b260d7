import type { DecisionEvent } from "../approvals/decision-event.js";
import type { AutoApprovalReviewCompletedParams } from "../protocol-types.js";

/**
 * The audit record of one automatic review (`approvalsReviewer: "auto_review"`): codex's reviewer
 * decided without asking the client, so the SDK records its verdict from `item/autoApprovalReview/completed`.
 */
export function autoReviewDecision(params: AutoApprovalReviewCompletedParams): DecisionEvent {
  return {
    method: "item/autoApprovalReview/completed",
    requestId: params.reviewId,
    threadId: params.threadId,
    turnId: params.turnId,
    itemId: params.targetItemId ?? undefined,
    params: params.action,
    result: params.review,
    errorMessage: undefined,
    source: "autoReview",
    reason: params.review.rationale ?? undefined,
    handlerError: undefined,
    elapsedMs: Math.max(0, params.completedAtMs - params.startedAtMs),
  };
}
