// Revocation jobs and their frozen items: creation, the per-job lease, batch progress, and the
// one transaction that settles items (status, job counters, audit entry, inventory removal) so an
// item's outcome and its audit entry are written exactly once.
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, grants, type NewAuditEntry, revocationCredentialItems, revocationItems, revocationJobs, type NewRevocationCredentialItem, type NewRevocationItem, type NewRevocationJob, type RevocationItem, type RevocationJob } from "../schema.ts";
import { type RevocationItemStatus, type RevocationJobStatus } from "../../model/statuses.ts";
import { recordGrantEvents } from "./grant-events.ts";
import { removedEvent } from "./grant-sync.ts";
import { findOverlappingJobs, withOrgLock, type OverlappingJob } from "./revocation-overlap.ts";
import { idArray } from "./upsert-helpers.ts";
import { countCredentialItemsByStatus, insertCredentialItems } from "./revocation-credentials.ts";
import type { TimeCursor } from "../../model/time-cursor.ts";
import { readTimeKeyset, type TimeKeysetPage } from "./time-keyset.ts";

export type InsertRevocationJobResult = { job: RevocationJob; overlapping?: undefined } | { job?: undefined; overlapping: OverlappingJob[] };

/**
 * Inserts a job, its items and the audit entry naming the job in one transaction: all or nothing.
 * Under the org's row lock, a job (not a dry run) whose grants an unfinished job already holds is
 * not inserted: the overlapping jobs are returned instead.
 */
export async function insertRevocationJob({ db, job, items, credentialItems = [], audit }: {
  db: Db; job: NewRevocationJob; items: Omit<NewRevocationItem, "jobId">[];
  /** SSO credential authorizations the job removes (after its grants). */
  credentialItems?: Omit<NewRevocationCredentialItem, "jobId">[];
  audit: Omit<NewAuditEntry, "targetId">;
}): Promise<InsertRevocationJobResult> {
  return withOrgLock({ db, orgId: job.orgId, work: async (tx) => {
    if (!job.dryRun) {
      const overlapping = await findOverlappingJobs({
        db: tx, orgId: job.orgId, grantIds: items.map((it) => it.grantId), credentialIds: credentialItems.map((c) => c.credentialId),
      });
      if (overlapping.length) return { overlapping };
    }
    const [row] = await tx.insert(revocationJobs).values(job).returning();
    await tx.insert(auditLog).values({ ...audit, targetId: String(row!.id) });
    // 8 parameters a row; chunks stay far below Postgres' 65,535-parameter limit.
    for (let i = 0; i < items.length; i += 2_000) {
      await tx.insert(revocationItems).values(items.slice(i, i + 2_000).map((it) => ({ ...it, jobId: row!.id })));
    }
    await insertCredentialItems({ db: tx, jobId: row!.id, items: credentialItems });
    return { job: row! };
  } });
}

export async function getRevocationJobRow({ db, jobId }: { db: Db; jobId: number }): Promise<RevocationJob | undefined> {
  const [row] = await db.select().from(revocationJobs).where(eq(revocationJobs.id, jobId));
  return row;
}

export async function listRevocationJobRows({ db, orgId, limit = 50 }: { db: Db; orgId: number; limit?: number }): Promise<RevocationJob[]> {
  return (await listRevocationJobPage({ db, orgId, limit })).rows;
}

