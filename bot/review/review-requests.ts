// Approving or denying pending PAT requests: checked up front (reason length, ids pending in this
// org) so bad input calls nothing; then serial calls of ≤ 100; each request's outcome is written
// to pat_requests and the audit log at once, and approved requests' new grants are fetched with
// the sync engine's token_id[] helper.
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/client.ts";
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { findGrantIdsByTokenIds, listRequestsByIds, recordReviewOutcome, type ReviewedRequest } from "../../db/queries/reviews.ts";
import { InvalidInput, NotFound } from "../../model/errors.ts";
import type { OctokitLike } from "../github/calls.ts";
import { findListedIds } from "../revoke/github-calls.ts";
import { applyIsolating, type IdOutcome } from "../revoke/isolate.ts";
import { checkReason, listIds } from "../revoke/selection.ts";
import { syncGrantsByTokenIds, type SyncResult } from "../sync/index.ts";
import { BULK_REVIEW_MAX, sendBulkReview, sendReviewOnce, sendSingleReview, type ReviewAction } from "./github-calls.ts";

export const REVIEW_ACTIONS = ["approve", "deny"] as const;

export type ReviewResult = {
  requestId: number;
  /** approved/denied as asked; gone: GitHub no longer had it pending (reviewed or withdrawn elsewhere); failed: see error. */
  outcome: "approved" | "denied" | "gone" | "failed";
  error?: string;
  /** The grant an approval created, once fetched. */
  grantId?: number;
};

export type ReviewRequestsOptions = {
  db: Db;
  octokit: OctokitLike;
  orgId: number;
  requestIds: number[];
  action: ReviewAction;
  /** 1–1024 characters; sent to GitHub and kept in the audit log. */
  reason: string;
  actor: string;
  actorType: AppendAuditInput["actorType"];
  /** bulk (default): ≤ 100 requests a call; single: the per-request endpoint. */
  method?: "bulk" | "single";
  pacingMs?: number;
  now?: () => Date;
  /** Kept in each audit entry (auto-review names the policy rule that decided). */
  auditDetails?: Record<string, unknown>;
};

