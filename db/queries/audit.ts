// The append-only audit log (a trigger refuses UPDATE and DELETE): who did what, when, why, and the result.
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, type AuditEntry, type AuditResult } from "../schema.ts";

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
