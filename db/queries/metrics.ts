// Aggregates for GET /metrics (Prometheus). Small queries over small tables; run per scrape.
import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";

type Rows<T> = { rows: T[] };
const run = async <T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> => ((await db.execute(query)) as unknown as Rows<T>).rows;

export type OrgSyncMetric = {
  org: string;
  kind: string;
  status: string;
  durationMs: number | null;
  apiCalls: number;
  rateLimitSpent: number;
  activeGrants: number | null;
  finishedAt: Date | null;
};

export async function countSyncRunsByStatus({ db }: { db: Db }): Promise<{ org: string; status: string; n: number }[]> {
  const rows = await run<{ org: string; status: string; n: string | number }>(db, sql`
    select o.login as org, r.status, count(*) as n
    from sync_runs r join orgs o on o.id = r.org_id
    group by o.login, r.status order by o.login, r.status`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The latest finished run of each org. */
export async function listLastSyncPerOrg({ db }: { db: Db }): Promise<OrgSyncMetric[]> {
  const rows = await run<{
    org: string; kind: string; status: string; duration_ms: number | null; api_calls: number;
    rate_limit_spent: number; active_grants: number | null; finished_at: string | Date | null;
  }>(db, sql`
    select distinct on (r.org_id) o.login as org, r.kind, r.status, r.duration_ms, r.api_calls,
      r.rate_limit_spent, r.active_grants, r.finished_at
    from sync_runs r join orgs o on o.id = r.org_id
    where r.finished_at is not null
    order by r.org_id, r.finished_at desc, r.id desc`);
  return rows.map((r) => ({
    org: r.org, kind: r.kind, status: r.status, durationMs: r.duration_ms, apiCalls: Number(r.api_calls),
    rateLimitSpent: Number(r.rate_limit_spent), activeGrants: r.active_grants === null ? null : Number(r.active_grants),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
  }));
}

/** The rate limit left as last observed by a sync, per installation. */
export async function listRateLimitRemaining({ db }: { db: Db }): Promise<{ installationId: number; org: string; remaining: number }[]> {
  const rows = await run<{ installation_id: string | number; org: string; remaining: number }>(db, sql`
    select distinct on (o.installation_id) o.installation_id, o.login as org, r.rate_limit_remaining as remaining
    from sync_runs r join orgs o on o.id = r.org_id
    where r.rate_limit_remaining is not null and o.installation_id is not null
    order by o.installation_id, r.started_at desc, r.id desc`);
  return rows.map((r) => ({ installationId: Number(r.installation_id), org: r.org, remaining: Number(r.remaining) }));
}

export async function countActiveGrantsPerOrg({ db }: { db: Db }): Promise<{ org: string; n: number }[]> {
  const rows = await run<{ org: string; n: string | number }>(db, sql`
    select o.login as org, count(g.id) as n
    from orgs o left join grants g on g.org_id = o.id and g.removed_at is null
    group by o.login order by o.login`);
  return rows.map((r) => ({ org: r.org, n: Number(r.n) }));
}

/** Totals over every finished run per org and kind: a Prometheus summary's _sum and _count, and API calls. */
export async function sumSyncRunTotals({ db }: { db: Db }): Promise<{ org: string; kind: string; runs: number; seconds: number; apiCalls: number }[]> {
  const rows = await run<{ org: string; kind: string; runs: string | number; ms: string | number | null; calls: string | number | null }>(db, sql`
    select o.login as org, r.kind, count(*) as runs, sum(r.duration_ms) as ms, sum(r.api_calls) as calls
    from sync_runs r join orgs o on o.id = r.org_id
    where r.finished_at is not null
    group by o.login, r.kind order by o.login, r.kind`);
  return rows.map((r) => ({ org: r.org, kind: r.kind, runs: Number(r.runs), seconds: Number(r.ms ?? 0) / 1000, apiCalls: Number(r.calls ?? 0) }));
}

/** Grants handled by revocation jobs, per org and item status (revoked, already_gone, failed, pending…). */
export async function countRevocationItemsByStatus({ db }: { db: Db }): Promise<{ org: string; status: string; n: number }[]> {
  const rows = await run<{ org: string; status: string; n: string | number }>(db, sql`
    select o.login as org, i.status, count(*) as n
    from revocation_items i join orgs o on o.id = i.org_id
    group by o.login, i.status order by o.login, i.status`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function countRevocationJobsByStatus({ db }: { db: Db }): Promise<{ status: string; n: number }[]> {
  const rows = await run<{ status: string; n: string | number }>(db, sql`
    select status, count(*) as n from revocation_jobs group by status order by status`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** pg-boss's queue by queue name and state; empty when pg-boss has not created its schema (yet). */
export async function countQueuedJobsByState({ db }: { db: Db }): Promise<{ queue: string; state: string; n: number }[]> {
  const [exists] = await run<{ t: string | null }>(db, sql`select to_regclass('pgboss.job')::text as t`);
  if (!exists?.t) return [];
  const rows = await run<{ queue: string; state: string; n: string | number }>(db, sql`
    select name as queue, state::text as state, count(*) as n from pgboss.job group by name, state order by name, state`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
