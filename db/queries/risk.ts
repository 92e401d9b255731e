// Stored risk scores: read grants a batch at a time for rescoring, write the scores that changed,
// and the SQL that folds the owner-left reason in where only the database knows membership.
import { and, asc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { OWNER_LEFT_REASON, type ScoredGrant } from "../../model/risk.ts";
import type { Db } from "../client.ts";
import { grants, type Grant } from "../schema.ts";
import { idArray } from "./upsert-helpers.ts";

/**
 * Reasons with `owner_left` present exactly when `ownerLeft` holds, ordered by points then code
 * (as finishRisk orders them), and the score as their capped sum. The sync's upsert computes
 * reasons without membership (GitHub's grant does not carry it); members are ours.
 */
export function riskWithMembership({ reasons, ownerLeft }: { reasons: SQL; ownerLeft: SQL }): { riskReasons: SQL; riskScore: SQL } {
  const merged = sql`(
    coalesce((select jsonb_agg(x) from jsonb_array_elements(${reasons}) x where x->>'code' <> 'owner_left'), '[]'::jsonb)
    || case when ${ownerLeft} then jsonb_build_array(${JSON.stringify(OWNER_LEFT_REASON)}::jsonb) else '[]'::jsonb end)`;
  return {
    riskReasons: sql`(select coalesce(jsonb_agg(r order by (r->>'points')::int desc, r->>'code' collate "C"), '[]'::jsonb) from jsonb_array_elements(${merged}) r)`,
    riskScore: sql`(select least(100, coalesce(sum((r->>'points')::int), 0))::int from jsonb_array_elements(${merged}) r)`,
  };
}

export type GrantForRisk = ScoredGrant & { id: number; riskScore: number; riskReasons: Grant["riskReasons"] };

/** Active grants after `afterId`, by id: keyset batches keep memory bounded in any org size. */
export async function listGrantsForRisk({ db, orgId, afterId, limit }: {
  db: Db; orgId: number; afterId: number; limit: number;
}): Promise<GrantForRisk[]> {
  return db
    .select({
      id: grants.id, permissions: grants.permissions, repositorySelection: grants.repositorySelection,
      accessGrantedAt: grants.accessGrantedAt, tokenExpired: grants.tokenExpired, tokenExpiresAt: grants.tokenExpiresAt,
      tokenLastUsedAt: grants.tokenLastUsedAt, ownerIsMember: grants.ownerIsMember, riskScore: grants.riskScore, riskReasons: grants.riskReasons,
    })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), isNull(grants.removedAt), gt(grants.id, afterId)))
    .orderBy(asc(grants.id))
    .limit(limit);
}

/** One statement per batch; rows whose score and reasons are unchanged are not written. */
export async function updateRiskScores({ db, orgId, scores }: {
  db: Db; orgId: number; scores: { id: number; score: number; reasons: Grant["riskReasons"] }[];
}): Promise<number> {
  if (scores.length === 0) return 0;
  const reasons = JSON.stringify(scores.map((s) => s.reasons));
  const out = await db.execute(sql`
    update ${grants} g set risk_score = v.score, risk_reasons = v.reasons
    from (
      select u.id, u.score, r.value as reasons
      from unnest(${idArray(scores.map((s) => s.id))}, ${sql`${`{${scores.map((s) => s.score).join(",")}}`}::int[]`}) with ordinality as u(id, score, n)
      join jsonb_array_elements(${reasons}::jsonb) with ordinality as r(value, n) on r.n = u.n
    ) v
    where g.org_id = ${orgId} and g.id = v.id and (g.risk_score, g.risk_reasons) is distinct from (v.score, v.reasons)
    returning g.id`);
  return (out as unknown as { rows: unknown[] }).rows.length;
}
