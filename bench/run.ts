// `npm run bench`: patwarden against the naive baseline, the 1M-grant query bench, bulk revoke
// and the dashboard load test. Prints tables and writes bench/results/latest.json after every
// section, so a run cut short keeps what it measured.
// `--smoke`: tiny sizes, under a minute. `--only=sync,queries,revoke,load,cli` picks sections,
// `--sizes=1000,10000` picks sync sizes.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchCliStart } from "./cli-start.ts";
import { benchLoad } from "./load.ts";
import { benchQueries } from "./queries.ts";
import { benchRevoke } from "./revoke-bench.ts";
import { benchSyncSize, type SyncMeasure, type SyncPlan } from "./sync-bench.ts";
import { printCliStart, printLoad, printQueries, printRevoke, printSyncTables } from "./table.ts";

const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const wants = (s: string) => !only || only.includes(s);
const sizes = argv.find((a) => a.startsWith("--sizes="))?.slice(8).split(",").map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));
// Sections run on their own (--only) write their own file, so several can run side by side.
const outName = `${smoke ? "smoke" : "latest"}${only ? `-${only.join("-")}` : ""}.json`;

// Sized to finish in under 15 minutes on an idle 2-core machine; 100k last, as the longest. Every
// size at 0 and 30 ms of latency. The baseline keeps no ETags, so its re-syncs cost what its first
// sync costs (measured at 1,000); from 10,000 it runs the first sync only, and where it would take
// minutes it is cut at a deadline and extrapolated (labelled). At 100,000 with 30 ms, patwarden's
// first sync only: its re-syncs' calls and points are the 0 ms run's (latency changes neither).
const ALL_STEPS: SyncMeasure["step"][] = ["first", "unchanged", "changed-1%"];
const SYNC_PLANS: SyncPlan[] = smoke
  ? [{ size: 300, runs: [{ latencyMs: 0, baseline: "full", steps: ALL_STEPS }, { latencyMs: 30, baseline: "first-only", steps: ["first"] }] }]
  : [
      { size: 1_000, runs: [{ latencyMs: 0, baseline: "full", steps: ALL_STEPS }, { latencyMs: 30, baseline: "full", steps: ALL_STEPS }] },
      {
        size: 10_000,
        runs: [
          { latencyMs: 0, baseline: "first-only", steps: ALL_STEPS },
          { latencyMs: 30, baseline: { deadlineMs: 45_000 }, steps: ALL_STEPS },
        ],
      },
      {
        size: 100_000,
        runs: [
          { latencyMs: 0, baseline: { deadlineMs: 60_000 }, steps: ALL_STEPS },
          { latencyMs: 30, baseline: { deadlineMs: 30_000 }, steps: ["first"] },
        ],
      },
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
  await section("cli", () => benchCliStart({ runs: smoke ? 3 : 9, log }), printCliStart);
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
