// Issue #6's load test: concurrent dashboard users browse a large org's pages over HTTP while a
// full sync of another org writes to the same Postgres from a child process.
// The server is `patwarden start` (built dashboard, 10-connection pool) in its own process, or
// several on the same Postgres (issue #17: `processes`), the users split between them; each user
// signs in through the real OAuth flow against the simulator, as an owner of the org.
// Then, cheaply, the same browsing at the data layer (the grants page loader's queries through
// one 10-connection pool in this process), for the share of a page load that is the database.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
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
import { processUsage, signInOverHttp, startLoadServer, type LoadServer } from "./load-server.ts";
import { browse, loadPage, PAGE_KINDS, summarize, type PageKind, type PageLoad, type PageStats } from "./load-users.ts";
import { benchPages, type PagesMeasure } from "./pages.ts";
import { FILTERS } from "./queries.ts";

export type LoadProcess = { pid: number; users: number; cpuMs: number; cpuMsPerLoad: number; rssMb: number; peakRssMb: number; overall: PageStats };

/** One browsing run: `processes` servers on the same Postgres, the users split evenly between them. */
export type LoadRun = {
  processes: number; durationMs: number;
  /** Server-rendered HTML page loads over HTTP, per page kind and overall. */
  http: { overall: PageStats; pages: Record<PageKind, PageStats>; serverWarnings: string[] };
  /** Per server process: its users' loads, its CPU time while they browsed, its memory at the end. */
  perProcess: LoadProcess[];
  /** Share of the machine's CPU time busy while they browsed (every process on it, not ours alone). */
  machineBusy: number;
  sync: { grants: number; wallMs: number; status: string; overlappedMs: number; cpuMs?: number; maxRssMb: number };
  /** Each page kind alone on the (first) server, one session, before the users start (bench/pages.ts); the first run only. */
  pagesAlone?: PagesMeasure;
};

export type LoadMeasure = {
  users: number; grants: number; requests: number; auditEntries: number;
  /** The first run's figures (one process unless asked otherwise), as before runs existed. */
  durationMs: number; http: LoadRun["http"]; sync: LoadRun["sync"]; pagesAlone?: PagesMeasure;
  runs: LoadRun[];
  /** The grants page loader's queries alone (no HTTP, no React), after the HTTP phase. */
  dataLayer: { durationMs: number; views: number; errors: number; p50: number; p95: number; p99: number; max: number; viewsPerSec: number; syncOverlappedMs: number };
  /** Postgres size of the browsed org's data (freshly generated), per table: for docs/scaling.md. */
  storage: { table: string; rows: number; tableMb: number; indexMb: number; totalMb: number }[];
};

export type LoadPlan = {
  users: number; grants: number; syncGrants: number; durationMs: number; dataLayerMs: number; log: (m: string) => void;
  /** Server processes per run, in order: [1, 2] browses once with one server, then again with two. */
  processes?: number[];
  /** Writes each server's V8 CPU profile (--cpu-prof) here. */
  profileDir?: string;
};

const BROWSED = "browsed";
const PAGE_TIMEOUT_MS = 120_000;
const syncingOrg = (run: number) => `syncing-${run + 1}`;

