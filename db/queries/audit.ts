// The append-only audit log (a trigger refuses UPDATE and DELETE): who did what, when, why, and the result.
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, auditSources, type AuditEntry } from "../schema.ts";
import { DECISION_ACTIONS } from "./audit-decisions.ts";
import { type AuditResult } from "../../model/statuses.ts";

export type AppendAuditInput = {
  db: Db;
  orgId: number | null;
  /** A GitHub login, "patwarden", or "github" for webhook-driven changes. */
  actor: string;
  actorType: "user" | "app" | "webhook" | "cli" | "scheduler";
  action: string;
  targetType?: string;
  targetId?: string | number;
  reason?: string;
  result: AuditResult;
  details?: Record<string, unknown>;
  at?: Date;
};

export async function appendAudit({ db, targetId, details = {}, ...entry }: AppendAuditInput): Promise<number> {
  const [row] = await db
    .insert(auditLog)
    .values({ ...entry, targetId: targetId === undefined ? undefined : String(targetId), details })
    .returning({ id: auditLog.id });
  return row!.id;
}

export type AuditFilter = {
  action?: string;
  actor?: string;
  targetType?: string;
  targetId?: string | number;
  since?: Date;
  until?: Date;
  /** Keyset pagination: entries with an id below this one. */
  beforeId?: number;
  limit?: number;
};

/** Newest first. */
export async function listAudit({ db, orgId, filter = {} }: { db: Db; orgId: number; filter?: AuditFilter }): Promise<AuditEntry[]> {
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.orgId, orgId),
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.actor ? eq(auditLog.actor, filter.actor) : undefined,
    filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
    filter.targetId !== undefined ? eq(auditLog.targetId, String(filter.targetId)) : undefined,
    filter.since ? gte(auditLog.at, filter.since) : undefined,
    filter.until ? lt(auditLog.at, filter.until) : undefined,
    filter.beforeId !== undefined ? lt(auditLog.id, filter.beforeId) : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(Math.min(filter.limit ?? 100, 1000));
}

export type AuditPageFilter = {
  /** Compared without case: GitHub logins are case-insensitive. */
  actor?: string;
  action?: string;
  since?: Date;
  until?: Date;
};

/** A request decision is one entry whichever source recorded it first: either name finds it. */
function actionCondition(action: string): SQL {
  const same = Object.values(DECISION_ACTIONS).find((names) => names.includes(action));
  return same ? inArray(auditLog.action, [...same]) : eq(auditLog.action, action);
}

function auditPageConditions({ orgId, filter }: { orgId: number; filter: AuditPageFilter }): (SQL | undefined)[] {
  return [
    eq(auditLog.orgId, orgId),
    // The entry's actor, or anyone linked to it as a source (a review the webhook recorded first).
    filter.actor
      ? sql`(lower(${auditLog.actor}) = lower(${filter.actor}) or exists (select 1 from ${auditSources} where ${auditSources.auditId} = ${auditLog.id} and lower(${auditSources.actor}) = lower(${filter.actor})))`
      : undefined,
    filter.action ? actionCondition(filter.action) : undefined,
    filter.since ? gte(auditLog.at, filter.since) : undefined,
    filter.until ? lt(auditLog.at, filter.until) : undefined,
  ];
}

/**
 * The audit log page and its CSV export: newest entry first by id, so the keyset cursor
 * (`beforeId`) is exact even where `at` values were supplied out of insertion order.
 */
export async function listAuditPage({ db, orgId, filter = {}, beforeId, limit = 100 }: {
  db: Db; orgId: number; filter?: AuditPageFilter; beforeId?: number; limit?: number;
}): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(...auditPageConditions({ orgId, filter }), beforeId !== undefined ? lt(auditLog.id, beforeId) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(Math.min(limit, 1000));
}

export async function countAuditPage({ db, orgId, filter = {} }: { db: Db; orgId: number; filter?: AuditPageFilter }): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(and(...auditPageConditions({ orgId, filter })));
  return Number(row?.n ?? 0);
}

/** The actions and actors recorded for an org, for the filter's choices. */
export async function listAuditFacets({ db, orgId }: { db: Db; orgId: number }): Promise<{ actions: string[]; actors: string[] }> {
  const [actions, actors] = await Promise.all([
    db.selectDistinct({ v: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(auditLog.action),
    db.selectDistinct({ v: auditLog.actor }).from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(auditLog.actor).limit(500),
  ]);
  return { actions: actions.map((r) => r.v), actors: actors.map((r) => r.v) };
}
