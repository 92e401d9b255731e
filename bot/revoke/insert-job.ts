// Writes a revocation job from an already-resolved list of grants and credentials (the credential
// removal and each org's part of an offboarding): items frozen, the creation audited, an overlap
// with an unfinished job refused — in one transaction under the org's lock (insertRevocationJob).
import type { Db } from "../../db/client.ts";
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import type { SelectedCredential } from "../../db/queries/revocation-credentials.ts";
import { insertRevocationJob, type SelectedGrant } from "../../db/queries/revocations.ts";
import type { Org } from "../../db/schema.ts";
import type { RevocationSelection } from "../../model/statuses.ts";
import { BULK_REVOKE_MAX, TOKEN_ID_FILTER_MAX } from "./github-calls.ts";
import { DEFAULT_JOB_LEASE_TTL_MS } from "./lease.ts";
import { overlapError } from "./overlap.ts";
import { getRevocationJob, type RevocationJobView } from "./view.ts";

/** ⌈grants / 100⌉ bulk calls plus one DELETE per credential. */
export function callsFor({ grants, credentials }: { grants: number; credentials: number }): number {
  return Math.ceil(grants / BULK_REVOKE_MAX) + credentials;
}

/**
 * The reads a run makes before its writes: before each batch of ≤ 100 grants it asks GitHub which
 * of them it still lists, by token_id, ≤ 50 token ids a call (run-job.ts, findListedIds). Batches
 * follow the grants' order, as insertJobOf numbers them.
 */
export function lookupsFor(grants: { tokenId: number }[]): number {
  let n = 0;
  for (let i = 0; i < grants.length; i += BULK_REVOKE_MAX) {
    n += Math.ceil(new Set(grants.slice(i, i + BULK_REVOKE_MAX).map((g) => g.tokenId)).size / TOKEN_ID_FILTER_MAX);
  }
  return n;
}

export async function insertJobOf({ db, org, grants, credentials, selection, reason, actor, actorType, dryRun = false, runnerId, offboardingId, now }: {
  db: Db; org: Org; grants: SelectedGrant[]; credentials: SelectedCredential[]; selection: RevocationSelection;
  reason: string; actor: string; actorType: AppendAuditInput["actorType"]; dryRun?: boolean; runnerId?: string; offboardingId?: number; now: Date;
}): Promise<RevocationJobView> {
  const total = grants.length + credentials.length;
  const { job, overlapping } = await insertRevocationJob({
    db,
    job: {
      orgId: org.id, requestedBy: actor, actorType, reason, selection, method: "bulk", dryRun,
      status: dryRun ? "dry_run" : "queued",
      total,
      batches: callsFor({ grants: grants.length, credentials: credentials.length }),
      createdAt: now, updatedAt: now, offboardingId: offboardingId ?? null,
      ...(runnerId && !dryRun ? { leaseOwner: runnerId, leaseUntil: new Date(Date.now() + DEFAULT_JOB_LEASE_TTL_MS) } : {}),
    },
    items: grants.map((g, i) => ({
      orgId: org.id, grantId: g.id, tokenId: g.tokenId, tokenName: g.tokenName, ownerLogin: g.ownerLogin, batch: Math.floor(i / BULK_REVOKE_MAX), updatedAt: now,
    })),
    credentialItems: credentials.map((c) => ({
      orgId: org.id, credentialId: c.credentialId, login: c.login, credentialType: c.credentialType, tokenLastEight: c.tokenLastEight,
      title: c.title ?? c.note, updatedAt: now,
    })),
    audit: {
      at: now, orgId: org.id, actor, actorType, reason,
      action: dryRun ? "revocation.dry_run" : "revocation.create",
      targetType: "revocation_job",
      result: dryRun ? "dry_run" : "success",
      details: { total, grants: grants.length, credentials: credentials.length, selection, method: "bulk", ...(offboardingId ? { offboardingId } : {}) },
    },
  });
  if (!job) throw overlapError({ login: org.login, overlapping, selected: total });
  return getRevocationJob({ db, jobId: job.id });
}
