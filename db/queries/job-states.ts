// Last and next run of each scheduled job per org (pg-boss keeps the queue; this is what the orgs page shows).
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobStates, type JobState } from "../schema.ts";
import { type JobName } from "../../model/statuses.ts";

export async function listJobStates({ db, orgId }: { db: Db; orgId?: number }): Promise<JobState[]> {
  const q = db.select().from(jobStates);
  return orgId === undefined ? q : q.where(eq(jobStates.orgId, orgId));
}

export type JobStatePatch = Partial<Pick<JobState, "lastStartedAt" | "lastFinishedAt" | "lastOutcome" | "lastError" | "nextRunAt">>;

export async function updateJobState({ db, orgId, job, patch }: { db: Db; orgId: number; job: JobName; patch: JobStatePatch }): Promise<void> {
  await db
    .insert(jobStates)
    .values({ orgId, job, ...patch })
    .onConflictDoUpdate({ target: [jobStates.orgId, jobStates.job], set: { ...patch, updatedAt: sql`now()` } });
}
