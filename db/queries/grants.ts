// Read side of the grant inventory: filtered, sorted, paginated in SQL. Shared by the CLI and the dashboard.
import { and, arrayContains, arrayOverlaps, asc, count, desc, eq, gt, gte, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { GrantFilter, GrantSortColumn, SortDirection } from "../../bot/grants/filter.ts";
import type { Db } from "../client.ts";
import { grantRepositories, grants, type Grant, type GrantRepository } from "../schema.ts";

const DAY_MS = 86_400_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
const likeContaining = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The expiry that counts: -infinity once GitHub flags the token expired, else its date (null: never).
 * expired is `<= now`, expiring-within a range above now; grants_active_effective_expiry_idx indexes it.
 */
const effectiveExpiry = sql`(case when ${grants.tokenExpired} then '-infinity'::timestamptz else ${grants.tokenExpiresAt} end)`;

function grantConditions({ db, orgId, filter, now }: { db: Db; orgId: number; filter: GrantFilter; now: Date }): SQL | undefined {
  const f = filter;
  const state = f.state ?? "active";
  return and(
    eq(grants.orgId, orgId),
    // Active-only matches the partial indexes (`where removed_at is null`) in schema.ts.
    state === "active" ? isNull(grants.removedAt) : state === "removed" ? isNotNull(grants.removedAt) : undefined,
    f.owner?.length ? sql`lower(${grants.ownerLogin}) in (${sql.join(f.owner.map((o) => sql`${o.toLowerCase()}`), sql`, `)})` : undefined,
    f.repository !== undefined
      ? or(
          eq(grants.repositorySelection, "all"),
          and(
            eq(grants.repositorySelection, "subset"),
            sql`${grants.id} in (${db
              .select({ id: grantRepositories.grantId })
              .from(grantRepositories)
              .where(and(eq(grantRepositories.orgId, orgId), sql`lower(${grantRepositories.name}) = ${f.repository.toLowerCase()}`))})`,
          ),
        )
      : undefined,
    // GIN index on permission_tokens: "contents:write" is stored for write and admin holders alike.
    f.permission?.length ? arrayContains(grants.permissionTokens, f.permission.map((p) => `${p.name}:${p.level}`)) : undefined,
    f.permissionAny?.length ? arrayOverlaps(grants.permissionTokens, f.permissionAny.map((p) => `${p.name}:${p.level}`)) : undefined,
    // Read from the repository map itself, so a permission GitHub adds later still counts.
    f.allReposWrite
      ? and(
          eq(grants.repositorySelection, "all"),
          sql`exists (select 1 from jsonb_each_text(coalesce(${grants.permissions} -> 'repository', '{}'::jsonb)) as p(name, level) where p.level in ('write', 'admin'))`,
        )
      : undefined,
    f.lastUsedBefore ? lt(grants.tokenLastUsedAt, f.lastUsedBefore) : undefined,
    f.lastUsedAfter ? gt(grants.tokenLastUsedAt, f.lastUsedAfter) : undefined,
    f.neverUsed ? isNull(grants.tokenLastUsedAt) : undefined,
    // Last used before the cutoff, or never used and granted before it: one range on grants_active_stale_idx.
    f.staleDays !== undefined
      ? sql`coalesce(${grants.tokenLastUsedAt}, ${grants.accessGrantedAt}) < ${daysBefore(now, f.staleDays)}`
      : undefined,
    // token_expired is GitHub's view at the last sync; the date catches tokens that expired since.
    f.expired ? sql`${effectiveExpiry} <= ${now}` : undefined,
    f.expiringWithin !== undefined
      ? and(sql`${effectiveExpiry} > ${now}`, sql`${effectiveExpiry} <= ${new Date(now.getTime() + f.expiringWithin * DAY_MS)}`)
      : undefined,
    f.noExpiry ? isNull(grants.tokenExpiresAt) : undefined,
    f.expiresAfter ? gte(grants.tokenExpiresAt, f.expiresAfter) : undefined,
    // Hours, not days: a day added in a session time zone with DST is 23 or 25 hours.
    f.lifetimeOverDays !== undefined
      ? sql`${grants.tokenExpiresAt} > ${grants.accessGrantedAt} + make_interval(hours => ${f.lifetimeOverDays * 24}::int)`
      : undefined,
    f.riskMin !== undefined ? gte(grants.riskScore, f.riskMin) : undefined,
    f.selection?.length
      ? sql`${grants.repositorySelection} in (${sql.join(f.selection.map((s) => sql`${s}`), sql`, `)})`
      : undefined,
    f.ownerLeft ? eq(grants.ownerIsMember, false) : undefined,
    f.search
      ? or(sql`${grants.tokenName} ilike ${likeContaining(f.search)}`, sql`${grants.ownerLogin} ilike ${likeContaining(f.search)}`)
      : undefined,
  );
}

/** Text sorts use the "C" collation on lower-cased values, so PGlite and any Postgres agree on the order. */
function orderBy(sort: GrantSortColumn, direction: SortDirection): SQL[] {
  const dir = direction === "asc" ? sql`asc` : sql`desc`;
  const tieBreak = direction === "asc" ? asc(grants.id) : desc(grants.id);
  switch (sort) {
    case "owner":
      return [sql`lower(${grants.ownerLogin}) collate "C" ${dir}`, tieBreak];
    case "name":
      return [sql`lower(${grants.tokenName}) collate "C" ${dir}`, tieBreak];
    // all < none < subset in every collation (lower-case ASCII words): no COLLATE, so
    // grants_active_selection_idx serves both this order and the selection filter.
    case "selection":
      return [sql`${grants.repositorySelection} ${dir}`, tieBreak];
    // Never used counts as the oldest use.
    case "last-used":
      return [sql`${grants.tokenLastUsedAt} ${dir} nulls ${direction === "asc" ? sql`first` : sql`last`}`, tieBreak];
    // No expiry counts as the latest expiry.
    case "expires":
      return [sql`${grants.tokenExpiresAt} ${dir} nulls ${direction === "asc" ? sql`last` : sql`first`}`, tieBreak];
    case "granted":
      return [sql`${grants.accessGrantedAt} ${dir}`, tieBreak];
    case "risk":
      return [sql`${grants.riskScore} ${dir}`, tieBreak];
    case "id":
      return [tieBreak];
  }
}

/**
 * Where browsing counts stop. Counting every match of a broad filter reads hundreds of thousands of
 * rows at 1M grants (seconds); "1,000+" tells a person paging through as much. Only the browsing
 * list caps: bulk revoke, reports and policies count exactly with countGrants.
 * A filtered count may visit a heap row per match (a permission in the GIN index, with stale:
 * ~15 ms per 1,000 on 2 busy cores), so it stops at 1,000 to stay under 50 ms; an unfiltered one
 * reads a narrow index alone (~2 ms per 10,000), so the org total goes to 10,000.
 */
export const GRANT_COUNT_CAP = 1_000;
export const GRANT_TOTAL_CAP = 10_000;

/** The cap for a filter: the wider one when only the state is set. */
export function countCapFor(filter: GrantFilter): number {
  return Object.entries(filter).every(([k, v]) => k === "state" || v === undefined) ? GRANT_TOTAL_CAP : GRANT_COUNT_CAP;
}

export type ListGrantsOptions = {
  db: Db;
  orgId: number;
  filter: GrantFilter;
  sort?: GrantSortColumn;
  direction?: SortDirection;
  page?: number;
  perPage?: number;
  now?: Date;
  /** Stop counting here (never below the end of the requested page); default countCapFor(filter). */
  countCap?: number;
};

/** A page of grants, and how many match: exact, or when totalCapped a lower bound (shown "1,000+"). */
export type GrantPage = { rows: Grant[]; total: number; totalCapped: boolean };

export async function listGrants({
  db, orgId, filter, sort = "granted", direction = "desc", page = 1, perPage = 50, now = new Date(), countCap = countCapFor(filter),
}: ListGrantsOptions): Promise<GrantPage> {
  const where = grantConditions({ db, orgId, filter, now });
  const offset = (page - 1) * perPage;
  const rows = await db
    .select()
    .from(grants)
    .where(where)
    .orderBy(...orderBy(sort, direction))
    .limit(perPage)
    .offset(offset);
  // The last page tells the total without a second query.
  if (rows.length < perPage && (page === 1 || rows.length > 0)) return { rows, total: offset + rows.length, totalCapped: false };
  // Past the cap, a deep page still proves that everything up to its end matches.
  const { total, capped } = await countGrantsUpTo({ db, orgId, filter, now, cap: Math.max(countCap, offset + perPage) });
  return { rows, total, totalCapped: capped };
}

/** Exact count of the grants a filter matches (bulk revoke, reports, policies). */
export async function countGrants({ db, orgId, filter = {}, now = new Date() }: {
  db: Db; orgId: number; filter?: GrantFilter; now?: Date;
}): Promise<number> {
  const [row] = await db.select({ n: count() }).from(grants).where(grantConditions({ db, orgId, filter, now }));
  return Number(row?.n ?? 0);
}

/**
 * Counts matches up to `cap` and says whether there are more: the inner LIMIT stops the scan at
 * cap + 1 rows, so a filter matching 900,000 grants costs what 1,001 cost.
 */
export async function countGrantsUpTo({ db, orgId, filter = {}, now = new Date(), cap = countCapFor(filter) }: {
  db: Db; orgId: number; filter?: GrantFilter; now?: Date; cap?: number;
}): Promise<{ total: number; capped: boolean }> {
  const matching = db.select({ one: sql<number>`1`.as("one") }).from(grants).where(grantConditions({ db, orgId, filter, now })).limit(cap + 1).as("matching");
  const [row] = await db.select({ n: count() }).from(matching);
  const n = Number(row?.n ?? 0);
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}

export type GrantDetail = Grant & { repositories: GrantRepository[] };

/** One grant (active or removed) with its repositories; null when this org has no such grant. */
export async function getGrant({ db, orgId, grantId }: { db: Db; orgId: number; grantId: number }): Promise<GrantDetail | null> {
  const [grant] = await db.select().from(grants).where(and(eq(grants.orgId, orgId), eq(grants.id, grantId)));
  if (!grant) return null;
  const repositories = await db
    .select()
    .from(grantRepositories)
    .where(and(eq(grantRepositories.orgId, orgId), eq(grantRepositories.grantId, grantId)))
    .orderBy(asc(grantRepositories.fullName));
  return { ...grant, repositories };
}

/** Repository counts of subset grants that have no stored repository_count, from the stored rows. */
export async function countGrantRepositories({ db, orgId, grantIds }: {
  db: Db; orgId: number; grantIds: number[];
}): Promise<Map<number, number>> {
  if (grantIds.length === 0) return new Map();
  const rows = await db
    .select({ grantId: grantRepositories.grantId, n: count() })
    .from(grantRepositories)
    .where(and(eq(grantRepositories.orgId, orgId), sql`${grantRepositories.grantId} in (${sql.join(grantIds.map((id) => sql`${id}`), sql`, `)})`))
    .groupBy(grantRepositories.grantId);
  return new Map(rows.map((r) => [r.grantId, Number(r.n)]));
}
