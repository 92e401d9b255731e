// Aggregates for the dashboard: the orgs list (connection status, last sync) and one org's
// overview charts. Counts only; the charts' shaping lives in app/_lib/charts.ts.
import { and, desc, eq, gte, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grantRepositories, grants, installations, orgs, requestRepositories, syncRuns, type SyncRun } from "../schema.ts";
import { type InstallationStatus } from "../../model/statuses.ts";
import { CATEGORY_CONDITIONS as CATEGORY, effectiveExpiry } from "./category-conditions.ts";

export type DashboardOrg = {
  id: number;
  login: string;
  installationId: number | null;
  installationStatus: InstallationStatus | null;
  permissions: Record<string, string>;
  syncPaused: boolean;
  lastSyncAt: Date | null;
  lastFullSyncAt: Date | null;
};

function selectOrgs(db: Db) {
  return db
    .select({
      id: orgs.id,
      login: orgs.login,
      installationId: orgs.installationId,
      installationStatus: installations.status,
      permissions: installations.permissions,
      syncPaused: orgs.syncPaused,
      lastSyncAt: orgs.lastSyncAt,
      lastFullSyncAt: orgs.lastFullSyncAt,
    })
    .from(orgs)
    .leftJoin(installations, eq(installations.id, orgs.installationId));
}

const toDashboardOrg = (r: Omit<DashboardOrg, "permissions"> & { permissions: Record<string, string> | null }): DashboardOrg => ({
  ...r,
  permissions: r.permissions ?? {},
});

export async function listDashboardOrgs({ db }: { db: Db }): Promise<DashboardOrg[]> {
  const rows = await selectOrgs(db).orderBy(sql`lower(${orgs.login})`);
  return rows.map(toDashboardOrg);
}

/** Case-insensitive, served by orgs_login_lower_uq. */
export async function findDashboardOrg({ db, login }: { db: Db; login: string }): Promise<DashboardOrg | null> {
  const [row] = await selectOrgs(db).where(sql`lower(${orgs.login}) = ${login.toLowerCase()}`);
  return row ? toDashboardOrg(row) : null;
}

/** The newest sync run of each org (any kind, any status). */
export async function listLatestSyncRuns({ db, orgIds }: { db: Db; orgIds: number[] }): Promise<Map<number, SyncRun>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([syncRuns.orgId])
    .from(syncRuns)
    .where(sql`${syncRuns.orgId} in (${sql.join(orgIds.map((id) => sql`${id}`), sql`, `)})`)
    .orderBy(syncRuns.orgId, desc(syncRuns.startedAt), desc(syncRuns.id));
  return new Map(rows.map((r) => [r.orgId, r]));
}

/** Boundaries shared with the chart links, so a bar and the table it opens count the same rows. */
export type GrantSummaryBounds = { now: Date; used7: Date; used30: Date; used90: Date; expires7: Date; expires30: Date };

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const n = (cond: SQL) => sql<number>`(count(*) filter (where ${cond}))::int`;

export async function summarizeGrants({ db, orgId, bounds }: { db: Db; orgId: number; bounds: GrantSummaryBounds }) {
  const used = grants.tokenLastUsedAt;
  const { now } = bounds;
  // The category counts use the grants filter's conditions (category-conditions.ts), so a card and
  // the table it links to count the same grants; the expiry buckets partition the total.
  const live = sql`${effectiveExpiry} > ${ts(now)}`;
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      used7: n(sql`${used} > ${ts(bounds.used7)}`),
      used30: n(sql`${used} > ${ts(bounds.used30)} and ${used} <= ${ts(bounds.used7)}`),
      used90: n(sql`${used} > ${ts(bounds.used90)} and ${used} <= ${ts(bounds.used30)}`),
      usedOlder: n(sql`${used} <= ${ts(bounds.used90)}`),
      neverUsed: n(CATEGORY.neverUsed()),
      stale: n(CATEGORY.stale({ now })),
      expired: n(CATEGORY.expired({ now })),
      expires7: n(sql`${live} and ${effectiveExpiry} <= ${ts(bounds.expires7)}`),
      expires30: n(sql`${live} and ${effectiveExpiry} > ${ts(bounds.expires7)} and ${effectiveExpiry} <= ${ts(bounds.expires30)}`),
      expiresLater: n(sql`${live} and ${effectiveExpiry} > ${ts(bounds.expires30)}`),
      noExpiry: n(CATEGORY.noExpiry()),
      selectionAll: n(sql`${grants.repositorySelection} = 'all'`),
      selectionSubset: n(sql`${grants.repositorySelection} = 'subset'`),
      selectionNone: n(sql`${grants.repositorySelection} = 'none'`),
      allReposWrite: n(CATEGORY.allReposWrite()),
      ownerLeft: n(CATEGORY.ownerLeft()),
      highRisk: n(CATEGORY.highRisk()),
    })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), isNull(grants.removedAt)));
  return row!;
}
export type GrantSummary = Awaited<ReturnType<typeof summarizeGrants>>;

