// `npm run bench`: patwarden against the naive baseline, the 1M-grant query bench, bulk revoke
// and the dashboard load test. Prints tables and writes bench/results/latest.json.
// `--smoke`: tiny sizes, under a minute. `--only=sync,queries,revoke,load` picks sections.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchSyncSize, type SyncMeasure, type SyncPlan } from "./sync-bench.ts";
import { printSyncTables } from "./table.ts";

const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const wants = (s: string) => !only || only.includes(s);
const here = path.dirname(fileURLToPath(import.meta.url));

const SYNC_PLANS: SyncPlan[] = smoke
  ? [{ size: 300, latencies: [0], baseline: "full", steps: ["first", "unchanged", "changed-1%"] }]
  : [
      { size: 1_000, latencies: [0, 30], baseline: "full", steps: ["first", "unchanged", "changed-1%"] },
      { size: 10_000, latencies: [0], baseline: "full", steps: ["first", "unchanged", "changed-1%"] },
      { size: 10_000, latencies: [30], baseline: "first-only", steps: ["first"] },
      { size: 100_000, latencies: [30], baseline: "none", steps: ["first", "unchanged", "changed-1%"] },
      { size: 100_000, latencies: [0], baseline: { deadlineMs: 90_000 }, steps: ["first"] },
    ];

const log = (m: string) => process.stdout.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const started = new Date();
  const results: { sync?: SyncMeasure[] } & Record<string, unknown> = {};
  if (wants("sync")) {
    results.sync = [];
    for (const plan of SYNC_PLANS) results.sync.push(...(await benchSyncSize({ plan, log })));
    printSyncTables(results.sync);
  }
  const dir = path.join(here, "results");
  mkdirSync(dir, { recursive: true });
  const doc = { started: started.toISOString(), finished: new Date().toISOString(), smoke, host: { cpus: os.cpus().length, load: os.loadavg(), node: process.version }, ...results };
  writeFileSync(path.join(dir, smoke ? "smoke.json" : "latest.json"), `${JSON.stringify(doc, null, 2)}\n`);
  log(`wrote bench/results/${smoke ? "smoke" : "latest"}.json`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
