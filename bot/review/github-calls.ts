// The review-side GitHub calls (docs/github-api.md §1.6, §1.7).
import type { OctokitLike } from "../github/calls.ts";
import { classifyCallError, type CallOutcome } from "../revoke/github-calls.ts";

export type ReviewAction = "approve" | "deny";
export const BULK_REVIEW_MAX = 100; // §1.6 maxItems

export async function sendBulkReview({ octokit, login, requestIds, action, reason }: {
  octokit: OctokitLike; login: string; requestIds: number[]; action: ReviewAction; reason: string;
}): Promise<CallOutcome> {
  try {
    await octokit.request("POST /orgs/{org}/personal-access-token-requests", { org: login, pat_request_ids: requestIds, action, reason });
    return { ok: true };
  } catch (error) {
    return classifyCallError({ error, what: `POST /orgs/${login}/personal-access-token-requests (${requestIds.length} requests)` });
  }
}

export async function sendSingleReview({ octokit, login, requestId, action, reason }: {
  octokit: OctokitLike; login: string; requestId: number; action: ReviewAction; reason: string;
}): Promise<CallOutcome> {
  try {
    await octokit.request("POST /orgs/{org}/personal-access-token-requests/{pat_request_id}", { org: login, pat_request_id: requestId, action, reason });
    return { ok: true };
  } catch (error) {
    return classifyCallError({ error, what: `POST /orgs/${login}/personal-access-token-requests/${requestId}` });
  }
}
