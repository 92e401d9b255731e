// patwarden's sync against the naive baseline on one simulated org: first sync, re-sync of the
// unchanged org, re-sync after 1% of grants changed. Calls and points come from the simulator's
// request log (what GitHub would have counted), RSS from each sync's own child process.
import { count } from "drizzle-orm";
import { startSimulator, type Simulator } from "../simulator/index.ts";
import { grantRepositories, grants } from "../db/schema.ts";
import type { SyncResult } from "../bot/sync/index.ts";
import type { BaselineResult } from "./baseline.ts";
import { runWorker } from "./child.ts";
import { createBenchDb, type BenchDb } from "./db.ts";

export type SyncMeasure = {
  who: "patwarden" | "baseline";
  size: number;
  latencyMs: number;
  step: "first" | "unchanged" | "changed-1%";
  calls: number;
  notModified: number;
  points: number;
  wallMs: number;
  peakRssMb: number;
  rowsWritten: number;
  rowsPerSec: number;
  /** How the figure was obtained; anything but "measured" is stated in the table. */
  basis: "measured" | "extrapolated" | "as first sync";
  note?: string;
  strategy?: string;
  /** First sync only: the same API calls made alone, no database (bench/api-only.ts). */
  apiAlone?: { calls: number; wallMs: number };
};

export type BaselinePlan = "full" | "first-only" | { deadlineMs: number } | "none";
/** One org size; per simulated latency, the steps patwarden runs and how much of the baseline runs beside them. */
export type SyncPlan = { size: number; runs: { latencyMs: number; baseline: BaselinePlan; steps: SyncMeasure["step"][] }[] };

const ORG = (n: number) => `bench${n}`;

export async function benchSyncSize({ plan, log }: { plan: SyncPlan; log: (m: string) => void }): Promise<SyncMeasure[]> {
  const org = ORG(plan.size);
  const sim = await startSimulator({ seed: 7, orgs: [{ login: org, grants: plan.size, repos: 2000, subsetShare: 0.2 }] });
  const out: SyncMeasure[] = [];
  try {
    const truth = sim.control.org(org);
    // Budgets are not under test here: give the installation more than any run spends.
    sim.control.setRateLimit(truth.installationId, { limit: 10_000_000, remaining: 10_000_000 });
    for (const { latencyMs, baseline, steps } of plan.runs) {
      sim.control.setLatency(latencyMs);
      const db = await createBenchDb({ label: `sync${plan.size}` });
      try {
        const run = (who: SyncMeasure["who"], step: SyncMeasure["step"], deadlineMs?: number) =>
          measure({ sim, db, org, installationId: truth.installationId, who, step, size: plan.size, latencyMs, deadlineMs });
        for (const step of steps) {
          if (step === "changed-1%") changeOnePercent(sim, org);
          const p = await run("patwarden", step);
          out.push(p);
          log(line(p));
          const wantBaseline = baseline === "full" || (baseline !== "none" && step === "first");
          if (wantBaseline) {
            const deadline = typeof baseline === "object" ? baseline.deadlineMs : undefined;
            const b = await run("baseline", step, deadline);
            out.push(b);
            log(line(b));
          } else if (baseline !== "none") {
            // Not run again: the baseline keeps no ETags, so a re-sync makes exactly its first sync's calls
            // and points (the 1,000-grant rows measure that); wall time is its first sync's, labelled so.
            const first = out.find((m) => m.who === "baseline" && m.size === plan.size && m.latencyMs === latencyMs && m.step === "first");
            if (first) out.push({ ...first, step, basis: "as first sync", note: "not run: keeps no ETags, so a re-sync repeats its first sync's calls" });
          }
        }
      } finally {
        await db.drop();
      }
    }
  } finally {
    await sim.close();
  }
  return out;
}

function changeOnePercent(sim: Simulator, org: string): void {
  const all = sim.control.org(org).grants;
  const step = 100; // every 100th grant: 1%, spread over the listing as real changes are
  const at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  for (let i = 0; i < all.length; i += step) sim.control.updateGrant(org, all[i]!.id, { token_last_used_at: at });
}

