// The people list: everyone who holds an active grant, an active SSO credential or a pending
// request in the given orgs, or has a membership row there, one row per lower-cased login.
// Aggregating needs every person's rows whatever the page, so the keyset only bounds what is
// returned (the sort keys are aggregates: no index can hand them over in order).
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { idArray } from "./upsert-helpers.ts";

export const PEOPLE_SORTS = ["risk", "login", "grants"] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

export type PersonListRow = {
  /** lower(login): the key. */
  key: string;
  login: string;
  grants: number;
  credentials: number;
  requests: number;
  maxRisk: number;
  orgIds: number[];
  /** Orgs the person left: a membership row GitHub no longer lists, or grants/credentials marked "owner left". */
  leftOrgIds: number[];
  lastUsedAt: Date | null;
};

/** Where the previous page ended: its last row's sort value and key. */
export type PeopleKeyset = { value: number | string; key: string };

const ORDER: Record<PeopleSort, { by: SQL; after: (k: PeopleKeyset) => SQL }> = {
  risk: { by: sql`max_risk desc, key asc`, after: (k) => sql`(max_risk < ${Number(k.value)} or (max_risk = ${Number(k.value)} and key > ${k.key}))` },
  grants: { by: sql`grants desc, key asc`, after: (k) => sql`(grants < ${Number(k.value)} or (grants = ${Number(k.value)} and key > ${k.key}))` },
  login: { by: sql`key asc`, after: (k) => sql`key > ${k.key}` },
};

const likeText = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listPeople({ db, orgIds, q, sort, after, limit }: {
  db: Db; orgIds: number[]; q?: string; sort: PeopleSort; after?: PeopleKeyset; limit: number;
}): Promise<{ rows: PersonListRow[]; hasNext: boolean }> {
  if (orgIds.length === 0) return { rows: [], hasNext: false };
  const orgs = idArray(orgIds);
  const search = q ? sql`where who like ${likeText(q)}` : sql``;
  const order = ORDER[sort];
  const result = await db.execute(sql`
    with held as (
      select org_id, lower(owner_login) as who, owner_login as login, count(*)::int as g, 0 as c, 0 as r, max(risk_score) as risk, max(token_last_used_at) as used, bool_or(owner_is_member = false) as left_org, false as member_now
        from grants where removed_at is null and org_id = any(${orgs}) group by org_id, lower(owner_login), owner_login
      union all
      select org_id, lower(login), login, 0, count(*)::int, 0, max(risk_score), max(accessed_at), bool_or(owner_is_member = false), false
        from credentials where removed_at is null and org_id = any(${orgs}) group by org_id, lower(login), login
      union all
      select org_id, lower(owner_login), owner_login, 0, 0, count(*)::int, 0, null::timestamptz, false, false
        from pat_requests where status = 'pending' and org_id = any(${orgs}) group by org_id, lower(owner_login), owner_login
      union all
      select org_id, lower(login), login, 0, 0, 0, 0, null::timestamptz, removed_at is not null, removed_at is null
        from org_members where org_id = any(${orgs})
    ), per_org as (
      -- A current membership outweighs a stale "owner left" mark in the same org.
      select who, org_id, max(login) as login, sum(g) as g, sum(c) as c, sum(r) as r, max(risk) as risk, max(used) as used,
             coalesce(bool_or(left_org), false) and not bool_or(member_now) as left_org
        from held ${search} group by who, org_id
    ), people as (
      select who as key, max(login) as login, sum(g)::int as grants, sum(c)::int as credentials, sum(r)::int as requests,
             max(risk)::int as max_risk, array_agg(org_id order by org_id) as org_ids,
             coalesce(array_agg(org_id order by org_id) filter (where left_org), '{}') as left_org_ids, max(used) as last_used
        from per_org group by who
    )
    select * from people ${after ? sql`where ${order.after(after)}` : sql``}
    order by ${order.by} limit ${limit + 1}`);
  const raw = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  const rows = raw.slice(0, limit).map((r) => ({
    key: String(r.key),
    login: String(r.login),
    grants: Number(r.grants),
    credentials: Number(r.credentials),
    requests: Number(r.requests),
    maxRisk: Number(r.max_risk ?? 0),
    orgIds: toIds(r.org_ids),
    leftOrgIds: toIds(r.left_org_ids),
    lastUsedAt: r.last_used ? new Date(r.last_used as string | Date) : null,
  }));
  return { rows, hasNext: raw.length > limit };
}

/** bigint[] arrives as numbers, strings or Postgres' '{1,2}' text depending on the driver. */
function toIds(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === "string") return v.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
  return [];
}
