// `npm run bench`: patwarden against the naive baseline, the 1M-grant query bench, bulk revoke,
// the dashboard load test (with each page alone first), CLI start-up and the client's JS and LCP.
// Prints tables and writes bench/results/latest.json after every section, so a run cut short keeps
// what it measured; ends with each section's wall time and issue #17's targets beside the previous
// figures (bench/targets.ts, bench/previous.json).
// `--smoke`: tiny sizes, about a minute. `--only=sync,queries,revoke,load,cli,client` picks
// sections, `--sizes=1000,10000` picks sync sizes, `--full` adds the 100,000-grant sync at 30 ms and a second load run on two server processes
// (docs/scaling.md; ~70 s), `--save-previous` makes this
// run's figures the previous ones (bench/previous.json).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiledState } from "../bin/compiled.js";
import { benchCliStart } from "./cli-start.ts";
import { benchClient, formatClient } from "./client.ts";
import { benchLoad } from "./load.ts";
import { benchQueries } from "./queries.ts";
import { benchRevoke } from "./revoke-bench.ts";
import { benchSyncSize, type SyncMeasure, type SyncPlan } from "./sync-bench.ts";
import { printCliStart, printLoad, printQueries, printRevoke, printSections, printSyncTables, printTargets } from "./table.ts";
import { evaluateTargets, previousFrom, type BenchResults, type Previous } from "./targets.ts";

const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const full = argv.includes("--full");
const savePrevious = argv.includes("--save-previous");
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const wants = (s: string) => !only || only.includes(s);
const sizes = argv.find((a) => a.startsWith("--sizes="))?.slice(8).split(",").map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));
const PREVIOUS = path.join(here, "previous.json");
// Sections run on their own (--only) write their own file, so several can run side by side.
const outName = `${smoke ? "smoke" : "latest"}${only ? `-${only.join("-")}` : ""}.json`;

// Sized to finish in under 15 minutes on an idle 2-core machine; 100k last, as the longest. Every
// size ≤ 10,000 at 0 and 30 ms of latency (the sync / API-alone targets), 100,000 at 0 ms (peak RSS,
// and its re-syncs' calls and points, which latency does not change; `--full` adds its first sync
// at 30 ms, ~2.5 min). The baseline keeps no ETags, so its re-syncs cost what its first sync costs
// (measured at 1,000 and 0 ms); from there it runs the first sync only, and where it would take
// minutes it is cut at a deadline and extrapolated per phase (labelled).
const ALL_STEPS: SyncMeasure["step"][] = ["first", "unchanged", "changed-1%"];
const SYNC_PLANS: SyncPlan[] = smoke
  ? [{ size: 300, runs: [{ latencyMs: 0, baseline: "full", steps: ALL_STEPS }, { latencyMs: 30, baseline: "first-only", steps: ["first"] }] }]
  : [
      { size: 1_000, runs: [{ latencyMs: 0, baseline: "full", steps: ALL_STEPS }, { latencyMs: 30, baseline: "first-only", steps: ALL_STEPS }] },
      {
        size: 10_000,
        runs: [
          { latencyMs: 0, baseline: "first-only", steps: ALL_STEPS },
          { latencyMs: 30, baseline: { deadlineMs: 30_000 }, steps: ALL_STEPS },
        ],
      },
      {
        size: 100_000,
        runs: [
          { latencyMs: 0, baseline: { deadlineMs: 40_000 }, steps: ALL_STEPS },
          ...(full ? [{ latencyMs: 30, baseline: { deadlineMs: 30_000 }, steps: ["first"] } satisfies SyncPlan["runs"][number]] : []),
        ],
      },
    ];
const QUERY_GRANTS = smoke ? 5_000 : 1_000_000;
const REVOKE = smoke ? { n: 300, pacingMs: 100, killAfterMs: 6_000 } : { n: 10_000, pacingMs: 1_000, killAfterMs: 40_000 };
const LOAD = smoke
  ? { users: 5, grants: 2_000, syncGrants: 300, durationMs: 5_000, dataLayerMs: 2_000 }
  : { users: 50, grants: 100_000, syncGrants: 10_000, durationMs: 60_000, dataLayerMs: 10_000, processes: full ? [1, 2] : [1] };

const log = (m: string) => process.stdout.write(`[bench] ${m}\n`);