async function measure({ sim, db, org, installationId, who, step, size, latencyMs, deadlineMs }: {
  sim: Simulator; db: BenchDb; org: string; installationId: number; who: SyncMeasure["who"]; step: SyncMeasure["step"];
  size: number; latencyMs: number; deadlineMs?: number;
}): Promise<SyncMeasure> {
  sim.control.clearRequestLog();
  const args = { mode: who, apiUrl: sim.apiUrl, appId: sim.app.id, installationId, org, databaseUrl: db.url, deadlineMs };
  const env = { BENCH_PRIVATE_KEY: sim.app.privateKey };
  const logged = () => {
    const entries = sim.control.requestLog().filter((e) => e.installationId === installationId);
    return { calls: entries.length, notModified: entries.filter((e) => e.notModified).length, points: entries.reduce((n, e) => n + e.cost, 0) };
  };
  if (who === "patwarden") {
    const { result, maxRssKb } = await runWorker<SyncResult>({ args, env });
    if (result.status !== "succeeded") throw new Error(`patwarden sync ${step} failed: ${result.error?.slice(0, 500)}`);
    const c = logged();
    const rows = step === "first" ? await countRows(db) : result.grants.added + result.grants.updated + result.grants.removed;
    const measured: SyncMeasure = { who, size, latencyMs, step, ...c, wallMs: result.durationMs, peakRssMb: Math.round(maxRssKb / 1024), rowsWritten: rows, rowsPerSec: perSec(rows, result.durationMs), basis: "measured" };
    if (step === "first" && size <= 10_000) { // at 100,000 it would add minutes to a bench kept under 15
      // The yardstick for overlap: the same calls with no database, right after (GETs only: the org is unchanged).
      const alone = await runWorker<{ calls: number; durationMs: number }>({ args: { ...args, mode: "api-only" }, env });
      measured.apiAlone = { calls: alone.result.calls, wallMs: alone.result.durationMs };
    }
    return measured;
  }
  const { result, maxRssKb } = await runWorker<BaselineResult>({ args, env });
  const c = logged();
  const rows = result.grants + result.repositoryRows;
  if (!result.stoppedEarly) {
    return { who, size, latencyMs, step, ...c, wallMs: result.durationMs, peakRssMb: Math.round(maxRssKb / 1024), rowsWritten: rows, rowsPerSec: perSec(rows, result.durationMs), basis: "measured" };
  }
  // Stopped at its deadline: scale each phase by what it had left; the calls it would have made are
  // known exactly from the ground truth (one listing per 100 grants, one per 100 repositories per subset grant).
  const truth = sim.control.org(org);
  const subset = truth.grants.filter((g) => g.repository_selection === "subset");
  const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
  const calls = pages(truth.grants.length) + subset.reduce((n, g) => n + pages(g.repositories.length), 0) + 1;
  const { list, upserts, repositories } = result.phaseMs;
  // Repositories: scaled from the listings it did; when the deadline came before the first one, from
  // its own measured cost per list call (list phase) and per upserted row (upsert phase).
  const perCall = list / pages(truth.grants.length);
  const perRow = upserts / Math.max(1, result.grants);
  const repositoriesMs = result.subsetDone > 0
    ? (repositories * subset.length) / result.subsetDone
    : subset.reduce((ms, g) => ms + pages(g.repositories.length) * perCall + g.repositories.length * perRow, 0);
  const wallMs = Math.round(list + perRow * truth.grants.length + repositoriesMs);
  return {
    who, size, latencyMs, step, calls, notModified: 0, points: calls, wallMs, peakRssMb: Math.round(maxRssKb / 1024),
    rowsWritten: rows, rowsPerSec: perSec(rows, result.durationMs), basis: "extrapolated",
    note: `stopped after ${Math.round(result.durationMs / 1000)} s with ${result.grants} grants and ${result.subsetDone}/${result.subsetTotal} subset listings done; calls from the ground truth, wall time scaled per phase (${result.subsetDone > 0 ? "repositories from the listings done" : `repositories from its ${perCall.toFixed(1)} ms per list call and ${perRow.toFixed(2)} ms per upserted row`})`,
  };
}

async function countRows(db: BenchDb): Promise<number> {
  const [g] = await db.handle.db.select({ n: count() }).from(grants);
  const [r] = await db.handle.db.select({ n: count() }).from(grantRepositories);
  return Number(g?.n ?? 0) + Number(r?.n ?? 0);
}

const perSec = (rows: number, ms: number) => (ms > 0 ? Math.round((rows * 1000) / ms) : 0);

export function line(m: SyncMeasure): string {
  const alone = m.apiAlone ? `; the same ${m.apiAlone.calls} calls alone ${(m.apiAlone.wallMs / 1000).toFixed(1)} s` : "";
  return `${m.who} ${m.size} grants, ${m.latencyMs} ms latency, ${m.step}: ${m.calls} calls (${m.notModified} 304), ${m.points} points, ${(m.wallMs / 1000).toFixed(1)} s, ${m.peakRssMb} MB, ${m.rowsPerSec} rows/s${m.basis === "measured" ? "" : ` [${m.basis}]`}${alone}`;
}
