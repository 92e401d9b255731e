// Stored risk scores of SSO credentials: read a batch of active ones for the daily rescoring
// (idle days grow, expiries come closer), write the scores that changed.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { ScoredCredential } from "../../model/risk.ts";
import type { Db } from "../client.ts";
import { credentials, type Credential } from "../schema.ts";
import { idArray } from "./upsert-helpers.ts";

export type CredentialForRisk = ScoredCredential & { credentialId: number; riskScore: number; riskReasons: Credential["riskReasons"] };

/** Active credentials after `afterId`, by id (keyset batches: memory stays at one batch). */
export async function listCredentialsForRisk({ db, orgId, afterId, limit }: {
  db: Db; orgId: number; afterId: number; limit: number;
}): Promise<CredentialForRisk[]> {
  return db
    .select({
      credentialId: credentials.credentialId, credentialType: credentials.credentialType, scopes: credentials.scopes,
      authorizedAt: credentials.authorizedAt, accessedAt: credentials.accessedAt, expiresAt: credentials.expiresAt,
      ownerIsMember: credentials.ownerIsMember, riskScore: credentials.riskScore, riskReasons: credentials.riskReasons,
    })
    .from(credentials)
    .where(and(eq(credentials.orgId, orgId), isNull(credentials.removedAt), gt(credentials.credentialId, afterId)))
    .orderBy(asc(credentials.credentialId))
    .limit(limit);
}

/** One statement per batch; rows whose score and reasons are unchanged are not written. */
export async function updateCredentialRiskScores({ db, orgId, scores }: {
  db: Db; orgId: number; scores: { credentialId: number; score: number; reasons: Credential["riskReasons"] }[];
}): Promise<number> {
  if (scores.length === 0) return 0;
  const reasons = JSON.stringify(scores.map((s) => s.reasons));
  const out = await db.execute(sql`
    update ${credentials} c set risk_score = v.score, risk_reasons = v.reasons
    from (
      select u.id, u.score, r.value as reasons
      from unnest(${idArray(scores.map((s) => s.credentialId))}, ${sql`${`{${scores.map((s) => s.score).join(",")}}`}::int[]`}) with ordinality as u(id, score, n)
      join jsonb_array_elements(${reasons}::jsonb) with ordinality as r(value, n) on r.n = u.n
    ) v
    where c.org_id = ${orgId} and c.credential_id = v.id and (c.risk_score, c.risk_reasons) is distinct from (v.score, v.reasons)
    returning c.credential_id`);
  return (out as unknown as { rows: unknown[] }).rows.length;
}
