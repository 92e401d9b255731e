// Read-only views of policy runs and warnings for the dashboard (the policy engine writes them).
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policyRunItems, policyRuns, policyWarnings, type PolicyRun, type PolicyRunItem, type PolicyWarning } from "../schema.ts";
import { type PolicyOutcome } from "../../model/statuses.ts";

export type OutcomeCounts = Record<PolicyOutcome, number>;
export type PolicyRunListRow = PolicyRun & { counts: OutcomeCounts };

const countOf = (outcome: PolicyOutcome) =>
  sql<number>`(select count(*)::int from ${policyRunItems} where ${policyRunItems.runId} = ${policyRuns.id} and ${policyRunItems.outcome} = ${outcome})`;

/** Newest first, with the run's items counted per outcome (served by the items' primary key on run_id). */
export async function listPolicyRunsView({ db, orgId, limit = 50 }: { db: Db; orgId: number; limit?: number }): Promise<PolicyRunListRow[]> {
  const rows = await db
    .select({
      run: policyRuns,
      matched: countOf("matched"), notified: countOf("notified"), revoked: countOf("revoked"), skipped: countOf("skipped"), excepted: countOf("excepted"),
    })
    .from(policyRuns)
    .where(eq(policyRuns.orgId, orgId))
    .orderBy(desc(policyRuns.startedAt), desc(policyRuns.id))
    .limit(limit);
  return rows.map(({ run, ...counts }) => ({ ...run, counts }));
}

export async function getPolicyRunView({ db, orgId, runId }: { db: Db; orgId: number; runId: number }): Promise<PolicyRun | undefined> {
  const [row] = await db.select().from(policyRuns).where(and(eq(policyRuns.orgId, orgId), eq(policyRuns.id, runId)));
  return row;
}

/** Bounded: a run over a big org has one row per matching grant and rule. */
export async function listPolicyRunItemsView({ db, orgId, runId, limit = 2000 }: {
  db: Db; orgId: number; runId: number; limit?: number;
}): Promise<{ rows: PolicyRunItem[]; total: number }> {
  const where = and(eq(policyRunItems.orgId, orgId), eq(policyRunItems.runId, runId));
  const [rows, [count]] = await Promise.all([
    db.select().from(policyRunItems).where(where).orderBy(asc(policyRunItems.rule), asc(policyRunItems.outcome), asc(policyRunItems.ownerLogin), asc(policyRunItems.grantId)).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(policyRunItems).where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export async function listGrantWarningsView({ db, orgId, grantId }: { db: Db; orgId: number; grantId: number }): Promise<PolicyWarning[]> {
  return db.select().from(policyWarnings).where(and(eq(policyWarnings.orgId, orgId), eq(policyWarnings.grantId, grantId))).orderBy(asc(policyWarnings.warnedAt));
}
