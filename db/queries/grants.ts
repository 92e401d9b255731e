// Read side of the grant inventory: filtered, sorted, paginated in SQL. Shared by the CLI and the dashboard.
import { and, arrayContains, arrayOverlaps, asc, count, desc, eq, gt, gte, isNotNull, isNull, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { GrantFilter, GrantFilterKey, GrantSortColumn, SortDirection } from "../../model/grant-filter.ts";
import { DAY_MS } from "../../model/categories.ts";
import type { GrantCursor } from "../../model/grant-cursor.ts";
import type { Db } from "../client.ts";
import { grantRepositories, grants, type Grant, type GrantRepository } from "../schema.ts";
import { repositoryNamed } from "./repositories.ts";
import { CATEGORY_CONDITIONS as CATEGORY, effectiveExpiry } from "./category-conditions.ts";

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
const likeContaining = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type ConditionContext = { db: Db; orgId: number; now: Date };
/** One SQL condition per filter field of model/grant-filter.ts; a field without one does not compile. */
type GrantConditions = { [K in GrantFilterKey]-?: (value: NonNullable<GrantFilter[K]>, c: ConditionContext) => SQL | undefined };

export const GRANT_CONDITIONS: GrantConditions = {
  owner: (owners) => sql`lower(${grants.ownerLogin}) in (${sql.join(owners.map((o) => sql`${o.toLowerCase()}`), sql`, `)})`,
  repository: (name, { db, orgId }) =>
    or(
      eq(grants.repositorySelection, "all"),
      and(
        eq(grants.repositorySelection, "subset"),
        sql`${grants.id} in (${db
          .select({ id: grantRepositories.grantId })
          .from(grantRepositories)
          .where(and(eq(grantRepositories.orgId, orgId), repositoryNamed(grantRepositories, name)))})`,
      ),
    ),
  // GIN index on permission_tokens: "contents:write" is stored for write and admin holders alike.
  permission: (ps) => arrayContains(grants.permissionTokens, ps.map((p) => `${p.name}:${p.level}`)),
  permissionAny: (ps) => arrayOverlaps(grants.permissionTokens, ps.map((p) => `${p.name}:${p.level}`)),
  // The categories (stale, never used, expired, no expiry, owner left, all-repositories-with-write)
  // come from db/queries/category-conditions.ts, so the overview, snapshots and reports count the same grants.
  allReposWrite: () => CATEGORY.allReposWrite(),
  lastUsedBefore: (d) => lt(grants.tokenLastUsedAt, d),
  lastUsedAfter: (d) => gt(grants.tokenLastUsedAt, d),
  neverUsed: () => CATEGORY.neverUsed(),
  staleDays: (days, { now }) => CATEGORY.stale({ now, days }),
  expired: (_, { now }) => CATEGORY.expired({ now }),
  expiringWithin: (days, { now }) =>
    and(sql`${effectiveExpiry} > ${now}`, sql`${effectiveExpiry} <= ${new Date(now.getTime() + days * DAY_MS)}`),
  expiresAfter: (d) => gte(grants.tokenExpiresAt, d),
  noExpiry: () => CATEGORY.noExpiry(),
  // Hours, not days: a day added in a session time zone with DST is 23 or 25 hours.
  lifetimeOverDays: (days) => sql`${grants.tokenExpiresAt} > ${grants.accessGrantedAt} + make_interval(hours => ${days * 24}::int)`,
  selection: (selections) => sql`${grants.repositorySelection} in (${sql.join(selections.map((s) => sql`${s}`), sql`, `)})`,
  ownerLeft: () => CATEGORY.ownerLeft(),
  riskMin: (n) => gte(grants.riskScore, n),
  search: (text) => or(sql`${grants.tokenName} ilike ${likeContaining(text)}`, sql`${grants.ownerLogin} ilike ${likeContaining(text)}`),
  // Active-only matches the partial indexes (`where removed_at is null`) in schema.ts.
  state: (state) => (state === "active" ? isNull(grants.removedAt) : state === "removed" ? isNotNull(grants.removedAt) : undefined),
};

function grantConditions({ db, orgId, filter, now }: { db: Db; orgId: number; filter: GrantFilter; now: Date }): SQL | undefined {
  const c = { db, orgId, now };
  const conditions = (Object.keys(GRANT_CONDITIONS) as GrantFilterKey[]).map((key) => {
    const value = key === "state" ? (filter.state ?? "active") : filter[key];
    // Built in code (not parsed), a filter may carry false or an empty list: both mean "not set".
    if (value === undefined || (value as unknown) === false || (Array.isArray(value) && value.length === 0)) return undefined;
    return (GRANT_CONDITIONS[key] as (v: unknown, c: ConditionContext) => SQL | undefined)(value, c);
  });
  return and(eq(grants.orgId, orgId), ...conditions);
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
  /**
   * Keyset paging (model/grant-cursor.ts, already decoded and checked against sort and direction):
   * the page after, or before, this row; `page` is then ignored. Without one, `page` is an OFFSET.
   */
  after?: GrantCursor;
  before?: GrantCursor;
  /** false: no count (a caller walking every page counts the rows itself); total is then the rows seen so far. */
  withCount?: boolean;
};

/**
 * A page of grants, and how many match: exact, or when totalCapped a lower bound (shown "1,000+").
 * `hasNext` and `hasPrevious` say whether rows lie beyond its last and first rows, read with one
 * row more than the page, not counted.
 */
export type GrantPage = {
  rows: Grant[]; total: number; totalCapped: boolean;
  /** Each row's cursor, in the order of rows: the first and last are where the pages before and after start. */
  cursors: GrantCursor[];
  hasNext: boolean; hasPrevious: boolean;
};

const opposite = (d: SortDirection): SortDirection => (d === "asc" ? "desc" : "asc");
const ISO_MICROS = `YYYY-MM-DD"T"HH24:MI:SS.US"Z"`;
const isoKey = (column: AnyColumn) => sql<string | null>`to_char(${column} at time zone 'UTC', ${sql.raw(`'${ISO_MICROS}'`)})`;

/**
 * Each sort's value as text, read by SQL itself (so a cursor holds exactly what the ORDER BY compared:
 * Postgres' lower(), microseconds), and the same value from a cursor back into SQL, typed.
 */
const SORT_KEYS: Record<Exclude<GrantSortColumn, "id">, { expr: SQL; text: SQL<string | null>; param: (key: string) => SQL; nullable: boolean }> = {
  owner: { expr: sql`lower(${grants.ownerLogin}) collate "C"`, text: sql`lower(${grants.ownerLogin})`, param: (k) => sql`${k} collate "C"`, nullable: false },
  name: { expr: sql`lower(${grants.tokenName}) collate "C"`, text: sql`lower(${grants.tokenName})`, param: (k) => sql`${k} collate "C"`, nullable: false },
  selection: { expr: sql`${grants.repositorySelection}`, text: sql`${grants.repositorySelection}::text`, param: (k) => sql`${k}`, nullable: false },
  "last-used": { expr: sql`${grants.tokenLastUsedAt}`, text: isoKey(grants.tokenLastUsedAt), param: (k) => sql`${k}::timestamptz`, nullable: true },
  expires: { expr: sql`${grants.tokenExpiresAt}`, text: isoKey(grants.tokenExpiresAt), param: (k) => sql`${k}::timestamptz`, nullable: true },
  granted: { expr: sql`${grants.accessGrantedAt}`, text: isoKey(grants.accessGrantedAt), param: (k) => sql`${k}::timestamptz`, nullable: false },
  risk: { expr: sql`${grants.riskScore}`, text: sql`${grants.riskScore}::text`, param: (k) => sql`${Number(k)}::int`, nullable: false },
};

/** Where orderBy puts a nullable sort's nulls: never used is the oldest use, no expiry the latest expiry. */
const nullsFirst = (sort: GrantSortColumn, direction: SortDirection) =>
  (sort === "last-used" && direction === "asc") || (sort === "expires" && direction === "desc");

/**
 * The rows after a cursor in one direction, as segments read in turn, each one index range
 * (an OR of a range and "is null" would make Postgres filter from the start, like an OFFSET):
 * the rest of the cursor's group (nulls, or values), then the other group when it comes later.
 */
function segmentsAfter(c: GrantCursor, sort: GrantSortColumn, direction: SortDirection): SQL[] {
  const cmp = direction === "asc" ? sql`>` : sql`<`;
  if (sort === "id") return [sql`${grants.id} ${cmp} ${c.id}`];
  const k = SORT_KEYS[sort];
  const range = (key: string) => sql`(${k.expr}, ${grants.id}) ${cmp} (${k.param(key)}, ${c.id})`;
  if (!k.nullable) return [range(c.key!)];
  const nullsAfterRange = !nullsFirst(sort, direction);
  if (c.key === null) {
    const inNulls = sql`${k.expr} is null and ${grants.id} ${cmp} ${c.id}`;
    return nullsAfterRange ? [inNulls] : [inNulls, sql`${k.expr} is not null`];
  }
  return nullsAfterRange ? [range(c.key), sql`${k.expr} is null`] : [range(c.key)];
}

export async function listGrants({
  db, orgId, filter, sort = "granted", direction = "desc", page = 1, perPage = 50, now = new Date(), countCap = countCapFor(filter),
  after, before, withCount = true,
}: ListGrantsOptions): Promise<GrantPage> {
  const where = grantConditions({ db, orgId, filter, now });
  const keyText = sort === "id" ? sql<string | null>`null` : SORT_KEYS[sort].text;
  const cursorOf = (r: { grant: Grant; key: string | null }): GrantCursor => ({ sort, direction, key: r.key, id: r.grant.id });
  const read = (extra: SQL | undefined, dir: SortDirection, limit: number, offset = 0) => {
    const q = db.select({ grant: grants, key: keyText }).from(grants).where(and(where, extra)).orderBy(...orderBy(sort, dir)).limit(limit);
    return offset > 0 ? q.offset(offset) : q;
  };
  const cursor = after ?? before;
  // From a cursor the count is always wanted (rows lie before it): read it beside the page, not after.
  const counting = cursor && withCount ? countGrantsUpTo({ db, orgId, filter, now, cap: countCap }) : null;
  let found: { grant: Grant; key: string | null }[];
  let offset = 0;
  if (cursor) {
    // Before a cursor = after it in the opposite order, read back to front.
    const dir = before ? opposite(direction) : direction;
    found = [];
    for (const segment of segmentsAfter(cursor, sort, dir)) {
      found.push(...await read(segment, dir, perPage + 1 - found.length));
      if (found.length > perPage) break;
    }
  } else {
    offset = (page - 1) * perPage;
    found = await read(undefined, direction, perPage + 1, offset);
  }
  const more = found.length > perPage;
  const kept = found.slice(0, perPage);
  if (before) kept.reverse();
  const rows = kept.map((r) => r.grant);
  const hasNext = before ? true : more;
  const hasPrevious = before ? more : after ? true : page > 1;
  const cursors = kept.map(cursorOf);
  const edges = { cursors, hasNext, hasPrevious };
  // The last page of an offset walk tells the total without a second query.
  if (!cursor && !more && (page === 1 || rows.length > 0)) return { rows, total: offset + rows.length, totalCapped: false, ...edges };
  if (!withCount) return { rows, total: offset + rows.length, totalCapped: more, ...edges };
  // Past the cap, a deep offset page still proves that everything up to its end matches.
  const { total, capped } = await (counting ?? countGrantsUpTo({ db, orgId, filter, now, cap: Math.max(countCap, offset + rows.length) }));
  return { rows, total, totalCapped: capped, ...edges };
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
