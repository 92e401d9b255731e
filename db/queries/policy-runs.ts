// Policy runs and their per-grant, per-rule items: what matched, was notified, revoked, skipped and why.
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policyRunItems, policyRuns, type PolicyRun, type PolicyRunItem } from "../schema.ts";
import { type PolicyRunStatus } from "../../model/statuses.ts";
import type { TimeCursor } from "../../model/time-cursor.ts";
import { readTimeKeyset, type TimeKeysetPage } from "./time-keyset.ts";

export type NewPolicyRunInput = {
  orgId: number; trigger: string; actor: string; dryRun: boolean; status: PolicyRunStatus;
  evaluatedAt: Date; configSha: string | null; startedAt?: Date; finishedAt?: Date | null;
  summary?: Record<string, unknown>; error?: string | null;
};

export async function insertPolicyRun({ db, run }: { db: Db; run: NewPolicyRunInput }): Promise<PolicyRun> {
  const [row] = await db.insert(policyRuns).values(run).returning();
  return row!;
}

export async function finishPolicyRun({ db, runId, status, summary, revocationJobId, error, now }: {
  db: Db; runId: number; status: PolicyRunStatus; summary: Record<string, unknown>; revocationJobId: number | null; error: string | null; now: Date;
}): Promise<void> {
  await db.update(policyRuns).set({ status, summary, revocationJobId, error, finishedAt: now }).where(eq(policyRuns.id, runId));
}

export type PolicyRunItemInput = Omit<PolicyRunItem, "runId" | "orgId">;

export async function insertPolicyRunItems({ db, runId, orgId, items }: { db: Db; runId: number; orgId: number; items: PolicyRunItemInput[] }): Promise<void> {
  // 9 parameters a row: chunks stay far below Postgres' 65,535-parameter limit.
  for (let i = 0; i < items.length; i += 2_000) {
    await db.insert(policyRunItems).values(items.slice(i, i + 2_000).map((it) => ({ ...it, runId, orgId })));
  }
}

export async function getPolicyRun({ db, orgId, runId }: { db: Db; orgId: number; runId: number }): Promise<PolicyRun | undefined> {
  const [row] = await db.select().from(policyRuns).where(and(eq(policyRuns.orgId, orgId), eq(policyRuns.id, runId)));
  return row;
}

/** Newest first (the dashboard's run history). */
export async function listPolicyRuns({ db, orgId, limit = 50, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<PolicyRun[]> {
  return (await listPolicyRunPage({ db, orgId, limit, after, before })).rows;
}

/** Newest first by (startedAt, id); `before`/`after` a cursor (model/time-cursor.ts): the older/newer runs past it. */
export async function listPolicyRunPage({ db, orgId, limit = 50, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<TimeKeysetPage<PolicyRun>> {
  return readTimeKeyset({
    list: "policy-runs", at: policyRuns.startedAt, id: policyRuns.id, order: "desc", after, before, limit: Math.min(limit, 500),
    read: async ({ where, orderBy, limit: n, key }) =>
      (await db.select({ row: policyRuns, key }).from(policyRuns).where(and(eq(policyRuns.orgId, orgId), where)).orderBy(...orderBy).limit(n))
        .map((r) => ({ ...r, id: r.row.id })),
  });
}

export async function listPolicyRunItems({ db, runId }: { db: Db; runId: number }): Promise<PolicyRunItem[]> {
  return db.select().from(policyRunItems).where(eq(policyRunItems.runId, runId))
    .orderBy(asc(policyRunItems.grantId), asc(policyRunItems.rule));
}

/** A real run of this org still marked running and started after `since` (an older one died with its process). */
export async function findRunningPolicyRun({ db, orgId, since }: { db: Db; orgId: number; since: Date }): Promise<PolicyRun | undefined> {
  const [row] = await db.select().from(policyRuns)
    .where(and(eq(policyRuns.orgId, orgId), eq(policyRuns.status, "running"), eq(policyRuns.dryRun, false), gt(policyRuns.startedAt, since)))
    .orderBy(desc(policyRuns.startedAt)).limit(1);
  return row;
}

/**
 * Starts a real run unless another is running: the check and the insert happen under a
 * transaction-scoped advisory lock per org, so two processes (the schedule on one, a person's CLI
 * run on another) cannot both pass the check.
 */
export async function startPolicyRun({ db, since, run }: { db: Db; since: Date; run: NewPolicyRunInput }): Promise<{ run: PolicyRun } | { busy: PolicyRun }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('patwarden.policy-run'), ${run.orgId}::int)`);
    const busy = await findRunningPolicyRun({ db: tx, orgId: run.orgId, since });
    if (busy) return { busy };
    return { run: await insertPolicyRun({ db: tx, run: { ...run, status: "running" } }) };
  });
}

/** Runs left "running" by a process that stopped: recorded as failed so the history stays truthful. */
export async function failInterruptedPolicyRuns({ db, orgId, before, now }: { db: Db; orgId: number; before: Date; now: Date }): Promise<void> {
  await db.update(policyRuns).set({ status: "failed", error: "interrupted: the process running it stopped", finishedAt: now })
    .where(and(eq(policyRuns.orgId, orgId), eq(policyRuns.status, "running"), lte(policyRuns.startedAt, before)));
}
