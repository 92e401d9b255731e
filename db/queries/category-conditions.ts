// The categories of model/categories.ts in SQL, written once: the grants filter (GRANT_CONDITIONS),
// the overview's counts, the daily snapshot and the reports all select a category through these,
// so "owner left" or "no expiry" counts the same grants on every screen. Each condition says what
// the word means for a grant that is not removed; callers add `removed_at is null` (or the filter's state).
import { and, eq, gte, isNull, sql, type SQL } from "drizzle-orm";
import { daysBefore, STALE_DAYS } from "../../model/categories.ts";
import { HIGH_RISK } from "../../model/risk.ts";
import { grants } from "../schema.ts";

/**
 * The expiry that counts: -infinity once GitHub flags the token expired, else its date (null: never).
 * Expired is `<= now`, no expiry is `is null`; grants_active_effective_expiry_idx indexes it.
 */
export const effectiveExpiry = sql`(case when ${grants.tokenExpired} then '-infinity'::timestamptz else ${grants.tokenExpiresAt} end)`;

export const CATEGORY_CONDITIONS = {
  /** Last used before the cutoff, or never used and granted before it: one range on grants_active_stale_idx. */
  stale: ({ now, days = STALE_DAYS }: { now: Date; days?: number }): SQL =>
    sql`coalesce(${grants.tokenLastUsedAt}, ${grants.accessGrantedAt}) < ${daysBefore(now, days)}`,
  neverUsed: (): SQL => isNull(grants.tokenLastUsedAt),
  /** null membership is "not known yet" (never synced), which is not "left". */
  ownerLeft: (): SQL => eq(grants.ownerIsMember, false),
  /** Read from the repository map itself, so a permission GitHub adds later still counts. */
  allReposWrite: (): SQL =>
    and(
      eq(grants.repositorySelection, "all"),
      sql`exists (select 1 from jsonb_each_text(coalesce(${grants.permissions} -> 'repository', '{}'::jsonb)) as p(name, level) where p.level in ('write', 'admin'))`,
    )!,
  /** token_expired is GitHub's view at the last sync; the date catches tokens that expired since. */
  expired: ({ now }: { now: Date }): SQL => sql`${effectiveExpiry} <= ${now}`,
  /** No date, and GitHub does not call it expired (an expired token is "expired", never "no expiry"). */
  noExpiry: (): SQL => sql`${effectiveExpiry} is null`,
  highRisk: (): SQL => gte(grants.riskScore, HIGH_RISK),
} as const;

export type CategoryKey = keyof typeof CATEGORY_CONDITIONS;
