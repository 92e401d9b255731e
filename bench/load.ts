// Issue #6's load test, at the data layer: 50 concurrent dashboard users browse and filter a
// 100,000-grant org (each "page view" is the grants page loader's queries: a page of rows, the
// org total, repository counts) through one 10-connection pool, as the dashboard process has,
// while a full sync of another org writes to the same Postgres from a child process.
import { drizzle } from "drizzle-orm/node-postgres";
import type { GrantSortColumn } from "../bot/grants/filter.ts";
import { startSimulator } from "../bot/simulator/index.ts";
import type { SyncResult } from "../bot/sync/index.ts";
import type { Db } from "../db/client.ts";
import { countGrantRepositories, countGrants, listGrants } from "../db/queries/grants.ts";
import * as schema from "../db/schema.ts";
import { runWorker } from "./child.ts";
import { createBenchDb, rawPool } from "./db.ts";
import { generateGrants } from "./generate.ts";
import { FILTERS } from "./queries.ts";

export type LoadMeasure = {
  users: number; grants: number; durationMs: number; views: number; errors: number; p50: number; p95: number; p99: number; max: number;
  viewsPerSec: number; sync: { grants: number; wallMs: number; status: string; overlappedMs: number };
};

const SORTS: GrantSortColumn[] = ["granted", "owner", "last-used", "expires", "risk"];
const ORG_ID = 777;

export async function benchLoad({ users, grants, syncGrants, durationMs, log }: { users: number; grants: number; syncGrants: number; durationMs: number; log: (m: string) => void }): Promise<LoadMeasure> {
  const bdb = await createBenchDb({ label: "load" });
  const sim = await startSimulator({ seed: 5, orgs: [{ login: "syncing", grants: syncGrants, repos: 500, subsetShare: 0.2 }] });
  const pool = rawPool(bdb.url, 10);
  try {
    await generateGrants({ pool, orgId: ORG_ID, login: "browsed", n: grants });
    log(`load: ${grants} grants generated; ${users} users for ${durationMs / 1000} s while ${syncGrants} grants sync`);
    const db = drizzle(pool, { schema }) as unknown as Db;
    const truth = sim.control.org("syncing");
    sim.control.setRateLimit(truth.installationId, { limit: 1_000_000, remaining: 1_000_000 });
    const t0 = performance.now();
    const sync = runWorker<SyncResult>({
      args: { mode: "patwarden", apiUrl: sim.apiUrl, appId: sim.app.id, installationId: truth.installationId, org: "syncing", databaseUrl: bdb.url },
      env: { BENCH_PRIVATE_KEY: sim.app.privateKey },
    }).then((r) => ({ ...r, endedAt: performance.now() }));
    const times: number[] = [];
    let errors = 0;
    let seed = 1;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const view = async () => {
      const [, filter] = FILTERS[rand(FILTERS.length)]!;
      const sort = SORTS[rand(SORTS.length)]!;
      const page = rand(4) === 0 ? 1 + rand(20) : 1;
      const now = new Date();
      const [{ rows }] = await Promise.all([
        listGrants({ db, orgId: ORG_ID, filter, sort, direction: rand(2) ? "asc" : "desc", page, perPage: 50, now }),
        countGrants({ db, orgId: ORG_ID, filter: { state: filter.state }, now }),
      ]);
      await countGrantRepositories({ db, orgId: ORG_ID, grantIds: rows.filter((g) => g.repositorySelection === "subset" && g.repositoryCount === null).map((g) => g.id) });
    };
    const user = async () => {
      while (performance.now() - t0 < durationMs) {
        const t = performance.now();
        try {
          await view();
          times.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: users }, user));
    const browsedUntil = performance.now();
    const s = await sync;
    times.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0);
    return {
      users, grants, durationMs: Math.round(browsedUntil - t0), views: times.length, errors,
      p50: pct(50), p95: pct(95), p99: pct(99), max: Math.round(times[times.length - 1] ?? 0),
      viewsPerSec: Math.round((times.length * 1000) / (browsedUntil - t0)),
      sync: { grants: syncGrants, wallMs: s.result.durationMs, status: s.result.status, overlappedMs: Math.round(Math.min(browsedUntil, s.endedAt) - t0) },
    };
  } finally {
    await pool.end();
    await sim.close();
    await bdb.drop();
  }
}