function readPrevious(): Previous | undefined {
  try {
    return JSON.parse(readFileSync(PREVIOUS, "utf8")) as Previous;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = os.loadavg();
  const cpus = os.cpus().length;
  // More than half the cores busy before we start: someone else's work is in every figure below.
  const busyWarning = loadAtStart[0]! > cpus / 2
    ? `load average ${loadAtStart.map((l) => l.toFixed(1)).join(", ")} on ${cpus} cores at the start: the machine is not idle, so wall times (and p95s) are not from an idle machine`
    : undefined;
  if (busyWarning) log(`WARNING: ${busyWarning}`);
  const results: Record<string, unknown> = {};
  const sections: Record<string, { wallMs: number; loadAverageBefore: number; loadAverageAfter: number }> = {};
  const dir = path.join(here, "results");
  mkdirSync(dir, { recursive: true });
  const doc = () => ({
    started: started.toISOString(), saved: new Date().toISOString(), smoke, only: only ?? null, full,
    host: { cpus, loadAtStart, load: os.loadavg(), node: process.version, busyWarning }, sections, ...results,
  });
  const save = () => writeFileSync(path.join(dir, outName), `${JSON.stringify(doc(), null, 2)}\n`);
  /** Times `run` into the section's wall time (a section may run in parts: the sync does). */
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const loadAverageBefore = os.loadavg()[0]!;
    try {
      return await run();
    } finally {
      const wallMs = Math.round(performance.now() - t0) + (sections[name]?.wallMs ?? 0);
      sections[name] = { wallMs, loadAverageBefore: sections[name]?.loadAverageBefore ?? loadAverageBefore, loadAverageAfter: os.loadavg()[0]! };
      log(`${name}: ${(wallMs / 1000).toFixed(0)} s so far`);
    }
  };
  // A section that fails is reported and the run goes on: the other figures and the summary stay.
  const failures: Record<string, string> = {};
  results.failures = failures;
  const section = async <T>(name: string, run: () => Promise<T>, print: (r: T) => void) => {
    if (!wants(name)) return;
    try {
      const r = await timed(name, run);
      results[name] = r;
      print(r);
    } catch (e) {
      failures[name] = e instanceof Error ? e.message : String(e);
      process.stderr.write(`[bench] ${name} FAILED: ${e instanceof Error ? e.stack : String(e)}\n`);
    }
    save();
  };
  const syncPlans = (big: boolean) => SYNC_PLANS.filter((p) => (p.size > 10_000) === big && (!sizes || sizes.includes(p.size)));
  const sync: Awaited<ReturnType<typeof benchSyncSize>> = [];
  // The sync runs in two parts (100k last, after the other sections), each size its own step.
  const syncPart = (big: boolean) => section("sync", async () => {
    results.sync = sync;
    for (const plan of syncPlans(big)) {
      sync.push(...(await benchSyncSize({ plan, log })));
      save();
    }
    return sync;
  }, (s) => {
    if (big) printSyncTables(s);
  });
  await syncPart(false);
  await section("queries", () => benchQueries({ n: QUERY_GRANTS, runs: smoke ? 3 : 12, log }), printQueries);
  await section("revoke", () => benchRevoke({ ...REVOKE, log }), printRevoke);
  await section("load", () => benchLoad({ ...LOAD, log }), printLoad);
  // Five runs after a warm-up for a median (nine under issue #13): each grants run takes ~1 s, and the tsx rows ~3 s.
  await section("cli", async () => {
    // The targets are the compiled CLI's (what `npm install` builds): build dist/ when sources changed
    // since. Not in a smoke run, whose figures are toy ones: it replaces dist/ under anyone using it.
    if (!smoke && compiledState(path.join(here, "..")) !== "fresh") {
      const t = performance.now();
      spawnSync(process.execPath, [path.join(here, "..", "bin", "build-cli.js")], { stdio: "inherit" });
      log(`cli: dist/ was not fresh, rebuilt in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
    return benchCliStart({ runs: smoke ? 3 : 5, log });
  }, printCliStart);
  await section("client", () => benchClient({ log }), (r) => process.stdout.write(`\n${formatClient(r)}`));
  if (!failures.sync) await syncPart(true);
  if (failures.sync) printSyncTables(sync); // what it measured before it failed
  results.wallMs = Date.now() - started.getTime();
  save();
  printSections({ sections, totalMs: results.wallMs as number, busyWarning });
  const previous = readPrevious();
  const finished = doc() as BenchResults;
  printTargets({ rows: evaluateTargets(finished, previous), smoke, previousRecorded: previous?.recorded });
  if (savePrevious) {
    if (smoke) log("--save-previous: not from a smoke run (toy sizes); previous.json unchanged");
    else {
      writeFileSync(PREVIOUS, `${JSON.stringify(previousFrom(finished, previous), null, 2)}\n`);
      log("wrote bench/previous.json from this run's figures");
    }
  }
  log(`wrote bench/results/${outName} in ${Math.round((results.wallMs as number) / 1000)} s`);
  if (Object.keys(failures).length) throw new Error(`sections failed: ${Object.keys(failures).join(", ")} (their figures are "not measured" above)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
