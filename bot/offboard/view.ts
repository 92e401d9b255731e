// An offboarding as the CLI and the dashboard show it: the person, reason and orgs, each org's part
// (a revocation job with live counts), totals, and a status read from the parts.
import type { Db } from "../../db/client.ts";
import { getOffboardingRow, listOffboardingParts, listOffboardingRows } from "../../db/queries/offboardings.ts";
import type { Offboarding } from "../../db/schema.ts";
import { NotFound } from "../../model/errors.ts";
import { getRevocationJob, type RevocationCounts, type RevocationJobView } from "../revoke/view.ts";

/**
 * queued: no part has started; running: some part is unfinished (a runner holds it, or a crash or
 * stop left it for a resume); succeeded: every item removed or already gone; failed: finished with
 * some item failed (or a part lost its permission).
 */
export type OffboardingStatus = "queued" | "running" | "succeeded" | "failed";

export type OffboardingView = Offboarding & {
  status: OffboardingStatus;
  /** Whether a runner holds some part right now. */
  active: boolean;
  parts: RevocationJobView[];
  total: number;
  counts: RevocationCounts;
  done: number;
};

export function statusOf(parts: Pick<RevocationJobView, "status">[]): OffboardingStatus {
  if (parts.every((p) => p.status === "succeeded")) return "succeeded";
  // A part is finished only when its job says so: the runner settles the last item a moment before
  // it marks the job succeeded, and a stop short of the end (a 5xx, a rate limit) leaves it running
  // for a resume. Reading settled counts as "finished" called a run in progress failed.
  if (parts.some((p) => p.status === "queued" || p.status === "running")) {
    return parts.every((p) => p.status === "queued") ? "queued" : "running";
  }
  return "failed";
}

export async function getOffboarding({ db, id }: { db: Db; id: number }): Promise<OffboardingView> {
  const row = await getOffboardingRow({ db, id });
  if (!row) throw new NotFound(`offboarding ${id} does not exist`);
  const parts = await Promise.all((await listOffboardingParts({ db, offboardingId: id })).map((j) => getRevocationJob({ db, jobId: j.id })));
  const counts: RevocationCounts = { pending: 0, inFlight: 0, revoked: 0, alreadyGone: 0, failed: 0 };
  for (const p of parts) for (const k of Object.keys(counts) as (keyof RevocationCounts)[]) counts[k] += p.counts[k];
  return {
    ...row, status: statusOf(parts), active: parts.some((p) => p.running), parts,
    total: parts.reduce((n, p) => n + p.total, 0), counts, done: counts.revoked + counts.alreadyGone + counts.failed,
  };
}

export async function listOffboardings({ db, login, beforeId, limit }: { db: Db; login?: string; beforeId?: number; limit?: number }): Promise<OffboardingView[]> {
  const rows = await listOffboardingRows({ db, login, beforeId, limit });
  return Promise.all(rows.map((r) => getOffboarding({ db, id: r.id })));
}
