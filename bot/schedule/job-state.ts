// Every job's start, finish, outcome, error and next run go to job_states (the orgs page shows them).
import type PgBoss from "pg-boss";
import type { Db } from "../../db/client.ts";
import { updateJobState } from "../../db/queries/job-states.ts";
import type { JobName } from "../../model/statuses.ts";

/** A handler's verdict: "skipped" (nothing to do, no retry) or done; throwing means failed (retried). */
export type JobOutcome = { outcome: "succeeded" | "skipped"; note?: string; nextRunAt?: Date | null };

export async function recordJobRun({ db, orgId, job, meta, nextRunAt, run }: {
  db: Db;
  orgId: number;
  job: JobName;
  meta: Pick<PgBoss.JobWithMetadata, "retryCount" | "retryLimit" | "retryDelay" | "retryBackoff">;
  /** The next scheduled run, when the handler does not say otherwise. */
  nextRunAt: Date | null;
  run: () => Promise<JobOutcome>;
}): Promise<JobOutcome> {
  await updateJobState({ db, orgId, job, patch: { lastStartedAt: new Date(), lastOutcome: "running", lastError: null } });
  try {
    const result = await run();
    await updateJobState({
      db, orgId, job,
      patch: {
        lastFinishedAt: new Date(),
        lastOutcome: result.note ? `${result.outcome}: ${result.note}` : result.outcome,
        lastError: null,
        nextRunAt: result.nextRunAt === undefined ? nextRunAt : result.nextRunAt,
      },
    });
    return result;
  } catch (err) {
    const retrying = meta.retryCount < meta.retryLimit;
    await updateJobState({
      db, orgId, job,
      patch: {
        lastFinishedAt: new Date(),
        lastOutcome: retrying ? `failed, retry ${meta.retryCount + 1} of ${meta.retryLimit}` : "failed",
        lastError: err instanceof Error ? err.message : String(err),
        nextRunAt: retrying ? new Date(Date.now() + retryDelayMs(meta)) : nextRunAt,
      },
    }).catch(() => {});
    throw err;
  }
}

/** pg-boss's backoff: delay × 2^retryCount when backoff is on (it adds jitter; this is the floor). */
function retryDelayMs(meta: Pick<PgBoss.JobWithMetadata, "retryCount" | "retryDelay" | "retryBackoff">): number {
  const base = meta.retryDelay * 1000;
  return meta.retryBackoff ? base * 2 ** meta.retryCount : base;
}
