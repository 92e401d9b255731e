// Stored compliance reports (the JSON document is the source; CSV and Markdown render from it),
// and the reads a report needs about the period since the previous one.
import { and, asc, count, desc, eq, gt, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, patRequests, reports, type AuditEntry, type Report } from "../schema.ts";
import type { TimeCursor } from "../../model/time-cursor.ts";
import { readTimeKeyset, type TimeKeysetPage } from "./time-keyset.ts";

export type NewReportRow = Omit<typeof reports.$inferInsert, "id">;
/** A report without its (possibly large) document: for lists. */
export type ReportListItem = Omit<Report, "document">;

/** One statement: a report is stored whole or not at all. */
export async function insertReport({ db, report }: { db: Db; report: NewReportRow }): Promise<Report> {
  const [row] = await db.insert(reports).values(report).returning();
  return row!;
}

export async function updateReportDelivery({ db, orgId, id, delivery }: {
  db: Db; orgId: number; id: number; delivery: Record<string, unknown>;
}): Promise<void> {
  await db.update(reports).set({ delivery }).where(and(eq(reports.orgId, orgId), eq(reports.id, id)));
}

const LIST_COLUMNS = {
  id: reports.id, orgId: reports.orgId, trigger: reports.trigger, requestedBy: reports.requestedBy,
  generatedAt: reports.generatedAt, periodStart: reports.periodStart, previousReportId: reports.previousReportId,
  schemaVersion: reports.schemaVersion, summary: reports.summary, delivery: reports.delivery,
};

/** Newest first, without documents. */
export async function listReports({ db, orgId, limit = 50 }: { db: Db; orgId: number; limit?: number }): Promise<ReportListItem[]> {
  return (await listReportPage({ db, orgId, limit })).rows;
}

/** Newest first by (generatedAt, id); `before`/`after` a cursor (model/time-cursor.ts): the older/newer reports past it. */
export async function listReportPage({ db, orgId, limit = 50, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<TimeKeysetPage<ReportListItem>> {
  return readTimeKeyset({
    list: "reports", at: reports.generatedAt, id: reports.id, order: "desc", after, before, limit: Math.min(limit, 500),
    read: async ({ where, orderBy, limit: n, key }) =>
      (await db.select({ row: LIST_COLUMNS, key }).from(reports).where(and(eq(reports.orgId, orgId), where)).orderBy(...orderBy).limit(n))
        .map((r) => ({ ...r, id: r.row.id })),
  });
}

export async function getReport({ db, orgId, id }: { db: Db; orgId: number; id: number }): Promise<Report | null> {
  const [row] = await db.select().from(reports).where(and(eq(reports.orgId, orgId), eq(reports.id, id)));
  return row ?? null;
}

/** The org's most recent report (by generatedAt), or null before the first. */
export async function getLatestReport({ db, orgId }: { db: Db; orgId: number }): Promise<Report | null> {
  const [row] = await db.select().from(reports).where(eq(reports.orgId, orgId))
    .orderBy(desc(reports.generatedAt), desc(reports.id)).limit(1);
  return row ?? null;
}

/**
 * The stored report a new one is compared with ("changes since the previous report"): the latest
 * scheduled report when the org has one, so the schedule's series is never broken by an ad-hoc run
 * and an ad-hoc run or preview is compared with what people last received; else the latest of any kind.
 */
export async function getBaselineReport({ db, orgId }: { db: Db; orgId: number }): Promise<Report | null> {
  const [scheduled] = await db.select().from(reports).where(and(eq(reports.orgId, orgId), eq(reports.trigger, "schedule")))
    .orderBy(desc(reports.generatedAt), desc(reports.id)).limit(1);
  return scheduled ?? getLatestReport({ db, orgId });
}

/** The delivery record of the org's latest report that created an issue (so later reports update it). */
export async function findLastReportIssue({ db, orgId }: { db: Db; orgId: number }): Promise<Record<string, unknown> | null> {
  const [row] = await db.select({ delivery: reports.delivery }).from(reports)
    .where(and(eq(reports.orgId, orgId), sql`${reports.delivery} -> 'issue' is not null`))
    .orderBy(desc(reports.generatedAt), desc(reports.id)).limit(1);
  return row?.delivery ?? null;
}

export async function countPendingRequests({ db, orgId }: { db: Db; orgId: number }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(patRequests).where(and(eq(patRequests.orgId, orgId), eq(patRequests.status, "pending")));
  return Number(row?.n ?? 0);
}

/**
 * Audit entries of these actions in [since, until), oldest first, keyset-paged by id so a period
 * with many revocations is read in bounded chunks.
 */
export async function listAuditInPeriod({ db, orgId, actions, since, until, afterId = 0, limit = 1000 }: {
  db: Db; orgId: number; actions: string[]; since: Date | null; until: Date; afterId?: number; limit?: number;
}): Promise<AuditEntry[]> {
  return db.select().from(auditLog)
    .where(and(
      eq(auditLog.orgId, orgId),
      inArray(auditLog.action, actions),
      since ? gte(auditLog.at, since) : undefined,
      lt(auditLog.at, until),
      gt(auditLog.id, afterId),
    ))
    .orderBy(asc(auditLog.id))
    .limit(Math.min(limit, 5000));
}