/** Newest first by (createdAt, id); `before`/`after` a cursor (model/time-cursor.ts): the older/newer jobs past it. */
export async function listRevocationJobPage({ db, orgId, limit = 50, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<TimeKeysetPage<RevocationJob & { credentials: number }>> {
  // Each job's credential items counted in the same query (an index-only count on their primary
  // key), so a list says what each job removes without a read per job.
  const credentials = sql<number>`(select count(*)::int from ${revocationCredentialItems} where ${revocationCredentialItems.jobId} = ${revocationJobs.id})`;
  return readTimeKeyset({
    list: "revocations", at: revocationJobs.createdAt, id: revocationJobs.id, order: "desc", after, before, limit: Math.min(limit, 500),
    read: async ({ where, orderBy, limit: n, key }) =>
      (await db.select({ row: revocationJobs, credentials, key }).from(revocationJobs).where(and(eq(revocationJobs.orgId, orgId), where)).orderBy(...orderBy).limit(n))
        .map((r) => ({ row: { ...r.row, credentials: Number(r.credentials) }, key: r.key, id: r.row.id })),
  });
}

/** Jobs a resume should look at: queued or running, not dry runs; `leaseFree` by database time. */
export async function listUnfinishedJobs({ db }: { db: Db }): Promise<{ id: number; leaseOwner: string | null; leaseFree: boolean }[]> {
  return db
    .select({
      id: revocationJobs.id,
      leaseOwner: revocationJobs.leaseOwner,
      leaseFree: sql<boolean>`(${revocationJobs.leaseUntil} is null or ${revocationJobs.leaseUntil} < now())`,
    })
    .from(revocationJobs)
    .where(and(inArray(revocationJobs.status, ["queued", "running"]), eq(revocationJobs.dryRun, false)))
    .orderBy(asc(revocationJobs.id));
}

/** A job's items by status (grant and credential items together: one job, one progress), and how many are credentials. */
export async function countItemsByStatus({ db, jobId }: { db: Db; jobId: number }): Promise<{ byStatus: Record<RevocationItemStatus, number>; credentials: number }> {
  const rows = await db
    .select({ status: revocationItems.status, n: sql<number>`count(*)::int` })
    .from(revocationItems)
    .where(eq(revocationItems.jobId, jobId))
    .groupBy(revocationItems.status);
  const out: Record<RevocationItemStatus, number> = { pending: 0, in_flight: 0, revoked: 0, already_gone: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  let credentials = 0;
  for (const [status, n] of Object.entries(await countCredentialItemsByStatus({ db, jobId }))) {
    out[status as RevocationItemStatus] += n;
    credentials += n;
  }
  return { byStatus: out, credentials };
}

export async function listRevocationItemRows({ db, jobId, status, afterGrantId = 0, limit = 1000 }: {
  db: Db; jobId: number; status?: RevocationItemStatus[]; afterGrantId?: number; limit?: number;
}): Promise<RevocationItem[]> {
  return db
    .select()
    .from(revocationItems)
    .where(and(
      eq(revocationItems.jobId, jobId),
      status?.length ? inArray(revocationItems.status, status) : undefined,
      sql`${revocationItems.grantId} > ${afterGrantId}`,
    ))
    .orderBy(asc(revocationItems.grantId))
    .limit(limit);
}

/** The unfinished items of the lowest batch that still has any (batches run in order). */
export async function nextUnfinishedBatch({ db, jobId }: { db: Db; jobId: number }): Promise<RevocationItem[]> {
  const unfinished = and(eq(revocationItems.jobId, jobId), inArray(revocationItems.status, ["pending", "in_flight"]));
  const [first] = await db.select({ batch: sql<number>`min(${revocationItems.batch})::int` }).from(revocationItems).where(unfinished);
  if (first?.batch === null || first?.batch === undefined) return [];
  return db.select().from(revocationItems).where(and(unfinished, eq(revocationItems.batch, first.batch))).orderBy(asc(revocationItems.grantId));
}

/** Persisted before the call: a crash after this leaves the batch visibly in flight. */
export async function markItemsInFlight({ db, jobId, grantIds, now }: { db: Db; jobId: number; grantIds: number[]; now: Date }): Promise<void> {
  if (grantIds.length === 0) return;
  await db
    .update(revocationItems)
    .set({ status: "in_flight", attempts: sql`${revocationItems.attempts} + 1`, updatedAt: now })
    .where(and(eq(revocationItems.jobId, jobId), sql`${revocationItems.grantId} = any(${idArray(grantIds)})`,
      inArray(revocationItems.status, ["pending", "in_flight"])));
}

/** Records why an attempt failed on items that will be tried again. */
export async function noteItemsError({ db, jobId, grantIds, error, now }: {
  db: Db; jobId: number; grantIds: number[]; error: string; now: Date;
}): Promise<void> {
  if (grantIds.length === 0) return;
  await db.update(revocationItems).set({ lastError: error, updatedAt: now })
    .where(and(eq(revocationItems.jobId, jobId), sql`${revocationItems.grantId} = any(${idArray(grantIds)})`));
}

export type FinalItemStatus = Extract<RevocationItemStatus, "revoked" | "already_gone" | "failed">;

const AUDIT_RESULT = { revoked: "success", already_gone: "skipped", failed: "failure" } as const;
const JOB_COUNTER = { revoked: revocationJobs.revoked, already_gone: revocationJobs.alreadyGone, failed: revocationJobs.failed } as const;

/**
 * Gives items their final outcome. Only items still pending or in flight change, and only those
 * get an audit entry and a counter increment: settling twice (a resumed runner) writes nothing new.
 * Revoked and already-gone grants leave the active inventory as revoked by patwarden.
 */
export async function settleItems({ db, job, grantIds, status, error, now }: {
  db: Db; job: RevocationJob; grantIds: number[]; status: FinalItemStatus; error?: string; now: Date;
}): Promise<RevocationItem[]> {
  if (grantIds.length === 0) return [];
  return db.transaction(async (tx) => {
    const settled = await tx
      .update(revocationItems)
      .set({ status, lastError: error ?? null, updatedAt: now })
      .where(and(eq(revocationItems.jobId, job.id), sql`${revocationItems.grantId} = any(${idArray(grantIds)})`,
        inArray(revocationItems.status, ["pending", "in_flight"])))
      .returning();
    if (settled.length === 0) return [];
    const counter = JOB_COUNTER[status];
    await tx.update(revocationJobs).set({ [counterKey(status)]: sql`${counter} + ${settled.length}`, updatedAt: now })
      .where(eq(revocationJobs.id, job.id));
    await tx.insert(auditLog).values(settled.map((it) => ({
      at: now,
      orgId: job.orgId,
      actor: job.requestedBy,
      actorType: job.actorType,
      action: "grant.revoke",
      targetType: "grant",
      targetId: String(it.grantId),
      reason: job.reason,
      result: AUDIT_RESULT[status],
      details: {
        jobId: job.id, outcome: status, tokenId: it.tokenId, tokenName: it.tokenName, owner: it.ownerLogin,
        attempts: it.attempts, ...(error ? { error } : {}),
      },
    })));
    if (status !== "failed") {
      const removed = await tx.update(grants)
        .set({ removedAt: now, removalReason: "revoked_by_patwarden", updatedAt: now })
        .where(and(eq(grants.orgId, job.orgId), sql`${grants.id} = any(${idArray(settled.map((s) => s.grantId))})`, isNull(grants.removedAt)))
        .returning({ id: grants.id });
      await recordGrantEvents({ db: tx, events: removed.map((g) => removedEvent({ orgId: job.orgId, grantId: g.id, reason: "revoked_by_patwarden", at: now })) });
    }
    return settled;
  });
}

function counterKey(status: FinalItemStatus): "revoked" | "alreadyGone" | "failed" {
  return status === "already_gone" ? "alreadyGone" : status;
}

export type SelectedGrant = {
  id: number; tokenId: number; tokenName: string; ownerLogin: string;
  tokenLastUsedAt: Date | null; tokenExpiresAt: Date | null; removedAt: Date | null;
};

const SELECTED_COLUMNS = {
  id: grants.id, tokenId: grants.tokenId, tokenName: grants.tokenName, ownerLogin: grants.ownerLogin,
  tokenLastUsedAt: grants.tokenLastUsedAt, tokenExpiresAt: grants.tokenExpiresAt, removedAt: grants.removedAt,
};

/** This org's grants (active or removed) among these ids, by id. */
export async function listGrantsByIds({ db, orgId, grantIds }: { db: Db; orgId: number; grantIds: number[] }): Promise<SelectedGrant[]> {
  const out: SelectedGrant[] = [];
  for (let i = 0; i < grantIds.length; i += 10_000) {
    out.push(...await db.select(SELECTED_COLUMNS).from(grants)
      .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(grantIds.slice(i, i + 10_000))})`))
      .orderBy(asc(grants.id)));
  }
  return out;
}

/** Grants of these ids the inventory already shows removed (another job, or a sync that verified it). */
export async function listRemovedGrantIds({ db, orgId, grantIds }: { db: Db; orgId: number; grantIds: number[] }): Promise<number[]> {
  if (grantIds.length === 0) return [];
  const rows = await db.select({ id: grants.id }).from(grants)
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(grantIds)})`, sql`${grants.removedAt} is not null`));
  return rows.map((r) => r.id);
}

/** Of these grants, the ones a revocation job of patwarden revoked (or found already gone). */
export async function listGrantsRevokedByPatwarden({ db, orgId, grantIds }: { db: Db; orgId: number; grantIds: number[] }): Promise<number[]> {
  if (grantIds.length === 0) return [];
  const rows = await db.selectDistinct({ id: revocationItems.grantId }).from(revocationItems)
    .where(and(eq(revocationItems.orgId, orgId), sql`${revocationItems.grantId} = any(${idArray(grantIds)})`,
      inArray(revocationItems.status, ["revoked", "already_gone"])));
  return rows.map((r) => r.id);
}

export async function setJobStatus({ db, jobId, status, lastError, now }: {
  db: Db; jobId: number; status: RevocationJobStatus; lastError?: string | null; now: Date;
}): Promise<void> {
  const finished = status === "succeeded" || status === "failed";
  await db.update(revocationJobs)
    .set({
      status,
      updatedAt: now,
      ...(lastError !== undefined ? { lastError } : {}),
      ...(status === "running" ? { startedAt: sql`coalesce(${revocationJobs.startedAt}, ${now.toISOString()}::timestamptz)` } : {}),
      ...(finished ? { finishedAt: now } : {}),
    })
    .where(eq(revocationJobs.id, jobId));
}

/**
 * Takes the job's lease if it is free, expired or already ours (or held by `takeOverFrom`, a
 * runner known to be dead). Database time, so process clocks do not matter.
 */
export async function acquireJobLease({ db, jobId, owner, ttlMs, takeOverFrom }: {
  db: Db; jobId: number; owner: string; ttlMs: number; takeOverFrom?: string;
}): Promise<boolean> {
  const out = await db
    .update(revocationJobs)
    .set({ leaseOwner: owner, leaseUntil: sql`now() + ${ttlMs} * interval '1 millisecond'` })
    .where(and(eq(revocationJobs.id, jobId),
      or(isNull(revocationJobs.leaseOwner), lt(revocationJobs.leaseUntil, sql`now()`), eq(revocationJobs.leaseOwner, owner),
        takeOverFrom ? eq(revocationJobs.leaseOwner, takeOverFrom) : undefined)))
    .returning({ id: revocationJobs.id });
  return out.length === 1;
}

/** False means another runner took the job over (ours had expired). */
export async function renewJobLease({ db, jobId, owner, ttlMs }: { db: Db; jobId: number; owner: string; ttlMs: number }): Promise<boolean> {
  const out = await db
    .update(revocationJobs)
    .set({ leaseUntil: sql`now() + ${ttlMs} * interval '1 millisecond'` })
    .where(and(eq(revocationJobs.id, jobId), eq(revocationJobs.leaseOwner, owner)))
    .returning({ id: revocationJobs.id });
  return out.length === 1;
}

export async function releaseJobLease({ db, jobId, owner }: { db: Db; jobId: number; owner: string }): Promise<void> {
  await db.update(revocationJobs).set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(revocationJobs.id, jobId), eq(revocationJobs.leaseOwner, owner)));
}
