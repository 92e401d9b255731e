// Markdown tables from a results file, for docs/benchmarks.md: `tsx bench/report.ts [file]`.
import { readFileSync } from "node:fs";
import type { LoadMeasure } from "./load.ts";
import type { QueryMeasure } from "./queries.ts";
import type { RevokeMeasure } from "./revoke-bench.ts";
import type { SyncMeasure } from "./sync-bench.ts";

type Results = { started: string; host: { load: number[] }; sync?: SyncMeasure[]; queries?: { generatedMs: number; results: QueryMeasure[] }; revoke?: RevokeMeasure; load?: LoadMeasure } & Record<string, unknown>;
// Several files (sections run side by side) merge into one report.
const files = process.argv.length > 2 ? process.argv.slice(2) : ["bench/results/latest.json"];
const r = Object.assign({}, ...files.map((f) => JSON.parse(readFileSync(f, "utf8")) as Results)) as Results;
const fmt = (n: number) => n.toLocaleString("en-US");
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const out: string[] = [`Run started ${r.started}.`, ""];

if (r.sync?.length) {
  out.push(row(["who", "grants", "latency", "step", "calls", "304s", "points", "wall s", "peak RSS MB", "rows/s", "basis"]), row(Array(11).fill("---")));
  for (const m of r.sync) out.push(row([m.who, fmt(m.size), `${m.latencyMs} ms`, m.step, fmt(m.calls), fmt(m.notModified), fmt(m.points), (m.wallMs / 1000).toFixed(1), m.peakRssMb, fmt(m.rowsPerSec), m.basis]));
  out.push("", row(["grants", "latency", "step", "calls p/b", "points p/b", "wall p/b", "baseline basis"]), row(Array(7).fill("---")));
  for (const p of r.sync.filter((m) => m.who === "patwarden")) {
    const b = r.sync.find((m) => m.who === "baseline" && m.size === p.size && m.latencyMs === p.latencyMs && m.step === p.step);
    if (b) out.push(row([fmt(p.size), `${p.latencyMs} ms`, p.step, (p.calls / b.calls).toFixed(3), (p.points / b.points).toFixed(4), (p.wallMs / b.wallMs).toFixed(3), b.basis]));
  }
  for (const m of r.sync.filter((x) => x.note)) out.push("", `- ${m.who} ${fmt(m.size)} ${m.step}: ${m.note}`);
  out.push("");
}
if (r.queries) {
  out.push(`Generated ${fmt(r.queries.results.length)} measurements; data generated in ${(r.queries.generatedMs / 1000).toFixed(0)} s.`, "");
  out.push(row(["query", "p50 ms", "p95 ms", "p99 ms", "indexes", "seq scans"]), row(Array(6).fill("---")));
  for (const q of r.queries.results) out.push(row([q.name, q.p50, q.p95, q.p99, q.indexes.join(", ") || "—", q.seqScans.join(", ") || "—"]));
  out.push("");
}
if (r.revoke) out.push("```", JSON.stringify(r.revoke, null, 2), "```", "");
if (r.load?.http) {
  const l = r.load;
  out.push(`${l.users} users, ${fmt(l.grants)} grants, ${(l.durationMs / 1000).toFixed(0)} s over HTTP; latency over successful loads.`, "");
  out.push(row(["page", "loads", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "loads/s"]), row(Array(8).fill("---")));
  for (const [kind, s] of [...Object.entries(l.http.pages), ["**all pages**", l.http.overall] as const]) out.push(row([kind, fmt(s.count), fmt(s.errors), fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), s.perSec]));
  const errors = Object.entries(l.http.overall.outcomes).map(([o, n]) => `${o} ×${n}`).join(", ") || "none";
  const d = l.dataLayer;
  out.push("", `- errors: ${errors}`, `- sync of ${fmt(l.sync.grants)} grants: ${l.sync.status}, ${(l.sync.wallMs / 1000).toFixed(1)} s (overlapped the browsing ${(l.sync.overlappedMs / 1000).toFixed(1)} s)`);
  out.push(`- data layer only (grants page queries, no HTTP or React): ${fmt(d.views)} views in ${(d.durationMs / 1000).toFixed(0)} s, ${d.errors} errors, p50 ${d.p50} ms, p95 ${d.p95} ms, p99 ${d.p99} ms (sync running ${(d.syncOverlappedMs / 1000).toFixed(0)} s of it)`, "");
} else if (r.load) out.push("```", JSON.stringify(r.load, null, 2), "```", "");
for (const k of Object.keys(r).filter((k) => k.endsWith("Meta"))) out.push(`- ${k}: ${JSON.stringify(r[k])}`);
process.stdout.write(`${out.join("\n")}\n`);
