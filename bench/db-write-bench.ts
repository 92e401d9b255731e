// The sync's database writes alone, no network: `tsx bench/db-write-bench.ts [--grants=10000]`.
// Pre-made pages of 100 grants (20% subset, 1–30 repositories each) go through upsertGrantPage
// one after another, then their repository listings through writeRepositoryListings 100 at a
// time, as a first sync writes them; then the same pages again (a re-sync that changes nothing).
// Prints rows/s and this process's CPU per phase, on a throwaway Postgres database (bench/db.ts).
import { emptyStats, silentLog, type SyncContext } from "../bot/sync/context.ts";
import { upsertGrantPage } from "../bot/sync/upsert-grant-page.ts";
import { writeRepositoryListings, type RepositoryListing } from "../bot/sync/sync-repositories.ts";
import { createCallCounters } from "../bot/github/calls.ts";
import type { GitHubGrant } from "../bot/github/schemas.ts";
import { upsertOrg } from "../db/queries/orgs.ts";
import { createSyncRun } from "../db/queries/sync-runs.ts";
import { createBenchDb } from "./db.ts";

const argv = process.argv.slice(2);
const size = Number(argv.find((a) => a.startsWith("--grants="))?.slice(9) ?? 10_000);
const ORG = { id: 9001, login: "dbbench" };

function makeGrants(n: number): { grants: GitHubGrant[]; listings: RepositoryListing[] } {
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31); // reproducible, no import needed
  const grants: GitHubGrant[] = [];
  const listings: RepositoryListing[] = [];
  const t0 = Date.parse("2025-01-01T00:00:00Z");
  for (let i = 0; i < n; i++) {
    const id = 1_000_000 + i;
    const selection = rnd() < 0.2 ? "subset" : rnd() < 0.5 ? "all" : "none";
    grants.push({
      id,
      owner: { id: 50_000 + (i % 3000), login: `user-${i % 3000}`, avatar_url: `https://avatars.example/u/${i % 3000}`, type: "User" },
      repository_selection: selection,
      repositories_url: `https://api.example/organizations/${ORG.id}/personal-access-tokens/${id}/repositories`,
      permissions: { organization: rnd() < 0.3 ? { members: "read" } : {}, repository: { metadata: "read", contents: rnd() < 0.4 ? "write" : "read" }, other: {} },
      access_granted_at: new Date(t0 + i * 60_000),
      token_id: 2_000_000 + i,
      token_name: `token ${i}`,
      token_expired: false,
      token_expires_at: rnd() < 0.3 ? null : new Date(t0 + 400 * 86_400_000),
      token_last_used_at: rnd() < 0.2 ? null : new Date(t0 + i * 3_600_000),
    });
    if (selection === "subset") {
      const count = 1 + Math.floor(rnd() * 30);
      const start = Math.floor(rnd() * 1900);
      const repos = Array.from({ length: count }, (_, k) => ({ repositoryId: 10_000 + start + k, name: `repo-${start + k}`, fullName: `${ORG.login}/repo-${start + k}`, private: k % 2 === 0 }));
      listings.push({ of: "grant", id, repos, keepIds: repos.map((r) => r.repositoryId), records: [] });
    }
  }
  return { grants, listings };
}

async function main(): Promise<void> {
  const db = await createBenchDb({ label: "dbwrite" });
  try {
    const now = new Date();
    await upsertOrg({ db: db.handle.db, id: ORG.id, login: ORG.login, installationId: null, now });
    const { grants, listings } = makeGrants(size);
    const repoRows = listings.reduce((n, l) => n + l.repos.length, 0);
    for (const pass of ["first", "unchanged"] as const) {
      const runId = await createSyncRun({ db: db.handle.db, orgId: ORG.id, kind: "full", trigger: "bench", startedAt: now });
      const ctx: SyncContext = {
        db: db.handle.db, octokit: { request: () => Promise.reject(new Error("no network here")) }, org: ORG, runId, now: () => now,
        counters: createCallCounters(), stats: emptyStats(), log: silentLog, checkpoint: () => {}, details: {},
      };
      const phase = async (what: string, rows: number, run: () => Promise<void>) => {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await run();
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        process.stdout.write(`${pass} ${what}: ${rows} rows in ${ms.toFixed(0)} ms = ${Math.round((rows * 1000) / ms)} rows/s, node CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms\n`);
      };
      await phase("grant pages (upsertGrantPage, 100 a page)", grants.length, async () => {
        for (let i = 0; i < grants.length; i += 100) await upsertGrantPage({ ctx, grants: grants.slice(i, i + 100) });
      });
      await phase(`repository listings (writeRepositoryListings, 100 a batch; ${listings.length} listings)`, repoRows, async () => {
        for (let i = 0; i < listings.length; i += 100) await writeRepositoryListings({ ctx, listings: listings.slice(i, i + 100) });
      });
    }
  } finally {
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
