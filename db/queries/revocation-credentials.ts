// The SSO-credential side of revocation jobs: the credentials a selection names, overlaps with
// unfinished jobs, per-item progress, and the one transaction that settles an item (status, job
// counter, audit entry, inventory removal) so each outcome and its audit entry are written once.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import {
  auditLog, credentials, revocationCredentialItems, revocationJobs,
  type NewRevocationCredentialItem, type RevocationCredentialItem, type RevocationJob,
} from "../schema.ts";
import type { RevocationItemStatus } from "../../model/statuses.ts";
import { idArray } from "./upsert-helpers.ts";

type FinalItemStatus = Extract<RevocationItemStatus, "revoked" | "already_gone" | "failed">;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type SelectedCredential = {
  credentialId: number; login: string; credentialType: string; tokenLastEight: string | null;
  title: string | null; note: string | null; accessedAt: Date | null; expiresAt: Date | null; removedAt: Date | null;
};

const SELECTED = {
  credentialId: credentials.credentialId, login: credentials.login, credentialType: credentials.credentialType,
  tokenLastEight: credentials.tokenLastEight, title: credentials.title, note: credentials.note,
  accessedAt: credentials.accessedAt, expiresAt: credentials.expiresAt, removedAt: credentials.removedAt,
};

/** This org's credentials (active or removed) among these authorization ids, by id. */
export async function listCredentialsByIds({ db, orgId, ids }: { db: Db; orgId: number; ids: number[] }): Promise<SelectedCredential[]> {
  if (ids.length === 0) return [];
  return db.select(SELECTED).from(credentials)
    .where(and(eq(credentials.orgId, orgId), sql`${credentials.credentialId} = any(${idArray(ids)})`))
    .orderBy(asc(credentials.credentialId));
}

/** Every active credential authorization one person holds in the org (login compared case-insensitively). */
export async function listActiveCredentialsOf({ db, orgId, login }: { db: Db; orgId: number; login: string }): Promise<SelectedCredential[]> {
  return db.select(SELECTED).from(credentials)
    .where(and(eq(credentials.orgId, orgId), sql`lower(${credentials.login}) = lower(${login})`, isNull(credentials.removedAt)))
    .orderBy(asc(credentials.credentialId));
}

/** Ids of unfinished jobs (queued or running, not dry runs) with these credentials pending or in flight. */
export async function findJobsHoldingCredentials({ db, orgId, credentialIds }: { db: Db | Tx; orgId: number; credentialIds: number[] }): Promise<{ jobId: number; n: number }[]> {
  if (credentialIds.length === 0) return [];
  const rows = await db
    .select({ jobId: revocationCredentialItems.jobId, n: sql<number>`count(*)::int` })
    .from(revocationCredentialItems)
    .innerJoin(revocationJobs, eq(revocationJobs.id, revocationCredentialItems.jobId))
    .where(and(eq(revocationCredentialItems.orgId, orgId), sql`${revocationCredentialItems.credentialId} = any(${idArray(credentialIds)})`,
      inArray(revocationCredentialItems.status, ["pending", "in_flight"]),
      eq(revocationJobs.dryRun, false), inArray(revocationJobs.status, ["queued", "running"])))
    .groupBy(revocationCredentialItems.jobId);
  return rows.map((r) => ({ jobId: Number(r.jobId), n: Number(r.n) }));
}

export async function insertCredentialItems({ db, jobId, items }: {
  db: Db | Tx; jobId: number; items: Omit<NewRevocationCredentialItem, "jobId">[];
}): Promise<void> {
  for (let i = 0; i < items.length; i += 2_000) {
    await db.insert(revocationCredentialItems).values(items.slice(i, i + 2_000).map((it) => ({ ...it, jobId })));
  }
}

