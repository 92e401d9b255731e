// A PAT request's decision is one audit entry however many sources report it: patwarden's own
// review (dashboard, CLI, policy) and GitHub's webhook arrive in either order, and whichever comes
// second is linked to the first's entry (audit_sources) instead of appending another.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, auditSources, type AuditSource } from "../schema.ts";

export type Decision = "approved" | "denied";
/** The entry actions that record each decision: patwarden's verb, and the webhook's past tense. */
export const DECISION_ACTIONS: Record<Decision, readonly string[]> = {
  approved: ["request.approve", "request.approved"],
  denied: ["request.deny", "request.denied"],
};

export type DecisionEntry = {
  at?: Date;
  actor: string;
  actorType: string;
  action: string;
  reason?: string | null;
  details: Record<string, unknown>;
  /** X-GitHub-Delivery when a webhook reports it. */
  deliveryId?: string;
};

type Tx = Pick<Db, "select" | "insert" | "execute">;

/**
 * Appends the decision's entry, or links this source to the entry already there. Call inside a
 * transaction: the advisory lock on the request makes two sources arriving together see each other.
 */
export async function recordDecision({ db, orgId, requestId, decision, entry }: {
  db: Tx; orgId: number; requestId: number; decision: Decision; entry: DecisionEntry;
}): Promise<{ auditId: number; linked: boolean }> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`pat_request_decision:${orgId}:${requestId}`}, 0))`);
  const [existing] = await db.select({ id: auditLog.id }).from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), eq(auditLog.targetType, "pat_request"), eq(auditLog.targetId, String(requestId)),
      inArray(auditLog.action, [...DECISION_ACTIONS[decision]]), eq(auditLog.result, "success")))
    .orderBy(asc(auditLog.id)).limit(1);
  if (existing) {
    await db.insert(auditSources).values({
      auditId: existing.id, at: entry.at, actor: entry.actor, actorType: entry.actorType,
      deliveryId: entry.deliveryId ?? null, reason: entry.reason ?? null, details: { action: entry.action, ...entry.details },
    });
    return { auditId: existing.id, linked: true };
  }
  const [row] = await db.insert(auditLog).values({
    at: entry.at, orgId, actor: entry.actor, actorType: entry.actorType, action: entry.action, targetType: "pat_request",
    targetId: String(requestId), reason: entry.reason ?? null, result: "success",
    details: { ...entry.details, ...(entry.deliveryId ? { deliveryId: entry.deliveryId } : {}) },
  }).returning({ id: auditLog.id });
  return { auditId: row!.id, linked: false };
}

/** The linked sources of these entries, oldest first per entry. */
export async function listAuditSources({ db, auditIds }: { db: Db; auditIds: number[] }): Promise<Map<number, AuditSource[]>> {
  const out = new Map<number, AuditSource[]>();
  if (auditIds.length === 0) return out;
  const rows = await db.select().from(auditSources).where(inArray(auditSources.auditId, auditIds)).orderBy(asc(auditSources.id));
  for (const r of rows) out.set(r.auditId, [...(out.get(r.auditId) ?? []), r]);
  return out;
}
