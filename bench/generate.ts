// N grants for one org written by Postgres itself (generate_series), with the simulator's
// distributions: selection 40% all / 20% subset (1–30 repositories, ~1% up to 300) / 40% none,
// last use 40% ≤7d, 20% ≤30d, 15% ≤90d, 15% older, 10% never; expiry 5% past, 5% ≤7d,
// 10% ≤30d, 55% later, 25% none; ~4% of owners left the org; ~3% removed; owners ≈ N/3.
import type pg from "pg";

export async function generateGrants({ pool: p, orgId, login, n, repos = 2000 }: { pool: pg.Pool; orgId: number; login: string; n: number; repos?: number }): Promise<void> {
  const pool = await p.connect(); // one session, so the settings below hold for every statement
  try {
    await pool.query("set maintenance_work_mem = '256MB'");
    await pool.query("set synchronous_commit = off");
    await load({ pool, orgId, login, n, repos });
  } finally {
    pool.release();
  }
}

async function load({ pool, orgId, login, n, repos }: { pool: pg.PoolClient; orgId: number; login: string; n: number; repos: number }): Promise<void> {
  await pool.query(`insert into orgs (id, login) values ($1, $2)`, [orgId, login]);
  // Building indexes once after the load is several times faster than maintaining them row by row
  // (the GIN index above all): keep their definitions, drop them, load, recreate.
  const { rows: defs } = await pool.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename in ('grants', 'grant_repositories') and indexname not like '%_pk'`,
  );
  for (const d of defs) await pool.query(`drop index if exists "${d.indexname}"`);
  const owners = Math.max(10, Math.floor(n / 3));
  await pool.query(
    `insert into grants (org_id, id, token_id, token_name, owner_id, owner_login, repository_selection, repositories_url,
       permissions, permission_tokens, access_granted_at, token_expired, token_expires_at, token_last_used_at,
       owner_is_member, risk_score, last_seen_at, first_seen_at, removed_at, removal_reason)
     select $1, 100000 + r.i, 20000000 + r.i, 'token-' || r.i || case when r.sel < 0.5 then '-deploy' else '-ci' end,
       r.owner, 'user-' || r.owner,
       case when r.sel < 0.4 then 'all' when r.sel < 0.6 then 'subset' else 'none' end,
       'https://api.github.com/orgs/' || $2 || '/personal-access-tokens/' || (100000 + r.i) || '/repositories',
       jsonb_build_object('repository', jsonb_build_object('metadata', 'read', 'contents', case when r.w < 0.34 then 'write' else 'read' end)),
       array_remove(array['metadata:read', 'contents:read',
         case when r.w < 0.34 then 'contents:write' end,
         case when r.p < 0.2 then 'pull_requests:read' end, case when r.p < 0.1 then 'pull_requests:write' end,
         case when r.p > 0.9 then 'administration:read' end, case when r.p > 0.97 then 'administration:write' end,
         case when r.p between 0.3 and 0.35 then 'members:read' end], null),
       now() - (r.age * interval '3 years'),
       r.e < 0.05,
       case when r.e < 0.05 then now() - r.x * interval '60 days'
            when r.e < 0.10 then now() + r.x * interval '7 days'
            when r.e < 0.20 then now() + interval '7 days' + r.x * interval '23 days'
            when r.e < 0.75 then now() + interval '30 days' + r.x * interval '335 days' end,
       case when r.u < 0.40 then now() - r.x * interval '7 days'
            when r.u < 0.60 then now() - interval '7 days' - r.x * interval '23 days'
            when r.u < 0.75 then now() - interval '30 days' - r.x * interval '60 days'
            when r.u < 0.90 then now() - interval '90 days' - r.x * interval '600 days' end,
       r.m >= 0.04, floor(r.risk * r.risk * 100)::int, now(), now(),
       case when r.m > 0.97 then now() - r.x * interval '90 days' end, case when r.m > 0.97 then 'revoked_elsewhere' end
     from (select i, random() as sel, random() as w, random() as p, random() as age, random() as e,
       random() as x, random() as u, random() as m, random() as risk, 1 + floor(random() * $4::int)::int as owner
       from generate_series(1, $3::int) as i) r`,
    [orgId, login, n, owners],
  );
  await pool.query(
    `insert into grant_repositories (org_id, grant_id, repository_id, name, full_name, private)
     select distinct on (g.id, rp.rid) $1, g.id, 900000 + rp.rid, 'repo-' || rp.rid, $2 || '/repo-' || rp.rid, rp.rid % 3 = 0
     from grants g
     cross join lateral (select case when random() < 0.01 then 100 + floor(random() * 200)::int
                                     else 1 + floor(29 * random() ^ 2)::int end + g.id * 0 as k) c
     cross join lateral (select 1 + floor(random() * $3::int)::int as rid from generate_series(1, c.k)) rp
     where g.org_id = $1 and g.repository_selection = 'subset'
     order by g.id, rp.rid`,
    [orgId, login, repos],
  );
  await pool.query(`update grants g set repository_count = c.n from (select grant_id, count(*)::int n from grant_repositories where org_id = $1 group by grant_id) c where g.org_id = $1 and g.id = c.grant_id`, [orgId]);
  for (const d of defs) await pool.query(d.indexdef);
  await pool.query("vacuum analyze grants");
  await pool.query("vacuum analyze grant_repositories");
}

/**
 * The rest of what a dashboard user browses besides grants, for an org made by generateGrants of
 * `grants` grants: `requests` pending requests (owners taken from the grants) and `audit`
 * audit-log entries over the last 90 days (revocations, reviews, sync requests, policy warnings).
 */
export async function generateActivity({ pool, orgId, login, grants, requests, audit }: {
  pool: pg.Pool; orgId: number; login: string; grants: number; requests: number; audit: number;
}): Promise<void> {
  await pool.query(
    `insert into pat_requests (org_id, id, token_id, token_name, owner_id, owner_login, reason, repository_selection, repositories_url,
       permissions, permission_tokens, created_at, token_expired, token_expires_at, status)
     select $1, 500000 + i, 30000000 + i, 'request-' || i, g.owner_id, g.owner_login, 'needed for release ' || i,
       case when i % 3 = 0 then 'subset' else 'all' end,
       'https://api.github.com/orgs/' || $2 || '/personal-access-token-requests/' || (500000 + i) || '/repositories',
       jsonb_build_object('repository', jsonb_build_object('metadata', 'read', 'contents', 'write')),
       array['metadata:read', 'contents:write'], now() - random() * interval '30 days', false, now() + interval '60 days', 'pending'
     from generate_series(1, $3::int) as i
     join grants g on g.org_id = $1 and g.id = 100000 + i`,
    [orgId, login, Math.min(requests, grants)],
  );
  await pool.query(
    `insert into audit_log (org_id, at, actor, actor_type, action, target_type, target_id, reason, result, details)
     select $1, now() - random() * interval '90 days',
       case when k.app then 'patwarden[bot]' else $2 || '-owner' end, case when k.app then 'app' else 'user' end, k.action,
       case when k.action like 'request.%' then 'pat_request' when k.action like 'grant.%' then 'grant' end,
       case when k.action like 'request.%' then (500001 + i % greatest($4::int, 1))::text
            when k.action like 'grant.%' then (100001 + i % $3::int)::text end,
       case when k.action = 'grant.revoke' then 'owner left the org' end,
       case when i % 20 = 0 then 'failure' else 'success' end, '{}'::jsonb
     from generate_series(1, $5::int) as i
     cross join lateral (select (array['grant.revoke', 'request.approve', 'request.deny', 'org.sync_requested', 'policy.warned'])[1 + i % 5] as action,
       i % 5 >= 3 as app) k`,
    [orgId, login, grants, requests, audit],
  );
  await pool.query("analyze pat_requests");
  await pool.query("analyze audit_log");
}