export async function benchLoad({ users, grants, syncGrants, durationMs, dataLayerMs, log, processes = [1], profileDir }: LoadPlan): Promise<LoadMeasure> {
  const { built, ms } = await ensureDashboardBuild({ dir: PROJECT_DIR, log });
  if (built) log(`load: dashboard built in ${(ms / 1000).toFixed(0)} s`);
  const bdb = await createBenchDb({ label: "load" });
  // The browsed org exists on the simulator (installation, owner, membership for sign-in) with no
  // grants there: its grants are generated into Postgres and it is never synced. Each run syncs an
  // org of its own, so every run's sync is a first sync.
  const syncing = processes.map((_, i) => ({ login: syncingOrg(i), grants: syncGrants, repos: 500, subsetShare: 0.2 }));
  const sim = await startSimulator({ seed: 5, orgs: [{ login: BROWSED, grants: 0, requests: 0 }, ...syncing] });
  const pool = rawPool(bdb.url, 10);
  try {
    const browsed = sim.control.org(BROWSED);
    const requests = Math.round(grants / 100);
    const auditEntries = Math.round(grants / 10);
    await generateGrants({ pool, orgId: browsed.id, login: BROWSED, n: grants });
    await generateActivity({ pool, orgId: browsed.id, login: BROWSED, grants, requests, audit: auditEntries });
    const storage = await measureStorage(pool);
    const github = createGitHubApp({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: sim.apiUrl });
    await registerInstallations({ db: bdb.handle.db, appOctokit: github.appOctokit });
    const runs: (LoadRun & { syncEndedAt: number })[] = [];
    let dataLayer: LoadMeasure["dataLayer"] | undefined;
    for (const [i, n] of processes.entries()) {
      const ctx = { sim, databaseUrl: bdb.url, browsedLogin: browsed.demoUsers.owner, users, durationMs, syncGrants, profileDir, log };
      runs.push(await browseRun({ ...ctx, processes: n, syncOrg: syncingOrg(i), pagesAlone: i === 0 }));
      log(`load: ${n} process(es): ${runs.at(-1)!.http.overall.count} page loads, ${runs.at(-1)!.http.overall.errors} errors, p95 ${runs.at(-1)!.http.overall.p95} ms`);
      if (i === 0) {
        log(`load: data layer for ${dataLayerMs / 1000} s`);
        const { startedAt, endedAt, ...d } = await browseDataLayer({ db: drizzle(pool, { schema }) as unknown as Db, orgId: browsed.id, users, durationMs: dataLayerMs });
        dataLayer = { ...d, syncOverlappedMs: Math.max(0, Math.round(Math.min(endedAt, runs[0]!.syncEndedAt) - startedAt)) };
      }
    }
    const [first] = runs;
    return { users, grants, requests, auditEntries, durationMs: first!.durationMs, http: first!.http, sync: first!.sync, pagesAlone: first!.pagesAlone, runs: runs.map(({ syncEndedAt: _, ...r }) => r), dataLayer: dataLayer!, storage };
  } finally {
    await pool.end();
    await sim.close();
    await bdb.drop();
  }
}

