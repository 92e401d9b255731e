// Which unfinished revocation jobs already hold some of these grants. Two jobs sending the same
// grants side by side would each count them (a partial 202 answers "revoked" to both), so a new
// job is created only when none overlaps, checked and inserted under the org's row lock.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { orgs, revocationCredentialItems, revocationItems, revocationJobs } from "../schema.ts";
import type { RevocationJobStatus } from "../../model/statuses.ts";
import { idArray } from "./upsert-helpers.ts";
import { findJobsHoldingCredentials } from "./revocation-credentials.ts";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type OverlappingJob = {
  id: number;
  status: RevocationJobStatus;
  total: number;
  /** Grants of the job not yet final (pending or in flight). */
  left: number;
  /** How many of the asked-for grants are among them. */
  overlap: number;
  /** A runner holds the job's lease right now (database time). */
  leaseLive: boolean;
};

/**
 * Unfinished jobs (queued or running, not dry runs) of the org with pending or in-flight items among
 * `grantIds`, oldest first. A failed job is finished: its grants are free for a new job.
 */
export async function findOverlappingJobs({ db, orgId, grantIds, credentialIds = [] }: {
  db: Db | Tx; orgId: number; grantIds: number[];
  /** SSO credential authorization ids: the same rule holds for credential items. */
  credentialIds?: number[];
}): Promise<OverlappingJob[]> {
  const unfinished = inArray(revocationItems.status, ["pending", "in_flight"]);
  const grantHits = grantIds.length === 0 ? [] : await db
    .select({ jobId: revocationItems.jobId, n: sql<number>`count(*)::int` })
    .from(revocationItems)
    .innerJoin(revocationJobs, eq(revocationJobs.id, revocationItems.jobId))
    .where(and(eq(revocationItems.orgId, orgId), sql`${revocationItems.grantId} = any(${idArray(grantIds)})`, unfinished,
      eq(revocationJobs.dryRun, false), inArray(revocationJobs.status, ["queued", "running"])))
    .groupBy(revocationItems.jobId);
  const hits = [...grantHits, ...await findJobsHoldingCredentials({ db, orgId, credentialIds })];
  if (hits.length === 0) return [];
  const ids = hits.map((h) => Number(h.jobId));
  const jobs = await db
    .select({
      id: revocationJobs.id, status: revocationJobs.status, total: revocationJobs.total,
      leaseLive: sql<boolean>`(${revocationJobs.leaseUntil} is not null and ${revocationJobs.leaseUntil} >= now())`,
      left: sql<number>`(select count(*)::int from ${revocationItems} where ${revocationItems.jobId} = ${revocationJobs.id}
        and ${revocationItems.status} in ('pending', 'in_flight'))
        + (select count(*)::int from ${revocationCredentialItems} where ${revocationCredentialItems.jobId} = ${revocationJobs.id}
        and ${revocationCredentialItems.status} in ('pending', 'in_flight'))`,
    })
    .from(revocationJobs)
    .where(sql`${revocationJobs.id} = any(${idArray(ids)})`)
    .orderBy(revocationJobs.id);
  const overlapOf = new Map<number, number>();
  for (const h of hits) overlapOf.set(Number(h.jobId), (overlapOf.get(Number(h.jobId)) ?? 0) + Number(h.n));
  return jobs.map((j) => ({ ...j, left: Number(j.left), leaseLive: Boolean(j.leaseLive), overlap: overlapOf.get(j.id) ?? 0 }));
}

/**
 * Runs `work` in a transaction holding the org's row lock, so two job creations for one org take
 * turns: the second sees the first's items when it looks for overlaps.
 */
export async function withOrgLock<T>({ db, orgId, work }: { db: Db; orgId: number; work: (tx: Tx) => Promise<T> }): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, orgId)).for("update");
    return work(tx);
  });
}
