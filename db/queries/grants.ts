// Read side of the grant inventory: filtered, sorted, paginated in SQL. Shared by the CLI and the dashboard.
import { and, arrayContains, arrayOverlaps, asc, count, desc, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { GrantFilter, GrantSortColumn, SortDirection } from "../../bot/grants/filter.ts";
import type { Db } from "../client.ts";
import { grantRepositories, grants, type Grant, type GrantRepository } from "../schema.ts";

const DAY_MS = 86_400_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
const likeContaining = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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
    f.staleDays !== undefined
      ? or(
          lt(grants.tokenLastUsedAt, daysBefore(now, f.staleDays)),
          and(isNull(grants.tokenLastUsedAt), lt(grants.accessGrantedAt, daysBefore(now, f.staleDays))),
        )
      : undefined,
    // token_expired is GitHub's view at the last sync; the date catches tokens that expired since.
    f.expired ? or(eq(grants.tokenExpired, true), lte(grants.tokenExpiresAt, now)) : undefined,
    f.expiringWithin !== undefined
      ? and(
          eq(grants.tokenExpired, false),
          gt(grants.tokenExpiresAt, now),
          lte(grants.tokenExpiresAt, new Date(now.getTime() + f.expiringWithin * DAY_MS)),
        )
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
    case "selection":
      return [sql`${grants.repositorySelection} collate "C" ${dir}`, tieBreak];
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

export type ListGrantsOptions = {
  db: Db;
  orgId: number;
  filter: GrantFilter;
  sort?: GrantSortColumn;
  direction?: SortDirection;
  page?: number;
  perPage?: number;
  now?: Date;
};

export async function listGrants({
  db, orgId, filter, sort = "granted", direction = "desc", page = 1, perPage = 50, now = new Date(),
}: ListGrantsOptions): Promise<{ rows: Grant[]; total: number }> {
  const where = grantConditions({ db, orgId, filter, now });
  const rows = await db
    .select()
    .from(grants)
    .where(where)
    .orderBy(...orderBy(sort, direction))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const total = rows.length < perPage && (page === 1 || rows.length > 0)
    ? (page - 1) * perPage + rows.length // the last page tells the total without a second query
    : await countGrants({ db, orgId, filter, now });
  return { rows, total };
}

export async function countGrants({ db, orgId, filter = {}, now = new Date() }: {
  db: Db; orgId: number; filter?: GrantFilter; now?: Date;
}): Promise<number> {
  const [row] = await db.select({ n: count() }).from(grants).where(grantConditions({ db, orgId, filter, now }));
  return Number(row?.n ?? 0);
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