/** Starts `processes` servers, signs the users in (user i on server i mod n), browses while a sync runs, stops the servers. */
async function browseRun({ sim, databaseUrl, browsedLogin, users, durationMs, syncGrants, processes, syncOrg, profileDir, log, ...opts }: {
  sim: Awaited<ReturnType<typeof startSimulator>>; databaseUrl: string; browsedLogin: string; users: number; durationMs: number;
  syncGrants: number; processes: number; syncOrg: string; profileDir?: string; log: (m: string) => void; pagesAlone: boolean;
}): Promise<LoadRun & { syncEndedAt: number }> {
  const sessionSecret = randomBytes(32).toString("hex");
  const servers: LoadServer[] = [];
  try {
    // One at a time: each start takes the migration lock and loads the dashboard, which is CPU-bound.
    for (let p = 0; p < processes; p++) servers.push(await startLoadServer({ sim, databaseUrl, sessionSecret, profileDir }));
    const cookies: string[] = [];
    for (let i = 0; i < users; i++) cookies.push(await signInOverHttp({ url: servers[i % processes]!.url, login: browsedLogin }));
    // Each server renders every page kind once first: the figures are a running server's, not its
    // first renders' (module loading and V8 compilation, seconds each on a cold process).
    await Promise.all(servers.map((server, p) => warmUp({ base: server.url, org: BROWSED, cookie: cookies[p]! })));
    const pagesAlone = !opts.pagesAlone ? undefined : await benchPages({ base: servers[0]!.url, org: BROWSED, cookie: cookies[0]!, pid: servers[0]!.pid, log });
    log(`load: ${users} signed-in users browse ${servers.map((s) => s.url).join(" and ")} for ${durationMs / 1000} s while ${syncGrants} grants of ${syncOrg} sync`);
    const truth = sim.control.org(syncOrg);
    sim.control.setRateLimit(truth.installationId, { limit: 1_000_000, remaining: 1_000_000 });
    const before = servers.map((s) => processUsage(s.pid));
    const machineBefore = machineCpu();
    const t0 = performance.now();
    const sync = runWorker<SyncResult>({
      args: { mode: "patwarden", apiUrl: sim.apiUrl, appId: sim.app.id, installationId: truth.installationId, org: syncOrg, databaseUrl },
      env: { BENCH_PRIVATE_KEY: sim.app.privateKey },
    }).then((r) => ({ ...r, endedAt: performance.now() }));
    sync.catch(() => {}); // awaited below; an early failure must not be an unhandled rejection meanwhile
    const loads: (PageLoad & { server: number })[] = [];
    await Promise.all(cookies.map((cookie, i) => browse({
      base: servers[i % processes]!.url, org: BROWSED, cookie, seed: i + 1, until: t0 + durationMs, timeoutMs: PAGE_TIMEOUT_MS,
      record: (l) => loads.push({ ...l, server: i % processes }),
    })));
    const browsedUntil = performance.now();
    const after = servers.map((s) => processUsage(s.pid));
    const machineAfter = machineCpu();
    const seconds = (browsedUntil - t0) / 1000;
    const pages = Object.fromEntries(PAGE_KINDS.map((k) => [k, summarize(loads.filter((l) => l.kind === k), seconds)])) as Record<PageKind, PageStats>;
    const perProcess = servers.map((s, p) => {
      const overall = summarize(loads.filter((l) => l.server === p), seconds);
      const cpuMs = Math.round(after[p]!.cpuMs - before[p]!.cpuMs);
      return { pid: s.pid, users: cookies.filter((_, i) => i % processes === p).length, cpuMs, cpuMsPerLoad: Math.round(cpuMs / Math.max(1, overall.count)), rssMb: after[p]!.rssMb, peakRssMb: after[p]!.peakRssMb, overall };
    });
    const s = await sync;
    return {
      processes, durationMs: Math.round(browsedUntil - t0),
      http: { overall: summarize(loads, seconds), pages, serverWarnings: servers.flatMap((x) => x.warnings).slice(0, 50) },
      perProcess,
      machineBusy: Math.round(((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100) / 100,
      sync: { grants: syncGrants, wallMs: s.result.durationMs, status: s.result.status, overlappedMs: Math.round(Math.min(browsedUntil, s.endedAt) - t0), cpuMs: s.cpuMs, maxRssMb: Math.round(s.maxRssKb / 1024) },
      syncEndedAt: s.endedAt, pagesAlone,
    };
  } finally {
    for (const s of servers) await s.close();
  }
}

async function warmUp({ base, org, cookie }: { base: string; org: string; cookie: string }): Promise<void> {
  const orgPath = `/orgs/${encodeURIComponent(org)}`;
  for (const [kind, path] of [["overview", orgPath], ["grants", `${orgPath}/grants`], ["requests", `${orgPath}/requests`], ["audit", `${orgPath}/audit`]] as const) {
    await loadPage({ url: base + path, cookie, kind, timeoutMs: PAGE_TIMEOUT_MS });
  }
}

/** Jiffies of the whole machine from /proc/stat: busy (everything but idle and iowait) and total. */
function machineCpu(): { busy: number; total: number } {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - (f[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** What the browsed org's 100,000 grants and their activity take in Postgres: heap (with TOAST) and indexes per table. */
async function measureStorage(pool: pg.Pool): Promise<LoadMeasure["storage"]> {
  const { rows } = await pool.query<{ table: string; rows: string; table_bytes: string; index_bytes: string }>(`
    select c.relname as table, c.reltuples::bigint as rows,
           pg_table_size(c.oid) as table_bytes, pg_indexes_size(c.oid) as index_bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and pg_total_relation_size(c.oid) > 65536
     order by pg_total_relation_size(c.oid) desc`);
  const mb = (b: string) => Math.round((Number(b) / 1048576) * 10) / 10;
  return rows.map((r) => ({ table: r.table, rows: Math.max(0, Number(r.rows)), tableMb: mb(r.table_bytes), indexMb: mb(r.index_bytes), totalMb: mb(String(Number(r.table_bytes) + Number(r.index_bytes))) }));
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
