// Markdown tables from a results file, for docs/benchmarks.md: `tsx bench/report.ts [file…]`, issue
// #17's targets first (figure | target | previous | met?). `--save-previous` also makes the files'
// figures the previous ones (bench/previous.json), for the next run to be read against.
import { readFileSync, writeFileSync } from "node:fs";
import type { LoadMeasure } from "./load.ts";
import type { QueryMeasure } from "./queries.ts";
import type { RevokeMeasure } from "./revoke-bench.ts";
import type { SyncMeasure } from "./sync-bench.ts";
import { evaluateTargets, previousFrom, targetsMarkdown, type BenchResults, type Previous } from "./targets.ts";

type Results = { started: string; host: { load: number[]; loadAtStart?: number[] }; sections?: Record<string, { wallMs: number }>; sync?: SyncMeasure[]; queries?: { generatedMs: number; results: QueryMeasure[] }; revoke?: RevokeMeasure; load?: LoadMeasure } & Record<string, unknown>;
// Several files (sections run side by side) merge into one report.
const args = process.argv.slice(2);
const savePrevious = args.includes("--save-previous");
const files = args.filter((a) => !a.startsWith("--"));
const docs = (files.length ? files : ["bench/results/latest.json"]).map((f) => JSON.parse(readFileSync(f, "utf8")) as Results);
// Sections' wall times add up across files; everything else, the later file wins.
const r = Object.assign({}, ...docs, { sections: Object.assign({}, ...docs.map((d) => d.sections)) }) as Results;
const previousPath = new URL("./previous.json", import.meta.url);
const previous = JSON.parse(readFileSync(previousPath, "utf8")) as Previous;
const fmt = (n: number) => n.toLocaleString("en-US");
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const out: string[] = [`Run started ${r.started}${r.host.loadAtStart ? `, load average ${r.host.loadAtStart.map((l) => l.toFixed(1)).join(", ")} at the start` : ""}.`, ""];
out.push(targetsMarkdown(evaluateTargets(r as BenchResults, previous)), "", `Previous: ${previous.recorded}.`, "");
for (const [name, message] of Object.entries((r.failures ?? {}) as Record<string, string>)) out.push(`- the ${name} section failed: ${message}`, "");

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
const pagesAlone = (r.load as { pagesAlone?: { runs: number; pages: Record<string, { p50: number; p95: number; cpuP50?: number }> } } | undefined)?.pagesAlone;
if (pagesAlone) {
  out.push(`Each page alone, one session, ${pagesAlone.runs} loads per kind:`, "", row(["page", "p50 ms", "p95 ms", "server CPU p50 ms"]), row(Array(4).fill("---")));
  for (const [kind, p] of Object.entries(pagesAlone.pages)) out.push(row([kind, p.p50, p.p95, p.cpuP50 ?? "—"]));
  out.push("");
}
const mmss = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
if (r.sections && Object.keys(r.sections).length) {
  out.push(row(["section", "wall"]), row(["---", "---"]));
  for (const [name, s] of Object.entries(r.sections)) out.push(row([name, mmss(s.wallMs)]));
  if (typeof r.wallMs === "number") out.push(row(["**total**", mmss(r.wallMs)]));
  out.push("");
}
for (const k of Object.keys(r).filter((k) => k.endsWith("Meta"))) out.push(`- ${k}: ${JSON.stringify(r[k])}`);
process.stdout.write(`${out.join("\n")}\n`);
if (savePrevious) {
  if (r.smoke) process.stderr.write("--save-previous: not from a smoke run (toy sizes); bench/previous.json unchanged\n");
  else {
    writeFileSync(previousPath, `${JSON.stringify(previousFrom(r as BenchResults, previous), null, 2)}\n`);
    process.stderr.write("wrote bench/previous.json from these figures\n");
  }
}
