"use server";
// Approving or denying pending requests from the requests page. Its own security boundary:
// parse input → session → review access to this org (owner, or a security team in revoke mode)
// → the review engine (≤ 100 requests a GitHub call) → a sentence with the outcome for each kind.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { REASON_MAX_CHARS } from "../../../../../model/reason.ts";
import { toFailure, type Failure } from "../../../../_data/action-failure.ts";
import { reviewPendingRequests } from "../../../../_data/review.ts";
import { getViewer } from "../../../../_data/viewer.ts";

const ReviewInput = z.object({
  org: z.string().trim().min(1).max(100),
  ids: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
    .min(1, "Select at least one request to review.")
    .max(1000, "Review at most 1,000 requests at once."),
  decision: z.enum(["approve", "deny"]),
  reason: z.string().trim()
    .min(1, "Give a reason: GitHub records it with the review, and it is kept in the audit log.")
    .refine((s) => [...s].length <= REASON_MAX_CHARS, { message: `The reason is too long: at most ${REASON_MAX_CHARS} characters.` }),
});

export async function reviewRequestsAction(input: unknown): Promise<{ ok: boolean; message: string } | Failure> {
  try {
    const { org, ids, decision, reason } = ReviewInput.parse(input);
    const outcome = await reviewPendingRequests({ viewer: await getViewer(), org, ids, decision, reason });
    revalidatePath(`/orgs/${encodeURIComponent(outcome.org)}/requests`);
    return { ok: outcome.failed === 0, message: outcome.message };
  } catch (error) {
    return toFailure(error);
  }
}
