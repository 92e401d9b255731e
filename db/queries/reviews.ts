// Reviewing PAT requests from patwarden: the requests a review names, and one transaction per
// outcome that updates their status and writes their audit entries together.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, grants, patRequests } from "../schema.ts";
import { type AuditResult, type RequestStatus } from "../../model/statuses.ts";
import { recordDecision } from "./audit-decisions.ts";
import { idArray } from "./upsert-helpers.ts";

export type ReviewedRequest = { id: number; tokenId: number; tokenName: string; ownerLogin: string; status: RequestStatus };

export async function listRequestsByIds({ db, orgId, ids }: { db: Db; orgId: number; ids: number[] }): Promise<ReviewedRequest[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: patRequests.id, tokenId: patRequests.tokenId, tokenName: patRequests.tokenName, ownerLogin: patRequests.ownerLogin, status: patRequests.status })
    .from(patRequests)
    .where(and(eq(patRequests.orgId, orgId), sql`${patRequests.id} = any(${idArray(ids)})`));
}

/**
 * Records a review outcome: `status` (when given) on requests still pending, and one audit entry
 * per request. A request a webhook resolved first keeps the webhook's status; a decision the
 * webhook already recorded gets this review linked to its entry rather than a second entry.
 */
export async function recordReviewOutcome({ db, orgId, requests, status, audit, now }: {
  db: Db;
  orgId: number;
  requests: ReviewedRequest[];
  status: Exclude<RequestStatus, "pending"> | null;
  audit: { actor: string; actorType: string; action: string; reason: string; result: AuditResult; details: Record<string, unknown> };
  now: Date;
}): Promise<void> {
  if (requests.length === 0) return;
  await db.transaction(async (tx) => {
    if (status) {
      await tx.update(patRequests).set({ status, resolvedAt: now })
        .where(and(eq(patRequests.orgId, orgId), sql`${patRequests.id} = any(${idArray(requests.map((r) => r.id))})`, eq(patRequests.status, "pending")));
    }
    const details = (r: ReviewedRequest) => ({ ...audit.details, tokenId: r.tokenId, tokenName: r.tokenName, owner: r.ownerLogin });
    if ((status === "approved" || status === "denied") && audit.result === "success") {
      for (const r of requests) {
        await recordDecision({ db: tx, orgId, requestId: r.id, decision: status, entry: { at: now, actor: audit.actor, actorType: audit.actorType, action: audit.action, reason: audit.reason, details: details(r) } });
      }
      return;
    }
    await tx.insert(auditLog).values(requests.map((r) => ({
      at: now, orgId, actor: audit.actor, actorType: audit.actorType, action: audit.action,
      targetType: "pat_request", targetId: String(r.id), reason: audit.reason, result: audit.result, details: details(r),
    })));
  });
}

/** The active grant of each token: an approval creates a grant with the request's token_id. */
export async function findGrantIdsByTokenIds({ db, orgId, tokenIds }: { db: Db; orgId: number; tokenIds: number[] }): Promise<Map<number, number>> {
  if (tokenIds.length === 0) return new Map();
  const rows = await db.select({ id: grants.id, tokenId: grants.tokenId }).from(grants)
    .where(and(eq(grants.orgId, orgId), sql`${grants.tokenId} = any(${idArray(tokenIds)})`, isNull(grants.removedAt)));
  return new Map(rows.map((r) => [r.tokenId, r.id]));
}
