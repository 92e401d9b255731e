// `npm run bench`: patwarden against the naive baseline, the 1M-grant query bench, bulk revoke
// and the dashboard load test. Prints tables and writes bench/results/latest.json after every
// section, so a run cut short keeps what it measured.
// `--smoke`: tiny sizes, under a minute. `--only=sync,queries,revoke,load` picks sections,
// `--sizes=1000,10000` picks sync sizes.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchLoad } from "./load.ts";
import { benchQueries } from "./queries.ts";
import { benchRevoke } from "./revoke-bench.ts";
import { benchSyncSize, type SyncPlan } from "./sync-bench.ts";
import { printLoad, printQueries, printRevoke, printSyncTables } from "./table.ts";

const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const wants = (s: string) => !only || only.includes(s);
const sizes = argv.find((a) => a.startsWith("--sizes="))?.slice(8).split(",").map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));
// Sections run on their own (--only) write their own file, so several can run side by side.
const outName = `${smoke ? "smoke" : "latest"}${only ? `-${only.join("-")}` : ""}.json`;

// Sized to finish in under 15 minutes on an idle 2-core machine; 100k last, as the longest.
const SYNC_PLANS: SyncPlan[] = smoke
  ? [{ size: 300, latencies: [0], baseline: "full", steps: ["first", "unchanged", "changed-1%"] }]
  : [
      // The baseline keeps no ETags, so its re-syncs cost what its first sync costs (measured at 1,000);
      // at 10,000 it runs the first sync only. 100,000: first sync and unchanged re-sync at 0 ms, the
      // baseline cut at 60 s and extrapolated — with latency and the 1% step it would not fit 15 minutes.
      { size: 1_000, latencies: [0, 30], baseline: "full", steps: ["first", "unchanged", "changed-1%"] },
      { size: 10_000, latencies: [0], baseline: "first-only", steps: ["first", "unchanged", "changed-1%"] },
      { size: 100_000, latencies: [0], baseline: { deadlineMs: 60_000 }, steps: ["first", "unchanged"] },
    ];
const QUERY_GRANTS = smoke ? 5_000 : 1_000_000;
const REVOKE = smoke ? { n: 300, pacingMs: 100, killAfterMs: 6_000 } : { n: 10_000, pacingMs: 1_000, killAfterMs: 40_000 };
const LOAD = smoke
  ? { users: 5, grants: 2_000, syncGrants: 300, durationMs: 5_000, dataLayerMs: 2_000 }
  : { users: 50, grants: 100_000, syncGrants: 10_000, durationMs: 60_000, dataLayerMs: 10_000 };

const log = (m: string) => process.stdout.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const started = new Date();
  const results: Record<string, unknown> = {};
  const dir = path.join(here, "results");
  mkdirSync(dir, { recursive: true });
  const save = () => {
    const doc = { started: started.toISOString(), saved: new Date().toISOString(), smoke, host: { cpus: os.cpus().length, load: os.loadavg(), node: process.version }, ...results };
    writeFileSync(path.join(dir, outName), `${JSON.stringify(doc, null, 2)}\n`);
  };
  const section = async <T>(name: string, run: () => Promise<T>, print: (r: T) => void) => {
    if (!wants(name)) return;
    const t0 = performance.now();
    const loadBefore = os.loadavg()[0];
    const r = await run();
    results[name] = r;
    results[`${name}Meta`] = { wallMs: Math.round(performance.now() - t0), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0] };
    print(r);
    save();
  };
  if (wants("sync")) {
    const sync: Awaited<ReturnType<typeof benchSyncSize>> = [];
    results.sync = sync;
    for (const plan of SYNC_PLANS.filter((p) => !sizes || sizes.includes(p.size))) {
      if (plan.size > 10_000) continue; // 100k runs last, after the other sections
      sync.push(...(await benchSyncSize({ plan, log })));
      save();
    }
  }
  await section("queries", () => benchQueries({ n: QUERY_GRANTS, runs: smoke ? 3 : 12, log }), printQueries);
  await section("revoke", () => benchRevoke({ ...REVOKE, log }), printRevoke);
  await section("load", () => benchLoad({ ...LOAD, log }), printLoad);
  if (wants("sync")) {
    const sync = results.sync as Awaited<ReturnType<typeof benchSyncSize>>;
    for (const plan of SYNC_PLANS.filter((p) => p.size > 10_000 && (!sizes || sizes.includes(p.size)))) {
      sync.push(...(await benchSyncSize({ plan, log })));
      save();
    }
    printSyncTables(sync);
  }
  save();
  log(`wrote bench/results/${outName} in ${Math.round((Date.now() - started.getTime()) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
