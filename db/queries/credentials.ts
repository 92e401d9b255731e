// Read side of the SSO credential inventory: filtered, sorted and keyset-paged in SQL, as
// db/queries/grants.ts does for grants (writes are the sync's: db/queries/credential-sync.ts).
import { and, arrayOverlaps, asc, count, desc, eq, gt, gte, isNotNull, isNull, lt, ne, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { CredentialCursor } from "../../model/credential-cursor.ts";
import type { CredentialFilter, CredentialFilterKey, CredentialSortColumn, SortDirection } from "../../model/credential-filter.ts";
import { githubCredentialType } from "../../model/credentials.ts";
import type { Db } from "../client.ts";
import { credentials, type Credential } from "../schema.ts";

const likeContaining = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const inList = (column: SQL | AnyColumn, values: string[]) => sql`${column} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;

type ConditionContext = { now: Date };
/** One SQL condition per field of model/credential-filter.ts; a field without one does not compile. */
type CredentialConditions = { [K in CredentialFilterKey]-?: (value: NonNullable<CredentialFilter[K]>, c: ConditionContext) => SQL | undefined };

export const CREDENTIAL_CONDITIONS: CredentialConditions = {
  // Stored verbatim in GitHub's words: a kind selects its word.
  type: (kinds) => inList(credentials.credentialType, kinds.map(githubCredentialType)),
  owner: (owners) => inList(sql`lower(${credentials.login})`, owners.map((o) => o.toLowerCase())),
  // GIN index credentials_scopes_gin.
  scope: (scopes) => arrayOverlaps(credentials.scopes, scopes),
  accessedBefore: (d) => lt(credentials.accessedAt, d),
  accessedAfter: (d) => gt(credentials.accessedAt, d),
  neverAccessed: () => isNull(credentials.accessedAt),
  noExpiry: () => isNull(credentials.expiresAt),
  expired: (_, { now }) => sql`${credentials.expiresAt} <= ${now}`,
  // null membership is "not known yet", which is not "left".
  ownerLeft: () => eq(credentials.ownerIsMember, false),
  riskMin: (n) => gte(credentials.riskScore, n),
  q: (text) => or(...[credentials.login, credentials.title, credentials.note, credentials.tokenLastEight, credentials.fingerprint]
    .map((column) => sql`${column} ilike ${likeContaining(text)}`)),
  // Active-only matches the partial indexes (`where removed_at is null`) in schema.ts.
  state: (state) => (state === "active" ? isNull(credentials.removedAt) : state === "removed" ? isNotNull(credentials.removedAt) : undefined),
};

function credentialConditions({ orgId, filter, now }: { orgId: number; filter: CredentialFilter; now: Date }): SQL | undefined {
  const conditions = (Object.keys(CREDENTIAL_CONDITIONS) as CredentialFilterKey[]).map((key) => {
    const value = key === "state" ? (filter.state ?? "active") : filter[key];
    // Built in code (not parsed), a filter may carry false or an empty list: both mean "not set".
    if (value === undefined || (value as unknown) === false || (Array.isArray(value) && value.length === 0)) return undefined;
    return (CREDENTIAL_CONDITIONS[key] as (v: unknown, c: ConditionContext) => SQL | undefined)(value, { now });
  });
  return and(eq(credentials.orgId, orgId), ...conditions);
}

const ISO_MICROS = `YYYY-MM-DD"T"HH24:MI:SS.US"Z"`;
const isoKey = (column: AnyColumn) => sql<string | null>`to_char(${column} at time zone 'UTC', ${sql.raw(`'${ISO_MICROS}'`)})`;
const timeParam = (k: string) => sql`${k}::timestamptz`;
const textParam = (k: string) => sql`${k} collate "C"`;

/**
 * Each sort's value as SQL orders it, as text for a cursor (read by SQL itself, so a cursor holds
 * exactly what was compared), and a cursor's text back into SQL. Text sorts use "C" on lower-cased
 * values so PGlite and any Postgres agree.
 */
const SORT_KEYS: Record<Exclude<CredentialSortColumn, "id">, { expr: SQL; text: SQL<string | null>; param: (key: string) => SQL; nullable: boolean }> = {
  owner: { expr: sql`lower(${credentials.login}) collate "C"`, text: sql`lower(${credentials.login})`, param: textParam, nullable: false },
  type: { expr: sql`lower(${credentials.credentialType}) collate "C"`, text: sql`lower(${credentials.credentialType})`, param: textParam, nullable: false },
  accessed: { expr: sql`${credentials.accessedAt}`, text: isoKey(credentials.accessedAt), param: timeParam, nullable: true },
  authorized: { expr: sql`${credentials.authorizedAt}`, text: isoKey(credentials.authorizedAt), param: timeParam, nullable: false },
  expires: { expr: sql`${credentials.expiresAt}`, text: isoKey(credentials.expiresAt), param: timeParam, nullable: true },
  risk: { expr: sql`${credentials.riskScore}`, text: sql`${credentials.riskScore}::text`, param: (k) => sql`${Number(k)}::int`, nullable: false },
};

/** Never accessed counts as the oldest access; no expiry as the latest expiry. */
const nullsFirst = (sort: CredentialSortColumn, direction: SortDirection) =>
  (sort === "accessed" && direction === "asc") || (sort === "expires" && direction === "desc");

function orderBy(sort: CredentialSortColumn, direction: SortDirection): SQL[] {
  const tieBreak = direction === "asc" ? asc(credentials.credentialId) : desc(credentials.credentialId);
  if (sort === "id") return [tieBreak];
  const k = SORT_KEYS[sort];
  const nulls = k.nullable ? (nullsFirst(sort, direction) ? sql` nulls first` : sql` nulls last`) : sql``;
  return [sql`${k.expr} ${direction === "asc" ? sql`asc` : sql`desc`}${nulls}`, tieBreak];
}

/** The rows after a cursor, as segments each one index range (the cursor's group, then the other one). */
function segmentsAfter(c: CredentialCursor, sort: CredentialSortColumn, direction: SortDirection): SQL[] {
  const cmp = direction === "asc" ? sql`>` : sql`<`;
  if (sort === "id") return [sql`${credentials.credentialId} ${cmp} ${c.id}`];
  const k = SORT_KEYS[sort];
  const range = (key: string) => sql`(${k.expr}, ${credentials.credentialId}) ${cmp} (${k.param(key)}, ${c.id})`;
  if (!k.nullable) return [range(c.key!)];
  const nullsAfterRange = !nullsFirst(sort, direction);
  if (c.key === null) {
    const inNulls = sql`${k.expr} is null and ${credentials.credentialId} ${cmp} ${c.id}`;
    return nullsAfterRange ? [inNulls] : [inNulls, sql`${k.expr} is not null`];
  }
  return nullsAfterRange ? [range(c.key), sql`${k.expr} is null`] : [range(c.key)];
}

/** Browsing counts stop here ("1,000+"); countCredentials counts exactly (bulk removal, reports). */
export const CREDENTIAL_COUNT_CAP = 1_000;

export type CredentialPage = {
  rows: Credential[];
  /** Each row's cursor, in the order of rows. */
  cursors: CredentialCursor[];
  hasNext: boolean;
  hasPrevious: boolean;
  total: number;
  totalCapped: boolean;
};

const opposite = (d: SortDirection): SortDirection => (d === "asc" ? "desc" : "asc");

/** A keyset page of an org's credentials (after or before a decoded cursor, else the first page) and a capped count. */
export async function listCredentials({
  db, orgId, filter, sort = "authorized", direction = "desc", perPage = 50, now = new Date(), after, before, withCount = true, countCap = CREDENTIAL_COUNT_CAP,
}: {
  db: Db; orgId: number; filter: CredentialFilter; sort?: CredentialSortColumn; direction?: SortDirection; perPage?: number; now?: Date;
  after?: CredentialCursor; before?: CredentialCursor; withCount?: boolean; countCap?: number;
}): Promise<CredentialPage> {
  const where = credentialConditions({ orgId, filter, now });
  const keyText = sort === "id" ? sql<string | null>`null` : SORT_KEYS[sort].text;
  const read = (extra: SQL | undefined, dir: SortDirection, limit: number) =>
    db.select({ row: credentials, key: keyText }).from(credentials).where(and(where, extra)).orderBy(...orderBy(sort, dir)).limit(limit);
  const cursor = after ?? before;
  const counting = withCount ? countCredentialsUpTo({ db, orgId, filter, now, cap: countCap }) : null;
  let found: { row: Credential; key: string | null }[] = [];
  if (cursor) {
    // Before a cursor = after it in the opposite order, read back to front.
    const dir = before ? opposite(direction) : direction;
    for (const segment of segmentsAfter(cursor, sort, dir)) {
      found.push(...await read(segment, dir, perPage + 1 - found.length));
      if (found.length > perPage) break;
    }
  } else {
    found = await read(undefined, direction, perPage + 1);
  }
  const more = found.length > perPage;
  const kept = found.slice(0, perPage);
  if (before) kept.reverse();
  const { total, capped } = counting ? await counting : { total: kept.length, capped: more };
  return {
    rows: kept.map((r) => r.row),
    cursors: kept.map((r) => ({ sort, direction, key: r.key, id: r.row.credentialId })),
    hasNext: before ? true : more,
    hasPrevious: before ? more : Boolean(after),
    total,
    totalCapped: capped,
  };
}

/** Exact count of the credentials a filter matches (bulk removal, reports, policies). */
export async function countCredentials({ db, orgId, filter = {}, now = new Date() }: { db: Db; orgId: number; filter?: CredentialFilter; now?: Date }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(credentials).where(credentialConditions({ orgId, filter, now }));
  return Number(row?.n ?? 0);
}

/** Counts matches up to `cap`: the inner LIMIT stops the scan at cap + 1 rows. */
export async function countCredentialsUpTo({ db, orgId, filter = {}, now = new Date(), cap = CREDENTIAL_COUNT_CAP }: {
  db: Db; orgId: number; filter?: CredentialFilter; now?: Date; cap?: number;
}): Promise<{ total: number; capped: boolean }> {
  const matching = db.select({ one: sql<number>`1`.as("one") }).from(credentials).where(credentialConditions({ orgId, filter, now })).limit(cap + 1).as("matching");
  const [row] = await db.select({ n: count() }).from(matching);
  const n = Number(row?.n ?? 0);
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}

/** One credential authorization of the org (active or removed); null when the org has none with this id. */
export async function getCredential({ db, orgId, credentialId }: { db: Db; orgId: number; credentialId: number }): Promise<Credential | null> {
  const [row] = await db.select().from(credentials).where(and(eq(credentials.orgId, orgId), eq(credentials.credentialId, credentialId)));
  return row ?? null;
}

/**
 * The other authorizations of the same underlying token or key in this org (authorized_credential_id
 * is stable across re-authorizations, github-pat-api.md §4.1), newest first: its history.
 */
export async function listCredentialAuthorizations({ db, orgId, authorizedCredentialId, except }: {
  db: Db; orgId: number; authorizedCredentialId: number; except: number;
}): Promise<Credential[]> {
  return db.select().from(credentials)
    .where(and(eq(credentials.orgId, orgId), eq(credentials.authorizedCredentialId, authorizedCredentialId), ne(credentials.credentialId, except)))
    .orderBy(desc(credentials.authorizedAt), desc(credentials.credentialId));
}
