// Issue #6's load test: concurrent dashboard users browse a large org's pages over HTTP while a
// full sync of another org writes to the same Postgres from a child process.
// The server is `patwarden start` (built dashboard, 10-connection pool) in its own process; each
// user signs in through the real OAuth flow against the simulator, as an owner of the org.
// Then, cheaply, the same browsing at the data layer (the grants page loader's queries through
// one 10-connection pool in this process), for the share of a page load that is the database.
import { drizzle } from "drizzle-orm/node-postgres";
import type { GrantSortColumn } from "../model/grant-filter.ts";
import { createGitHubApp } from "../bot/github/client.ts";
import { startSimulator } from "../simulator/index.ts";
import { registerInstallations, type SyncResult } from "../bot/sync/index.ts";
import type { Db } from "../db/client.ts";
import { countGrantRepositories, countGrants, listGrants } from "../db/queries/grants.ts";
import * as schema from "../db/schema.ts";
import { ensureDashboardBuild } from "../app/_server/ensure-build.ts";
import { PROJECT_DIR } from "../bot/server/dashboard.ts";
import { runWorker } from "./child.ts";
import { createBenchDb, rawPool } from "./db.ts";
import { generateActivity, generateGrants } from "./generate.ts";
import { signInOverHttp, startLoadServer } from "./load-server.ts";
import { browse, PAGE_KINDS, summarize, type PageKind, type PageLoad, type PageStats } from "./load-users.ts";
import { FILTERS } from "./queries.ts";

export type LoadMeasure = {
  users: number; grants: number; requests: number; auditEntries: number; durationMs: number;
  /** Server-rendered HTML page loads over HTTP, per page kind and overall. */
  http: { overall: PageStats; pages: Record<PageKind, PageStats>; serverWarnings: string[] };
  /** The grants page loader's queries alone (no HTTP, no React), after the HTTP phase. */
  dataLayer: { durationMs: number; views: number; errors: number; p50: number; p95: number; p99: number; max: number; viewsPerSec: number; syncOverlappedMs: number };
  sync: { grants: number; wallMs: number; status: string; overlappedMs: number };
};

type LoadPlan = { users: number; grants: number; syncGrants: number; durationMs: number; dataLayerMs: number; log: (m: string) => void };

const BROWSED = "browsed";
const PAGE_TIMEOUT_MS = 120_000;

