// The credential part of a revocation job: each SSO credential authorization is removed with its
// own DELETE (§4.2), one at a time, after the job's grant batches. Marked in flight before the
// call, so a crash leaves a trace; a resumed runner sends an in-flight one again, and GitHub
// answers 204 or 404 (already gone): DELETE of an authorization is safe to repeat.
import type { Db } from "../../db/client.ts";
import {
  listRemovedCredentialIds, listUnfinishedCredentialItems, markCredentialInFlight, noteCredentialError, settleCredentialItems,
} from "../../db/queries/revocation-credentials.ts";
import type { RevocationJob } from "../../db/schema.ts";
import { GitHubUnavailable } from "../../model/errors.ts";
import type { OctokitLike } from "../github/calls.ts";
import { sendCredentialRemoval } from "./github-calls.ts";

export async function removeCredentialItems({ db, octokit, job, login, now, beforeCall, afterCall, onSettled }: {
  db: Db; octokit: OctokitLike; job: RevocationJob; login: string; now: () => Date;
  /** Pacing, the stop signal and the lease, as for a grant batch; throws to stop. */
  beforeCall: () => Promise<void>;
  afterCall: () => void;
  onSettled: (n: number) => Promise<void>;
}): Promise<void> {
  const items = await listUnfinishedCredentialItems({ db, jobId: job.id });
  if (items.length === 0) return;
  // Removed already (a sync saw them go, or another job removed them): no call.
  const removed = new Set(await listRemovedCredentialIds({ db, orgId: job.orgId, ids: items.map((i) => i.credentialId) }));
  if (removed.size) await onSettled((await settleCredentialItems({ db, job, ids: [...removed], status: "already_gone", now: now() })).length);
  for (const item of items.filter((i) => !removed.has(i.credentialId))) {
    await beforeCall();
    await markCredentialInFlight({ db, jobId: job.id, credentialId: item.credentialId, now: now() });
    const r = await sendCredentialRemoval({ octokit, login, credentialId: item.credentialId });
    afterCall();
    if (!r.ok && r.kind === "unavailable") {
      // GitHub is down past the client's retries: leave it pending and stop; a resume sends it again.
      await noteCredentialError({ db, jobId: job.id, credentialId: item.credentialId, error: r.error, now: now() });
      throw new GitHubUnavailable(`GitHub did not answer the removal of credential ${item.credentialId}: ${r.error}`);
    }
    const status = r.ok ? "revoked" : r.status === 404 ? "already_gone" : "failed";
    const settled = await settleCredentialItems({ db, job, ids: [item.credentialId], status, error: r.ok || status === "already_gone" ? undefined : r.error, now: now() });
    await onSettled(settled.length);
  }
}
