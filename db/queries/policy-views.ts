// Read-only views of policy runs and warnings for the dashboard (the policy engine writes them).
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policyRunItems, policyRuns, policyWarnings, type PolicyRun, type PolicyRunItem, type PolicyWarning } from "../schema.ts";
import { POLICY_OUTCOMES, type PolicyOutcome } from "../../model/statuses.ts";
import type { TimeCursor } from "../../model/time-cursor.ts";
import { readTimeKeyset, type TimeKeysetPage } from "./time-keyset.ts";

export type OutcomeCounts = Record<PolicyOutcome, number>;
/**
 * `matches` is every (grant, rule) match of the run, whatever became of it; `counts` splits them by
 * outcome (`matched` there is a report-only match). The run's detail page counts the same items.
 */
export type PolicyRunListRow = PolicyRun & { matches: number; counts: OutcomeCounts };

const countOf = (outcome: PolicyOutcome) =>
  sql<number>`(select count(*)::int from ${policyRunItems} where ${policyRunItems.runId} = ${policyRuns.id} and ${policyRunItems.outcome} = ${outcome})`;

/** Newest first, with the run's items counted, in all and per outcome (served by the items' primary key on run_id). */
export async function listPolicyRunsView({ db, orgId, limit = 50, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<PolicyRunListRow[]> {
  return (await listPolicyRunsViewPage({ db, orgId, limit, after, before })).rows;
}

/** Newest first by (startedAt, id); `before`/`after` a cursor (model/time-cursor.ts): the older/newer runs past it. */
export async function listPolicyRunsViewPage({ db, orgId, limit = 50, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<TimeKeysetPage<PolicyRunListRow>> {
  return readTimeKeyset({
    list: "policy-runs", at: policyRuns.startedAt, id: policyRuns.id, order: "desc", after, before, limit,
    read: async ({ where, orderBy, limit: n, key }) => {
      const rows = await db
        .select({
          run: policyRuns, key,
          matches: sql<number>`(select count(*)::int from ${policyRunItems} where ${policyRunItems.runId} = ${policyRuns.id})`,
          matched: countOf("matched"), notified: countOf("notified"), revoked: countOf("revoked"), skipped: countOf("skipped"), excepted: countOf("excepted"),
        })
        .from(policyRuns)
        .where(and(eq(policyRuns.orgId, orgId), where))
        .orderBy(...orderBy)
        .limit(n);
      return rows.map(({ run, matches, key: k, ...counts }) => ({ row: { ...run, matches: Number(matches), counts }, key: k, id: run.id }));
    },
  });
}

export async function getPolicyRunView({ db, orgId, runId }: { db: Db; orgId: number; runId: number }): Promise<PolicyRun | undefined> {
  const [row] = await db.select().from(policyRuns).where(and(eq(policyRuns.orgId, orgId), eq(policyRuns.id, runId)));
  return row;
}

/** Bounded: a run over a big org has one row per matching grant and rule. `total` and `counts` cover every item, as the runs list does. */
export async function listPolicyRunItemsView({ db, orgId, runId, limit = 2000 }: {
  db: Db; orgId: number; runId: number; limit?: number;
}): Promise<{ rows: PolicyRunItem[]; total: number; counts: OutcomeCounts }> {
  const where = and(eq(policyRunItems.orgId, orgId), eq(policyRunItems.runId, runId));
  const [rows, grouped] = await Promise.all([
    db.select().from(policyRunItems).where(where).orderBy(asc(policyRunItems.rule), asc(policyRunItems.outcome), asc(policyRunItems.ownerLogin), asc(policyRunItems.grantId)).limit(limit),
    db.select({ outcome: policyRunItems.outcome, n: sql<number>`count(*)::int` }).from(policyRunItems).where(where).groupBy(policyRunItems.outcome),
  ]);
  const counts = Object.fromEntries(POLICY_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
  for (const g of grouped) counts[g.outcome] = Number(g.n);
  return { rows, total: Object.values(counts).reduce((x, y) => x + y, 0), counts };
}

export async function listGrantWarningsView({ db, orgId, grantId }: { db: Db; orgId: number; grantId: number }): Promise<PolicyWarning[]> {
  return db.select().from(policyWarnings).where(and(eq(policyWarnings.orgId, orgId), eq(policyWarnings.grantId, grantId))).orderBy(asc(policyWarnings.warnedAt));
}
