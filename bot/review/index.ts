// Request review's public surface (CLI, dashboard actions).
export { reviewRequests, reviewRequest, REVIEW_ACTIONS, type ReviewResult, type ReviewRequestsOptions } from "./review-requests.ts";
export { BULK_REVIEW_MAX, type ReviewAction } from "./github-calls.ts";
export { decideRequest, matchesRequest, type RequestDecision, type ReviewableRequest } from "./auto-review.ts";
export { autoReviewRequest, type AutoReviewOutcome } from "./apply-auto-review.ts";
