// Revoking one grant (the grant page's button): a one-item job sent with update_pat_access, so it
// is persisted, audited and resumable like any bulk revocation.
import type { Db } from "../../db/client.ts";
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import type { RevocationItemStatus } from "../../model/statuses.ts";
import type { OctokitLike } from "../github/calls.ts";
import { createRevocationJob } from "./create-job.ts";
import { newRunnerId } from "./lease.ts";
import { runRevocationJob } from "./run-job.ts";
import { listRevocationItems, type RevocationJobView } from "./view.ts";

export async function revokeGrant({ db, octokit, orgId, grantId, reason, actor, actorType }: {
  db: Db; octokit: OctokitLike; orgId: number; grantId: number; reason: string; actor: string; actorType: AppendAuditInput["actorType"];
}): Promise<{ job: RevocationJobView; outcome: RevocationItemStatus; error: string | null }> {
  const runnerId = newRunnerId();
  const created = await createRevocationJob({ db, orgId, target: { ids: [grantId] }, reason, actor, actorType, method: "single", runnerId });
  const job = await runRevocationJob({ db, octokit, jobId: created.id, pacingMs: 0, runnerId });
  const [item] = await listRevocationItems({ db, jobId: created.id });
  return { job, outcome: item!.status, error: item!.lastError };
}
