// The overview's figures, counted once after writes and stored per org (org_summaries), so a page
// view reads one row. Counted with the overview's own queries (overview.ts, which select every
// category through CATEGORY_CONDITIONS): a summary is exactly what the live overview would have said
// at its computedAt.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { orgSummaries } from "../schema.ts";
import { countCredentials, NO_CREDENTIAL_COUNTS, type CredentialCounts } from "./credential-counts.ts";
import { listTopOwners, listTopWritePermissions, summarizeGrants, type GrantSummary, type GrantSummaryBounds } from "./overview.ts";

const DAY_MS = 86_400_000;

/** The chart buckets' boundaries at `now`; a summary's links use the bounds of its computedAt. */
export function summaryBounds(now: Date): GrantSummaryBounds {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  return { now, used7: at(-7), used30: at(-30), used90: at(-90), expires7: at(7), expires30: at(30) };
}

export type TopPermission = { name: string; writeOrHigher: number; admin: number };
export type TopOwner = { login: string; grants: number };
/** The grant figures and, beside them, the SSO credential ones (credential-counts.ts). */
export type OrgSummaryCounts = GrantSummary & CredentialCounts;
export type OrgSummaryFigures = { counts: OrgSummaryCounts; topPermissions: TopPermission[]; topOwners: TopOwner[] };
export type OrgSummary = OrgSummaryFigures & { computedAt: Date; sourceVersion: string; computeMs: number };

/** Counts the org's active grants as the overview shows them, at `now`. */
export async function computeOrgSummary({ db, orgId, now }: { db: Db; orgId: number; now: Date }): Promise<OrgSummaryFigures> {
  const [grantCounts, credentialCounts, topPermissions, topOwners] = await Promise.all([
    summarizeGrants({ db, orgId, bounds: summaryBounds(now) }),
    countCredentials({ db, orgId, now }),
    listTopWritePermissions({ db, orgId, limit: 10 }),
    listTopOwners({ db, orgId, limit: 10 }),
  ]);
  return { counts: { ...grantCounts, ...credentialCounts }, topPermissions, topOwners };
}

export async function saveOrgSummary({ db, orgId, summary }: { db: Db; orgId: number; summary: OrgSummary }): Promise<void> {
  const values = {
    computedAt: summary.computedAt, sourceVersion: summary.sourceVersion, counts: summary.counts,
    topPermissions: summary.topPermissions, topOwners: summary.topOwners, computeMs: summary.computeMs, updatedAt: sql`now()`,
  };
  await db.insert(orgSummaries).values({ orgId, ...values }).onConflictDoUpdate({ target: orgSummaries.orgId, set: values });
}

/** The stored summary of the org (a primary-key read), or null when none was computed yet. */
export async function readOrgSummary({ db, orgId }: { db: Db; orgId: number }): Promise<OrgSummary | null> {
  const [row] = await db.select().from(orgSummaries).where(eq(orgSummaries.orgId, orgId));
  if (!row) return null;
  return {
    // A summary stored before credentials were counted has none of their fields: zero until recounted.
    counts: { ...NO_CREDENTIAL_COUNTS, ...(row.counts as Partial<OrgSummaryCounts>) } as OrgSummaryCounts, topPermissions: row.topPermissions, topOwners: row.topOwners,
    computedAt: row.computedAt, sourceVersion: row.sourceVersion, computeMs: row.computeMs,
  };
}

/** When the org's summary was last written (null: never), for the live version token. */
export async function readOrgSummaryStamp({ db, orgId }: { db: Db; orgId: number }): Promise<Date | null> {
  const [row] = await db.select({ at: orgSummaries.updatedAt }).from(orgSummaries).where(eq(orgSummaries.orgId, orgId));
  return row?.at ?? null;
}