export async function benchLoad({ users, grants, syncGrants, durationMs, dataLayerMs, log }: LoadPlan): Promise<LoadMeasure> {
  const { built, ms } = await ensureDashboardBuild({ dir: PROJECT_DIR, log });
  if (built) log(`load: dashboard built in ${(ms / 1000).toFixed(0)} s`);
  const bdb = await createBenchDb({ label: "load" });
  // The browsed org exists on the simulator (installation, owner, membership for sign-in) with no
  // grants there: its grants are generated into Postgres and it is never synced.
  const sim = await startSimulator({ seed: 5, orgs: [{ login: BROWSED, grants: 0, requests: 0 }, { login: "syncing", grants: syncGrants, repos: 500, subsetShare: 0.2 }] });
  const pool = rawPool(bdb.url, 10);
  let server: Awaited<ReturnType<typeof startLoadServer>> | undefined;
  try {
    const browsed = sim.control.org(BROWSED);
    const requests = Math.round(grants / 100);
    const auditEntries = Math.round(grants / 10);
    await generateGrants({ pool, orgId: browsed.id, login: BROWSED, n: grants });
    await generateActivity({ pool, orgId: browsed.id, login: BROWSED, grants, requests, audit: auditEntries });
    const github = createGitHubApp({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: sim.apiUrl });
    await registerInstallations({ db: bdb.handle.db, appOctokit: github.appOctokit });
    server = await startLoadServer({ sim, databaseUrl: bdb.url });
    const cookies: string[] = [];
    for (let i = 0; i < users; i++) cookies.push(await signInOverHttp({ url: server.url, login: browsed.demoUsers.owner }));
    log(`load: ${grants} grants, ${requests} requests, ${auditEntries} audit entries; ${users} signed-in users browse ${server.url} for ${durationMs / 1000} s while ${syncGrants} grants sync`);

    const truth = sim.control.org("syncing");
    sim.control.setRateLimit(truth.installationId, { limit: 1_000_000, remaining: 1_000_000 });
    const t0 = performance.now();
    const sync = runWorker<SyncResult>({
      args: { mode: "patwarden", apiUrl: sim.apiUrl, appId: sim.app.id, installationId: truth.installationId, org: "syncing", databaseUrl: bdb.url },
      env: { BENCH_PRIVATE_KEY: sim.app.privateKey },
    }).then((r) => ({ ...r, endedAt: performance.now() }));
    sync.catch(() => {}); // awaited below; an early failure must not be an unhandled rejection meanwhile
    const loads: PageLoad[] = [];
    await Promise.all(cookies.map((cookie, i) => browse({
      base: server!.url, org: BROWSED, cookie, seed: i + 1, until: t0 + durationMs, timeoutMs: PAGE_TIMEOUT_MS, record: (l) => loads.push(l),
    })));
    const browsedUntil = performance.now();
    const seconds = (browsedUntil - t0) / 1000;
    const pages = Object.fromEntries(PAGE_KINDS.map((k) => [k, summarize(loads.filter((l) => l.kind === k), seconds)])) as Record<PageKind, PageStats>;
    const http = { overall: summarize(loads, seconds), pages, serverWarnings: server.warnings.slice() };
    log(`load: ${http.overall.count} page loads, ${http.overall.errors} errors, p95 ${http.overall.p95} ms; data layer for ${dataLayerMs / 1000} s`);

    const { startedAt, endedAt, ...dataLayer } = await browseDataLayer({ db: drizzle(pool, { schema }) as unknown as Db, orgId: browsed.id, users, durationMs: dataLayerMs });
    const s = await sync;
    return {
      users, grants, requests, auditEntries, durationMs: Math.round(browsedUntil - t0), http,
      dataLayer: { ...dataLayer, syncOverlappedMs: Math.max(0, Math.round(Math.min(endedAt, s.endedAt) - startedAt)) },
      sync: { grants: syncGrants, wallMs: s.result.durationMs, status: s.result.status, overlappedMs: Math.round(Math.min(browsedUntil, s.endedAt) - t0) },
    };
  } finally {
    await server?.close();
    await pool.end();
    await sim.close();
    await bdb.drop();
  }
}

const SORTS: GrantSortColumn[] = ["granted", "owner", "last-used", "expires", "risk"];

/** The grants page loader's queries (a page of rows, the org total, repository counts) in a closed loop per user. */
async function browseDataLayer({ db, orgId, users, durationMs }: { db: Db; orgId: number; users: number; durationMs: number }) {
  const times: number[] = [];
  let errors = 0;
  let seed = 1;
  const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  const startedAt = performance.now();
  const view = async () => {
    const [, filter] = FILTERS[rand(FILTERS.length)]!;
    const page = rand(4) === 0 ? 1 + rand(20) : 1;
    const now = new Date();
    const [{ rows }] = await Promise.all([
      listGrants({ db, orgId, filter, sort: SORTS[rand(SORTS.length)]!, direction: rand(2) ? "asc" : "desc", page, perPage: 50, now }),
      countGrants({ db, orgId, filter: { state: filter.state }, now }),
    ]);
    await countGrantRepositories({ db, orgId, grantIds: rows.filter((g) => g.repositorySelection === "subset" && g.repositoryCount === null).map((g) => g.id) });
  };
  await Promise.all(Array.from({ length: users }, async () => {
    while (performance.now() - startedAt < durationMs) {
      const t = performance.now();
      try {
        await view();
        times.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  }));
  const endedAt = performance.now();
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0);
  return {
    durationMs: Math.round(endedAt - startedAt), views: times.length, errors, p50: pct(50), p95: pct(95), p99: pct(99),
    max: Math.round(times[times.length - 1] ?? 0), viewsPerSec: Math.round((times.length * 1000) / (endedAt - startedAt)), startedAt, endedAt,
  };
}
