// Read side of revocation jobs for the CLI and the dashboard: a job with live counts (progress),
// its items page by page, and an org's recent jobs.
import type { Db } from "../../db/client.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { countItemsByStatus, getRevocationJobRow, listRevocationItemRows, listRevocationJobRows } from "../../db/queries/revocations.ts";
import type { RevocationItem, RevocationJob } from "../../db/schema.ts";
import type { RevocationItemStatus } from "../../model/statuses.ts";
import { NotFound } from "../../model/errors.ts";

export type RevocationCounts = { pending: number; inFlight: number; revoked: number; alreadyGone: number; failed: number };

export type RevocationJobView = Omit<RevocationJob, "leaseOwner" | "leaseUntil" | "revoked" | "alreadyGone" | "failed"> & {
  orgLogin: string;
  counts: RevocationCounts;
  /** Items with a final outcome (revoked, already gone or failed). */
  done: number;
  /** How many of `total` are SSO credential authorizations (the rest are grants). */
  credentials: number;
  /** Whether a runner holds the job right now. */
  running: boolean;
};

export async function getRevocationJob({ db, jobId, orgId }: {
  db: Db; jobId: number;
  /** When given, a job of another org is reported as not found (the dashboard's access boundary). */
  orgId?: number;
}): Promise<RevocationJobView> {
  const job = await getRevocationJobRow({ db, jobId });
  if (!job || (orgId !== undefined && job.orgId !== orgId)) throw new NotFound(`revocation job ${jobId} does not exist`);
  const org = await getOrg({ db, orgId: job.orgId });
  const { byStatus, credentials } = await countItemsByStatus({ db, jobId });
  return toView({ job, orgLogin: org?.login ?? String(job.orgId), byStatus, credentials });
}

function toView({ job, orgLogin, byStatus, credentials }: {
  job: RevocationJob; orgLogin: string; byStatus: Record<RevocationItemStatus, number>; credentials: number;
}): RevocationJobView {
  const { leaseOwner: _o, leaseUntil, revoked: _r, alreadyGone: _a, failed: _f, ...rest } = job;
  const counts: RevocationCounts = {
    pending: byStatus.pending, inFlight: byStatus.in_flight, revoked: byStatus.revoked, alreadyGone: byStatus.already_gone, failed: byStatus.failed,
  };
  return {
    ...rest,
    orgLogin,
    counts,
    done: counts.revoked + counts.alreadyGone + counts.failed,
    credentials,
    running: leaseUntil !== null && leaseUntil.getTime() > Date.now(),
  };
}

/** Items ordered by grant id; pass the last grant id seen as `afterGrantId` for the next page. */
export async function listRevocationItems({ db, jobId, status, afterGrantId, limit }: {
  db: Db; jobId: number; status?: RevocationItemStatus[]; afterGrantId?: number; limit?: number;
}): Promise<RevocationItem[]> {
  return listRevocationItemRows({ db, jobId, status, afterGrantId, limit });
}

/** Newest first, with the counters the runner keeps on the job (no per-job item scan). */
export async function listRevocationJobs({ db, orgId, limit }: { db: Db; orgId: number; limit?: number }): Promise<RevocationJob[]> {
  return listRevocationJobRows({ db, orgId, limit });
}
