// The overview's data path alone (engine.orgs.overview + orgs.history, no HTTP, no React) at N
// generated grants: the first view (which counts the summary), then CPU and wall per view after a warm-up. Not part of `npm run bench`; run it as
//   tsx bench/overview-path.ts --grants=100000 [--url=postgres://…/h1_bench] [--runs=40] [--live]
// --live times what every view ran before org_summaries (issue #17): the counts themselves.
// With --url the database is reused when it already holds the org (generated once, then kept).
import { readFileSync } from "node:fs";
import pg from "pg";
import { migrateDb, openDb } from "../db/client.ts";
import { createEngine } from "../bot/engine.ts";
import { countGrants } from "../db/queries/grants.ts";
import { computeOrgSummary } from "../db/queries/org-summary.ts";
import { listActiveGrantHistory, listLatestSyncRuns } from "../db/queries/overview.ts";
import { STALE_DAYS } from "../model/categories.ts";
import { generateActivity, generateGrants } from "./generate.ts";

const arg = (name: string, dflt: string) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const grants = Number(arg("grants", "100000"));
const runs = Number(arg("runs", "40"));
const url = arg("url", "postgres://postgres@127.0.0.1:5432/h1_bench");
const live = process.argv.includes("--live");
const ORG = { id: 7001, login: "overview-bench" };
const DAY = 86_400_000;

async function main() {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  const dbName = url.slice(url.lastIndexOf("/") + 1);
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [dbName])).rowCount;
  if (!exists) await admin.query(`create database "${dbName}"`);
  await admin.end();
  // One connection, so its Postgres backend's CPU (from /proc, this machine's Postgres) is the path's server CPU.
  const handle = await openDb({ databaseUrl: url, max: 1 });
  await migrateDb(handle);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const have = (await pool.query("select count(*)::int as n from grants where org_id = $1", [ORG.id])).rows[0].n as number;
  if (have === 0) {
    const t = performance.now();
    await generateGrants({ pool, orgId: ORG.id, login: ORG.login, n: grants });
    await generateActivity({ pool, orgId: ORG.id, login: ORG.login, grants, requests: Math.round(grants / 100), audit: Math.round(grants / 10) });
    await pool.query("vacuum analyze");
    console.log(`generated ${grants} grants in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } else console.log(`reusing ${have} grants in ${dbName}`);
  await pool.end();
  const pool0 = new pg.Pool({ connectionString: url, max: 1 });
  const engine = createEngine({ db: handle });
  const call = async () => {
    const now = new Date();
    const hSince = new Date(now.getTime() - 90 * DAY);
    const since = new Date(now.getTime() - 30 * DAY);
    await Promise.all([
      live
        ? Promise.all([
          computeOrgSummary({ db: handle.db, orgId: ORG.id, now }),
          countGrants({ db: handle.db, orgId: ORG.id, filter: { staleDays: STALE_DAYS }, now }),
          listActiveGrantHistory({ db: handle.db, orgId: ORG.id, since }),
          listLatestSyncRuns({ db: handle.db, orgIds: [ORG.id] }),
        ])
        : engine.orgs.overview({ orgId: ORG.id, since }),
      engine.orgs.history({ orgId: ORG.id, since: hSince, weeksFrom: hSince }),
    ]);
  };
  // The first view of a never-summarized org counts once (what every view cost before org_summaries).
  await pool0.query("delete from org_summaries where org_id = $1", [ORG.id]);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await call();
  const c1 = process.cpuUsage(c0);
  console.log(`first view (counts and stores the summary): ${(performance.now() - t0).toFixed(0)} ms wall, node CPU ${((c1.user + c1.system) / 1000).toFixed(1)} ms`);
  const backend = ((await handle.db.execute("select pg_backend_pid() as pid")) as unknown as { rows: { pid: number }[] }).rows[0]!.pid;
  const serverCpuMs = () => {
    const f = readFileSync(`/proc/${backend}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in 10 ms ticks
  };
  for (let i = 0; i < 3; i++) await call();
  const s0 = serverCpuMs();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await call();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const serverMs = (serverCpuMs() - s0) / runs;
  console.log(`Postgres backend CPU per view: ${serverMs.toFixed(1)} ms (mean of ${runs})`);
  console.log(`overview data path${live ? " (live counts, as before)" : ""}, ${runs} calls: wall p50 ${q(wall, 0.5).toFixed(1)} ms, p95 ${q(wall, 0.95).toFixed(1)} ms; node CPU p50 ${q(cpu, 0.5).toFixed(2)} ms`);
  await engine.orgs.idle({});
  await pool0.end();
  await handle.close();
}

await main();