export async function reviewRequests(opts: ReviewRequestsOptions): Promise<{ results: ReviewResult[]; grantSync: SyncResult | null }> {
  const { db, octokit, orgId, action, actor, actorType, method = "bulk", pacingMs = 1000 } = opts;
  const now = opts.now ?? (() => new Date());
  if (!(REVIEW_ACTIONS as readonly string[]).includes(action)) throw new InvalidInput("action", `expected approve or deny, got ${JSON.stringify(action)}`);
  const reason = checkReason(opts.reason);
  const requests = await checkRequests({ db, orgId, ids: opts.requestIds });
  const org = await getOrg({ db, orgId });
  if (!org) throw new NotFound(`organization ${orgId} is not known to patwarden`);
  const byId = new Map(requests.map((r) => [r.id, r]));
  const results = new Map<number, ReviewResult>();
  const done = action === "approve" ? "approved" : "denied";
  let lastCall = 0;
  const paced = async <T>(call: () => Promise<T>) => {
    const wait = lastCall + pacingMs - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      return await call();
    } finally {
      lastCall = Date.now();
    }
  };
  // Requests whose decision got no answer: "gone" afterwards means GitHub made our decision.
  const unanswered = new Set<number>();
  const findStillListed = (ids: number[]) => findListedIds({ octokit, login: org.login, of: "requests", items: ids.map((id) => ({ id, tokenId: byId.get(id)!.tokenId })) });
  const settle = async (ids: number[], outcome: IdOutcome, error?: string): Promise<void> => {
    const ours = outcome === "gone" ? ids.filter((id) => unanswered.has(id)) : [];
    if (ours.length) {
      await settle(ours, "done");
      return settle(ids.filter((id) => !unanswered.has(id)), outcome, error);
    }
    if (ids.length === 0) return;
    const rows = ids.map((id) => byId.get(id)!);
    const status = outcome === "done" ? done : outcome === "gone" ? "gone" : null;
    await recordReviewOutcome({
      db, orgId, requests: rows, status, now: now(),
      audit: {
        actor, actorType, action: `request.${action}`, reason,
        result: outcome === "done" ? "success" : outcome === "gone" ? "skipped" : "failure",
        details: { ...opts.auditDetails, outcome: status ?? "failed", ...(error ? { error } : {}) },
      },
    });
    for (const id of ids) results.set(id, { requestId: id, outcome: status ?? "failed", ...(error ? { error } : {}) });
  };
  const perCall = method === "single" ? 1 : BULK_REVIEW_MAX;
  for (let i = 0; i < requests.length; i += perCall) {
    await applyIsolating({
      ids: requests.slice(i, i + perCall).map((r) => r.id),
      send: (ids) => sendReviewOnce({
        ids, unanswered, findStillListed: () => findStillListed(ids),
        send: () => paced(() => method === "single" && ids.length === 1
          ? sendSingleReview({ octokit, login: org.login, requestId: ids[0]!, action, reason })
          : sendBulkReview({ octokit, login: org.login, requestIds: ids, action, reason })),
      }),
      findStillListed,
      decideOne: async (id) => {
        const r = await sendReviewOnce({
          ids: [id], unanswered, findStillListed: () => findStillListed([id]),
          send: () => paced(() => sendSingleReview({ octokit, login: org.login, requestId: id, action, reason })),
        });
        if (r.ok) return { outcome: "done" };
        return r.kind === "refused" && r.status === 404 ? { outcome: "gone" } : { outcome: "failed", error: r.error };
      },
      settle,
    });
  }
  const approved = [...results.values()].filter((r) => r.outcome === "approved").map((r) => byId.get(r.requestId)!);
  let grantSync: SyncResult | null = null;
  if (approved.length) {
    grantSync = await syncGrantsByTokenIds({ db, octokit, org: { id: org.id, login: org.login }, tokenIds: approved.map((r) => r.tokenId), trigger: "review" });
    const grantIds = await findGrantIdsByTokenIds({ db, orgId, tokenIds: approved.map((r) => r.tokenId) });
    for (const r of approved) {
      const grantId = grantIds.get(r.tokenId);
      if (grantId !== undefined) results.get(r.id)!.grantId = grantId;
    }
  }
  return { results: requests.map((r) => results.get(r.id)!), grantSync };
}

/** Approves or denies one request with the per-request endpoint. */
export async function reviewRequest(opts: Omit<ReviewRequestsOptions, "requestIds" | "method"> & { requestId: number }): Promise<ReviewResult> {
  const { results } = await reviewRequests({ ...opts, requestIds: [opts.requestId], method: "single" });
  return results[0]!;
}

async function checkRequests({ db, orgId, ids }: { db: Db; orgId: number; ids: unknown }): Promise<ReviewedRequest[]> {
  if (!Array.isArray(ids) || ids.length === 0) throw new InvalidInput("ids", "is empty; give at least one request id");
  const bad = ids.find((id) => typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0);
  if (bad !== undefined) throw new InvalidInput("ids", `expected positive whole numbers (request ids), got ${JSON.stringify(bad)}`);
  const list = ids as number[];
  const duplicates = [...new Set(list.filter((id, i) => list.indexOf(id) !== i))];
  if (duplicates.length) throw new InvalidInput("ids", `lists ${listIds(duplicates)} more than once; give each request once`);
  const found = await listRequestsByIds({ db, orgId, ids: list });
  const byId = new Map(found.map((r) => [r.id, r]));
  const unknown = list.filter((id) => !byId.has(id));
  if (unknown.length) throw new InvalidInput("ids", `${listIds(unknown)} ${unknown.length === 1 ? "is not a request" : "are not requests"} of this org; request ids are the "id" column of \`patwarden requests\``);
  const settled = found.filter((r) => r.status !== "pending");
  if (settled.length) {
    throw new InvalidInput("ids", `${settled.map((r) => `${r.id} (${r.status})`).join(", ")} ${settled.length === 1 ? "is" : "are"} no longer pending; only pending requests can be reviewed`);
  }
  return list.map((id) => byId.get(id)!);
}
