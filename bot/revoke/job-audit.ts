// The job-level audit entry written when a job ends (each grant has its own entry besides).
import type { Db } from "../../db/client.ts";
import { appendAudit, type AppendAuditInput } from "../../db/queries/audit.ts";
import type { RevocationJob } from "../../db/schema.ts";
import type { AuditResult } from "../../model/statuses.ts";

export async function appendJobAudit({ db, job, result, now, error }: {
  db: Db; job: RevocationJob; result: AuditResult; now: Date; error?: string;
}): Promise<void> {
  await appendAudit({
    db,
    orgId: job.orgId,
    actor: job.requestedBy,
    actorType: job.actorType as AppendAuditInput["actorType"],
    action: "revocation.finish",
    targetType: "revocation_job",
    targetId: job.id,
    reason: job.reason,
    result,
    at: now,
    details: { total: job.total, revoked: job.revoked, alreadyGone: job.alreadyGone, failed: job.failed, ...(error ? { error } : {}) },
  });
}
