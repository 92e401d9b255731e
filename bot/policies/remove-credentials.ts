// Removal of the credentials a run found due, through the revocation engine's credential jobs
// (bot/revoke/credential-job.ts): the same persisted, resumable, audited path as a person's removal.
import type { Db } from "../../db/client.ts";
import { listCredentialItemRows } from "../../db/queries/revocation-credentials.ts";
import type { OctokitLike } from "../github/calls.ts";
import { createCredentialRemovalJob, newRunnerId, runRevocationJob } from "../revoke/index.ts";

export type CredentialRemoval = {
  jobId: number | null;
  failed: boolean;
  errors: string[];
  outcomes: Map<number, { status: string; error: string | null }>;
};

export async function removeCredentialsForPolicy({ db, octokit, org, ids, reason, actor, pacingMs }: {
  db: Db; octokit: OctokitLike; org: { id: number; login: string }; ids: number[]; reason: string; actor: string; pacingMs?: number;
}): Promise<CredentialRemoval> {
  const runnerId = newRunnerId();
  let jobId: number;
  try {
    const job = await createCredentialRemovalJob({
      db, orgId: org.id, target: { ids }, reason, actor, actorType: "app", runnerId,
      // The policy file is the authorization (the caps bound it); no person types the org's name.
      confirmation: org.login, max: ids.length,
    });
    jobId = job.id;
  } catch (error) {
    // Another job holding one of these credentials, or the source gone since planning: the items wait for the next run.
    return { jobId: null, failed: false, errors: [`credential removal: ${error instanceof Error ? error.message : String(error)}`], outcomes: new Map() };
  }
  const errors: string[] = [];
  const done = await runRevocationJob({ db, octokit, jobId, runnerId, pacingMs });
  if (done.status !== "succeeded") {
    errors.push(`credential removal job ${jobId} ended ${done.status}${done.lastError ? `: ${done.lastError}` : ""}${done.status === "running" ? " (it resumes on its own: `patwarden revoke --job`, or a running server)" : ""}`);
  }
  const outcomes = new Map<number, { status: string; error: string | null }>();
  for (let after = 0; ;) {
    const page = await listCredentialItemRows({ db, jobId, afterCredentialId: after, limit: 1000 });
    for (const i of page) outcomes.set(i.credentialId, { status: i.status, error: i.lastError });
    if (page.length < 1000) break;
    after = page.at(-1)!.credentialId;
  }
  return { jobId, failed: done.status === "failed", errors, outcomes };
}
