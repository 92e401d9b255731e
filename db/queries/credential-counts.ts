// An org's SSO credential figures for its stored summary (org_summaries.counts, beside the grant
// counts): the overview, the org card and the enterprise roll-up read them from there.
import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { credentials } from "../schema.ts";
import { HIGH_RISK } from "../../model/risk.ts";
import { daysBefore, STALE_DAYS } from "../../model/categories.ts";

export type CredentialCounts = {
  credentials: number;
  credentialsHighRisk: number;
  credentialsOwnerLeft: number;
  credentialsNoExpiry: number;
  /** Not accessed for STALE_DAYS, or never accessed and authorized that long ago (as grants' stale). */
  credentialsStale: number;
};

export const NO_CREDENTIAL_COUNTS: CredentialCounts = {
  credentials: 0, credentialsHighRisk: 0, credentialsOwnerLeft: 0, credentialsNoExpiry: 0, credentialsStale: 0,
};

/** One pass over the org's active credentials (the active-risk index holds them all). */
export async function countCredentials({ db, orgId, now }: { db: Db; orgId: number; now: Date }): Promise<CredentialCounts> {
  const staleBefore = daysBefore(now, STALE_DAYS).toISOString();
  const out = await db.execute(sql`
    select count(*)::int as credentials,
      (count(*) filter (where ${credentials.riskScore} >= ${HIGH_RISK}))::int as high_risk,
      (count(*) filter (where ${credentials.ownerIsMember} = false))::int as owner_left,
      (count(*) filter (where ${credentials.expiresAt} is null))::int as no_expiry,
      (count(*) filter (where coalesce(${credentials.accessedAt}, ${credentials.authorizedAt}) < ${staleBefore}::timestamptz))::int as stale
    from ${credentials} where ${credentials.orgId} = ${orgId} and ${credentials.removedAt} is null`);
  const [r] = (out as unknown as { rows: Record<string, number | string>[] }).rows;
  return {
    credentials: Number(r?.credentials ?? 0), credentialsHighRisk: Number(r?.high_risk ?? 0), credentialsOwnerLeft: Number(r?.owner_left ?? 0),
    credentialsNoExpiry: Number(r?.no_expiry ?? 0), credentialsStale: Number(r?.stale ?? 0),
  };
}
