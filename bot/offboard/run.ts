// Runs an offboarding: its unfinished parts one after the other, each with its org's installation
// client, through the revocation runner (paced, leased, in flight persisted before each call). A
// part stopped by an outage or a signal leaves the rest for a resume (this again, or the worker).
import type { Db } from "../../db/client.ts";
import { getRevocationJobRow } from "../../db/queries/revocations.ts";
import type { OctokitLike } from "../github/calls.ts";
import { isDeadLocalRunner } from "../revoke/lease.ts";
import { runRevocationJob, type RevocationLog } from "../revoke/run-job.ts";
import type { RevocationJobView } from "../revoke/view.ts";
import { getOffboarding, type OffboardingView } from "./view.ts";

export async function runOffboarding({ db, id, octokitFor, runnerId, pacingMs, signal, onProgress, log }: {
  db: Db; id: number;
  /** The installation client of an org (by its id); may throw InvalidInput when there is none. */
  octokitFor: (orgId: number) => Promise<OctokitLike> | OctokitLike;
  runnerId?: string; pacingMs?: number; signal?: AbortSignal;
  onProgress?: (part: RevocationJobView) => void;
  log?: RevocationLog;
}): Promise<OffboardingView> {
  const start = await getOffboarding({ db, id });
  for (const part of start.parts) {
    const unfinished = part.counts.pending + part.counts.inFlight > 0 && part.status !== "dry_run";
    if (!unfinished) continue;
    if (signal?.aborted) break;
    const octokit = await octokitFor(part.orgId);
    // A runner of this host that died (kill -9) need not be waited out, as the server's resume does.
    const owner = (await getRevocationJobRow({ db, jobId: part.id }))?.leaseOwner ?? null;
    const takeOverFrom = isDeadLocalRunner(owner) ? owner! : undefined;
    const after = await runRevocationJob({ db, octokit, jobId: part.id, runnerId, pacingMs, signal, onProgress, log, takeOverFrom });
    // Stopped (signal, outage, rate limit): the later parts wait for the resume too, in order.
    if (after.status === "running") break;
  }
  return getOffboarding({ db, id });
}