/**
 * Permissions held at write or higher by the most active grants. permission_tokens stores every
 * level up to the one held, so "name:write" counts write and admin holders alike.
 */
export async function listTopWritePermissions({ db, orgId, limit = 10 }: { db: Db; orgId: number; limit?: number }) {
  // Raw SQL for the lateral unnest; both drivers (node-postgres, PGlite) return `{ rows }`.
  const result = (await db.execute(sql`
    select split_part(t.token, ':', 1) as name,
           (count(*) filter (where t.token like '%:write'))::int as write_or_higher,
           (count(*) filter (where t.token like '%:admin'))::int as admin
    from ${grants}, unnest(${grants.permissionTokens}) as t(token)
    where ${grants.orgId} = ${orgId} and ${grants.removedAt} is null
      and (t.token like '%:write' or t.token like '%:admin')
    group by 1
    order by 2 desc, 1 asc
    limit ${limit}`)) as unknown as { rows: { name: string; write_or_higher: number; admin: number }[] };
  return result.rows.map((r) => ({ name: r.name, writeOrHigher: Number(r.write_or_higher), admin: Number(r.admin) }));
}

export async function listTopOwners({ db, orgId, limit = 10 }: { db: Db; orgId: number; limit?: number }) {
  const count = sql<number>`count(*)::int`;
  const rows = await db
    .select({ login: grants.ownerLogin, grants: count })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), isNull(grants.removedAt)))
    .groupBy(grants.ownerLogin)
    .orderBy(desc(count), grants.ownerLogin)
    .limit(limit);
  return rows.map((r) => ({ login: r.login, grants: Number(r.grants) }));
}

/** Active-grant counts recorded by successful syncs since a date, oldest first (the trend chart). */
export async function listActiveGrantHistory({ db, orgId, since }: { db: Db; orgId: number; since: Date }) {
  const rows = await db
    .select({ at: syncRuns.finishedAt, activeGrants: syncRuns.activeGrants })
    .from(syncRuns)
    .where(and(
      eq(syncRuns.orgId, orgId),
      eq(syncRuns.status, "succeeded"),
      isNotNull(syncRuns.activeGrants),
      isNotNull(syncRuns.finishedAt),
      gte(syncRuns.finishedAt, since),
    ))
    .orderBy(syncRuns.finishedAt);
  return rows.map((r) => ({ at: r.at!, activeGrants: r.activeGrants! }));
}

/** Active grants per org, for the org cards. */
export async function countActiveGrantsByOrg({ db }: { db: Db }): Promise<Map<number, number>> {
  const rows = await db
    .select({ orgId: grants.orgId, n: sql<number>`count(*)::int` })
    .from(grants)
    .where(isNull(grants.removedAt))
    .groupBy(grants.orgId);
  return new Map(rows.map((r) => [r.orgId, Number(r.n)]));
}

// Disconnect belongs with the other org queries (db/queries/orgs.ts) and can move there; kept
// here so the dashboard did not wait on that file. (Pause/resume uses orgs.ts's setOrgSyncPaused.)
/**
 * Disconnect: every inventory row of the org goes (grants, requests, members, sync history via
 * ON DELETE CASCADE; the repository link tables have no foreign key, so explicitly). The audit
 * log is append-only and keeps its entries. The installation row stays: it is GitHub's fact.
 */
export async function deleteOrgData({ db, orgId }: { db: Db; orgId: number }): Promise<{ grants: number }> {
  return db.transaction(async (tx) => {
    const [counted] = await tx.select({ n: sql<number>`count(*)::int` }).from(grants).where(eq(grants.orgId, orgId));
    await tx.delete(grantRepositories).where(eq(grantRepositories.orgId, orgId));
    await tx.delete(requestRepositories).where(eq(requestRepositories.orgId, orgId));
    await tx.delete(orgs).where(eq(orgs.id, orgId));
    return { grants: Number(counted?.n ?? 0) };
  });
}