export async function countCredentialItemsByStatus({ db, jobId }: { db: Db; jobId: number }): Promise<Partial<Record<RevocationItemStatus, number>>> {
  const rows = await db.select({ status: revocationCredentialItems.status, n: sql<number>`count(*)::int` })
    .from(revocationCredentialItems).where(eq(revocationCredentialItems.jobId, jobId)).groupBy(revocationCredentialItems.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function listCredentialItemRows({ db, jobId, status, afterCredentialId = 0, limit = 1000 }: {
  db: Db; jobId: number; status?: RevocationItemStatus[]; afterCredentialId?: number; limit?: number;
}): Promise<RevocationCredentialItem[]> {
  return db.select().from(revocationCredentialItems)
    .where(and(eq(revocationCredentialItems.jobId, jobId), status?.length ? inArray(revocationCredentialItems.status, status) : undefined,
      sql`${revocationCredentialItems.credentialId} > ${afterCredentialId}`))
    .orderBy(asc(revocationCredentialItems.credentialId))
    .limit(limit);
}

/** The job's credentials still to remove (pending, or in flight when a runner stopped), by id. */
export async function listUnfinishedCredentialItems({ db, jobId }: { db: Db; jobId: number }): Promise<RevocationCredentialItem[]> {
  return listCredentialItemRows({ db, jobId, status: ["pending", "in_flight"], limit: 100_000 });
}

/** Persisted before the DELETE: a crash after this leaves the item visibly in flight. */
export async function markCredentialInFlight({ db, jobId, credentialId, now }: { db: Db; jobId: number; credentialId: number; now: Date }): Promise<void> {
  await db.update(revocationCredentialItems)
    .set({ status: "in_flight", attempts: sql`${revocationCredentialItems.attempts} + 1`, updatedAt: now })
    .where(and(eq(revocationCredentialItems.jobId, jobId), eq(revocationCredentialItems.credentialId, credentialId),
      inArray(revocationCredentialItems.status, ["pending", "in_flight"])));
}

/** An attempt that will be tried again (an outage): back to pending with the error, so the job shows why. */
export async function noteCredentialError({ db, jobId, credentialId, error, now }: {
  db: Db; jobId: number; credentialId: number; error: string; now: Date;
}): Promise<void> {
  await db.update(revocationCredentialItems).set({ status: "pending", lastError: error, updatedAt: now })
    .where(and(eq(revocationCredentialItems.jobId, jobId), eq(revocationCredentialItems.credentialId, credentialId),
      inArray(revocationCredentialItems.status, ["pending", "in_flight"])));
}

/** Of these credentials, the ones the inventory already shows removed. */
export async function listRemovedCredentialIds({ db, orgId, ids }: { db: Db; orgId: number; ids: number[] }): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: credentials.credentialId }).from(credentials)
    .where(and(eq(credentials.orgId, orgId), sql`${credentials.credentialId} = any(${idArray(ids)})`, sql`${credentials.removedAt} is not null`));
  return rows.map((r) => r.id);
}

const AUDIT_RESULT = { revoked: "success", already_gone: "skipped", failed: "failure" } as const;
const JOB_COUNTER = { revoked: revocationJobs.revoked, already_gone: revocationJobs.alreadyGone, failed: revocationJobs.failed } as const;

/**
 * Gives credential items their final outcome. Only items not yet final change, and only they get
 * an audit entry (`credential.remove`) and a counter increment: settling twice writes nothing new.
 * Removed and already-gone credentials leave the active inventory as revoked by patwarden.
 */
export async function settleCredentialItems({ db, job, ids, status, error, now }: {
  db: Db; job: RevocationJob; ids: number[]; status: FinalItemStatus; error?: string; now: Date;
}): Promise<RevocationCredentialItem[]> {
  if (ids.length === 0) return [];
  return db.transaction(async (tx) => {
    const settled = await tx.update(revocationCredentialItems)
      .set({ status, lastError: error ?? null, updatedAt: now })
      .where(and(eq(revocationCredentialItems.jobId, job.id), sql`${revocationCredentialItems.credentialId} = any(${idArray(ids)})`,
        inArray(revocationCredentialItems.status, ["pending", "in_flight"])))
      .returning();
    if (settled.length === 0) return [];
    const key = status === "already_gone" ? "alreadyGone" : status;
    await tx.update(revocationJobs).set({ [key]: sql`${JOB_COUNTER[status]} + ${settled.length}`, updatedAt: now }).where(eq(revocationJobs.id, job.id));
    await tx.insert(auditLog).values(settled.map((it) => ({
      at: now, orgId: job.orgId, actor: job.requestedBy, actorType: job.actorType,
      action: "credential.remove", targetType: "credential", targetId: String(it.credentialId), reason: job.reason, result: AUDIT_RESULT[status],
      details: {
        jobId: job.id, outcome: status, login: it.login, credentialType: it.credentialType, tokenLastEight: it.tokenLastEight, title: it.title,
        attempts: it.attempts, ...(job.offboardingId ? { offboardingId: job.offboardingId } : {}), ...(error ? { error } : {}),
      },
    })));
    if (status !== "failed") {
      await tx.update(credentials).set({ removedAt: now, removalReason: "revoked_by_patwarden", updatedAt: now })
        .where(and(eq(credentials.orgId, job.orgId), sql`${credentials.credentialId} = any(${idArray(settled.map((s) => s.credentialId))})`, isNull(credentials.removedAt)));
    }
    return settled;
  });
}
