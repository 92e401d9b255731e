// The naive sync a user writes instead of patwarden, kept as the benchmark's yardstick:
// Octokit `paginate` over every grant, one repositories listing per subset grant, and one
// upsert statement per row with plain `pg`. No ETags, no batching, nothing in parallel.
// Its own tables, so it shares nothing with patwarden's schema.
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import pg from "pg";

const BaselineOctokit = Octokit.plugin(paginateRest);

type Grant = {
  id: number;
  owner: { login: string; id: number };
  repository_selection: string;
  permissions: unknown;
  access_granted_at: string;
  token_id: number;
  token_name: string;
  token_expired: boolean;
  token_expires_at: string | null;
  token_last_used_at: string | null;
};
type Repo = { id: number; name: string; full_name: string; private: boolean };

export type BaselineResult = {
  grants: number;
  repositoryRows: number;
  /** Subset grants whose repositories were fetched (all of them unless stopped by `deadlineMs`). */
  subsetDone: number;
  subsetTotal: number;
  stoppedEarly: boolean;
  durationMs: number;
  /** Time per phase: the grant listing, the grant upserts, the repository listings with their upserts. */
  phaseMs: { list: number; upserts: number; repositories: number };
};

export async function runBaseline({ baseUrl, appId, privateKey, installationId, org, databaseUrl, deadlineMs }: {
  baseUrl: string; appId: number; privateKey: string; installationId: number; org: string; databaseUrl: string;
  /** Stop after this long (the bench extrapolates the rest, and says so). */
  deadlineMs?: number;
}): Promise<BaselineResult> {
  const t0 = performance.now();
  const octokit = new BaselineOctokit({ baseUrl, authStrategy: createAppAuth, auth: { appId, privateKey, installationId } });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`create table if not exists baseline_grants (
    id bigint primary key, owner_login text, owner_id bigint, repository_selection text, permissions jsonb,
    access_granted_at timestamptz, token_id bigint, token_name text, token_expired boolean,
    token_expires_at timestamptz, token_last_used_at timestamptz)`);
  await client.query(`create table if not exists baseline_grant_repositories (
    grant_id bigint, repository_id bigint, name text, full_name text, private boolean, primary key (grant_id, repository_id))`);
  const late = () => deadlineMs !== undefined && performance.now() - t0 > deadlineMs;

  const grants = (await octokit.paginate("GET /orgs/{org}/personal-access-tokens", { org, per_page: 100 })) as Grant[];
  const tList = performance.now();
  let written = 0;
  for (const g of grants) {
    if (late()) break;
    await client.query(
      `insert into baseline_grants values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
       on conflict (id) do update set owner_login = $2, owner_id = $3, repository_selection = $4, permissions = $5,
         access_granted_at = $6, token_id = $7, token_name = $8, token_expired = $9, token_expires_at = $10, token_last_used_at = $11`,
      [g.id, g.owner.login, g.owner.id, g.repository_selection, JSON.stringify(g.permissions), g.access_granted_at, g.token_id,
        g.token_name, g.token_expired, g.token_expires_at, g.token_last_used_at],
    );
    written++;
  }
  const tUpserts = performance.now();
  const subset = grants.filter((g) => g.repository_selection === "subset");
  let subsetDone = 0;
  let repositoryRows = 0;
  for (const g of subset) {
    if (late()) break;
    const repos = (await octokit.paginate("GET /orgs/{org}/personal-access-tokens/{pat_id}/repositories", { org, pat_id: g.id, per_page: 100 })) as Repo[];
    await client.query("delete from baseline_grant_repositories where grant_id = $1", [g.id]);
    for (const r of repos) {
      await client.query("insert into baseline_grant_repositories values ($1,$2,$3,$4,$5) on conflict do nothing", [g.id, r.id, r.name, r.full_name, r.private]);
      repositoryRows++;
    }
    subsetDone++;
  }
  await client.end();
  const tEnd = performance.now();
  return {
    grants: written, repositoryRows, subsetDone, subsetTotal: subset.length,
    stoppedEarly: written < grants.length || subsetDone < subset.length,
    durationMs: Math.round(tEnd - t0),
    phaseMs: { list: Math.round(tList - t0), upserts: Math.round(tUpserts - tList), repositories: Math.round(tEnd - tUpserts) },
  };
}
