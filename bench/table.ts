// The bench's tables: one row per run, and the ratio patwarden / baseline where both ran.
import Table from "cli-table3";
import type { CliStartMeasure } from "./cli-start.ts";
import type { LoadMeasure } from "./load.ts";
import { formatLoadRuns } from "./load-users.ts";
import type { QueryMeasure } from "./queries.ts";
import type { RevokeMeasure } from "./revoke-bench.ts";
import type { SyncMeasure } from "./sync-bench.ts";
import type { TargetRow } from "./targets.ts";

const fmt = (n: number) => n.toLocaleString("en-US");
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(3)}` : "—");

export function printSyncTables(rows: SyncMeasure[]): void {
  const t = new Table({ head: ["who", "grants", "latency", "step", "calls", "304s", "points", "wall s", "peak RSS MB", "rows/s", "basis"], style: { head: [], border: [] } });
  for (const r of rows) {
    t.push([r.who, fmt(r.size), `${r.latencyMs} ms`, r.step, fmt(r.calls), fmt(r.notModified), fmt(r.points), (r.wallMs / 1000).toFixed(1), r.peakRssMb, fmt(r.rowsPerSec), r.basis]);
  }
  process.stdout.write(`\nSync: patwarden and the naive baseline\n${t.toString()}\n`);
  const rt = new Table({ head: ["grants", "latency", "step", "calls p/b", "points p/b", "wall p/b", "RSS p/b", "baseline basis"], style: { head: [], border: [] } });
  for (const p of rows.filter((r) => r.who === "patwarden")) {
    const b = rows.find((r) => r.who === "baseline" && r.size === p.size && r.latencyMs === p.latencyMs && r.step === p.step);
    if (!b) continue;
    rt.push([fmt(p.size), `${p.latencyMs} ms`, p.step, ratio(p.calls, b.calls), ratio(p.points, b.points), ratio(p.wallMs, b.wallMs), ratio(p.peakRssMb, b.peakRssMb), b.basis]);
  }
  process.stdout.write(`\nRatios patwarden / baseline (lower is better)\n${rt.toString()}\n`);
  const ot = new Table({ head: ["grants", "latency", "sync wall s", "API calls alone s", "sync / API alone", "calls (sync / alone)"], style: { head: [], border: [] } });
  for (const p of rows.filter((r) => r.who === "patwarden" && r.apiAlone)) {
    ot.push([fmt(p.size), `${p.latencyMs} ms`, (p.wallMs / 1000).toFixed(1), (p.apiAlone!.wallMs / 1000).toFixed(1), ratio(p.wallMs, p.apiAlone!.wallMs), `${fmt(p.calls)} / ${fmt(p.apiAlone!.calls)}`]);
  }
  process.stdout.write(`\nFirst sync against its API calls alone (target: within 1.10)\n${ot.toString()}\n`);
}

export function printQueries(r: { generatedMs: number; results: QueryMeasure[] }): void {
  const t = new Table({ head: ["query", "p50 ms", "p95 ms", "p99 ms", "indexes used", "seq scans"], style: { head: [], border: [] } });
  for (const q of r.results) t.push([q.name, q.p50, q.p95, q.p99, q.indexes.join(", ") || "—", q.seqScans.join(", ") || "—"]);
  const over = r.results.filter((q) => q.p95 >= 50).length;
  process.stdout.write(`\nDashboard queries (generated in ${(r.generatedMs / 1000).toFixed(0)} s; ${over} of ${r.results.length} at or over the 50 ms p95 target)\n${t.toString()}\n`);
}

export function printRevoke(r: RevokeMeasure): void {
  const t = new Table({ style: { head: [], border: [] } });
  for (const [k, v] of Object.entries(r)) t.push({ [k]: String(v) });
  process.stdout.write(`\nBulk revoke (killed and resumed)\n${t.toString()}\n`);
}

export function printLoad(r: LoadMeasure): void {
  const t = new Table({ head: ["page", "loads", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "loads/s"], style: { head: [], border: [] } });
  const rows = [...Object.entries(r.http.pages), ["all pages", r.http.overall] as const];
  for (const [kind, s] of rows) t.push([kind, fmt(s.count), fmt(s.errors), fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), s.perSec]);
  const sync = `sync of ${fmt(r.sync.grants)} grants: ${r.sync.status} in ${(r.sync.wallMs / 1000).toFixed(1)} s (overlapped the browsing for ${(r.sync.overlappedMs / 1000).toFixed(1)} s)`;
  const errors = Object.entries(r.http.overall.outcomes).map(([o, n]) => `${o}: ${n}`).join(", ") || "none";
  const d = r.dataLayer;
  const data = `data layer only (grants page queries, 10-connection pool, no HTTP/React, ${(d.durationMs / 1000).toFixed(0)} s, sync running ${(d.syncOverlappedMs / 1000).toFixed(0)} s of it): ${fmt(d.views)} views, ${d.errors} errors, p50 ${d.p50} ms, p95 ${d.p95} ms, p99 ${d.p99} ms, ${d.viewsPerSec}/s`;
  process.stdout.write(`\nDashboard load test: ${r.users} users over HTTP, ${fmt(r.grants)} grants, ${(r.durationMs / 1000).toFixed(0)} s (latency over successful loads)\n${t.toString()}\nerrors: ${errors}\n${sync}\n${data}\n`);
  if (r.http.serverWarnings.length) process.stdout.write(`server warnings (first ${r.http.serverWarnings.length}):\n${r.http.serverWarnings.join("\n")}\n`);
  printPagesAlone((r as { pagesAlone?: PagesAlone }).pagesAlone);
  if (r.runs) process.stdout.write(formatLoadRuns(r));
}

type PagesAlone = { runs: number; pages: Record<string, { p50: number; p95: number; max: number; cpuP50?: number; cpuP95?: number; errors?: string[] }> };

/** Each page kind loaded alone before the users start (bench/pages.ts), when the load section measured it. */
function printPagesAlone(r: PagesAlone | undefined): void {
  if (!r) return;
  const t = new Table({ head: ["page", "p50 ms", "p95 ms", "max ms", "server CPU p50 ms", "CPU p95 ms", "errors"], style: { head: [], border: [] } });
  for (const [kind, p] of Object.entries(r.pages)) t.push([kind, p.p50, p.p95, p.max, p.cpuP50 ?? "—", p.cpuP95 ?? "—", p.errors?.length ?? 0]);
  process.stdout.write(`\nDashboard pages alone, one session, ${r.runs} loads each (targets: p50 ≤ 15 ms, p95 ≤ 50 ms)\n${t.toString()}\n`);
}

export function printCliStart(r: CliStartMeasure): void {
  const t = new Table({ head: ["command", "runs", "median ms", "min ms", "max ms", "before #13"], style: { head: [], border: [] } });
  for (const x of r.rows) t.push([`${x.command} — ${x.path}`, r.runs, x.medianMs, x.minMs, x.maxMs, x.before]);
  process.stdout.write(`\nCLI start-up, a new process per run, median after a warm-up (dist/ ${r.compiled}; targets: --help < 300 ms, grants json < 1 s)\n${t.toString()}\n`);
}

export function printSections({ sections, totalMs, busyWarning }: { sections: Record<string, { wallMs: number; loadAverageBefore: number; loadAverageAfter: number }>; totalMs: number; busyWarning?: string }): void {
  const t = new Table({ head: ["section", "wall", "load average before → after"], style: { head: [], border: [] } });
  const mmss = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  for (const [name, s] of Object.entries(sections)) t.push([name, mmss(s.wallMs), `${s.loadAverageBefore.toFixed(1)} → ${s.loadAverageAfter.toFixed(1)}`]);
  t.push(["total", mmss(totalMs), ""]);
  process.stdout.write(`\nWall time per section (target: the whole run under 15 min)\n${t.toString()}\n${busyWarning ? `WARNING: ${busyWarning}\n` : ""}`);
}

/** Issue #17's targets: figure | target | previous | met? (bench/targets.ts). */
export function printTargets({ rows, smoke, previousRecorded }: { rows: TargetRow[]; smoke: boolean; previousRecorded?: string }): void {
  const t = new Table({ head: ["what", "figure", "target", "previous", "met?"], style: { head: [], border: [], compact: true } });
  for (const r of rows) t.push([r.label, r.detail ? `${r.figure} (${r.detail})` : r.figure, r.target, r.previous, r.met]);
  const met = rows.filter((r) => r.met === "yes").length;
  const notMet = rows.filter((r) => r.met === "no").length;
  const head = `Targets (issue #17): ${met} met, ${notMet} not met, ${rows.length - met - notMet} not measured${smoke ? " — SMOKE RUN: toy sizes, the figures are not comparable with the targets" : ""}`;
  process.stdout.write(`\n${head}\nprevious: ${previousRecorded ?? "bench/previous.json not found"}\n${t.toString()}\n`);
}
