// The review-side GitHub calls (docs/github-api.md §1.6, §1.7). Sent without the client's retry:
// a decision whose answer was lost may have been made, and a second send would meet a request that
// is no longer pending; review-requests.ts looks at the request first (sendReviewOnce).
import type { OctokitLike } from "../github/calls.ts";
import { NO_RETRY } from "../github/write-once.ts";
import { classifyCallError, type CallOutcome } from "../revoke/github-calls.ts";

export type ReviewAction = "approve" | "deny";
export const BULK_REVIEW_MAX = 100; // §1.6 maxItems

export async function sendBulkReview({ octokit, login, requestIds, action, reason }: {
  octokit: OctokitLike; login: string; requestIds: number[]; action: ReviewAction; reason: string;
}): Promise<CallOutcome> {
  try {
    await octokit.request("POST /orgs/{org}/personal-access-token-requests", { org: login, pat_request_ids: requestIds, action, reason, ...NO_RETRY });
    return { ok: true };
  } catch (error) {
    return classifyCallError({ error, what: `POST /orgs/${login}/personal-access-token-requests (${requestIds.length} requests)` });
  }
}

export async function sendSingleReview({ octokit, login, requestId, action, reason }: {
  octokit: OctokitLike; login: string; requestId: number; action: ReviewAction; reason: string;
}): Promise<CallOutcome> {
  try {
    await octokit.request("POST /orgs/{org}/personal-access-token-requests/{pat_request_id}", { org: login, pat_request_id: requestId, action, reason, ...NO_RETRY });
    return { ok: true };
  } catch (error) {
    return classifyCallError({ error, what: `POST /orgs/${login}/personal-access-token-requests/${requestId}` });
  }
}

/**
 * Sends one decision; when its answer is lost (5xx, the client's timeout) GitHub may have made it.
 * The requests are looked up first: none still pending → made (ok); some → the caller settles those
 * and sends the rest; all → nothing happened, sent again (≤ `attempts` sends). `unanswered` collects
 * the ids of every send whose answer was lost, so a caller can tell "gone because we decided it".
 */
export async function sendReviewOnce({ ids, send, findStillListed, unanswered, attempts = 3 }: {
  ids: number[];
  send: () => Promise<CallOutcome>;
  findStillListed: () => Promise<Set<number> | null>;
  unanswered: Set<number>;
  attempts?: number;
}): Promise<CallOutcome> {
  for (let attempt = 1; ; attempt++) {
    const result = await send();
    if (result.ok || result.kind === "refused") return result;
    for (const id of ids) unanswered.add(id);
    if (attempt >= attempts) return result;
    const listed = await findStillListed();
    if (listed === null) return result;
    const pending = ids.filter((id) => listed.has(id));
    if (pending.length === 0) return { ok: true };
    if (pending.length < ids.length) return result;
  }
}
