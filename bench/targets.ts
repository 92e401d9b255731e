// Issue #17's targets as data: each reads its figure from a results file (bench/results/*.json)
// and is judged against its limit; `bench/previous.json` holds the figure each had before. Pure
// functions, shared by the summary at the end of `npm run bench` and `tsx bench/report.ts`.
import type { CliStartMeasure } from "./cli-start.ts";
import type { QueryMeasure } from "./queries.ts";
import type { SyncMeasure } from "./sync-bench.ts";

type PageAlone = { p50: number; p95: number; cpuP50?: number; errors?: string[] };
/** The parts of a results file the targets read; every section may be absent (not run, or `--only`). */
export type BenchResults = {
  started?: string;
  smoke?: boolean;
  only?: string[] | null;
  wallMs?: number;
  /** Sections that threw, with the error's message: their targets say so. */
  failures?: Record<string, string>;
  sync?: SyncMeasure[];
  queries?: { results: QueryMeasure[] };
  load?: {
    users: number; grants: number;
    http: { overall: { p95: number; errors: number; count: number } };
    sync: { status: string; grants: number };
    pagesAlone?: { pages: Partial<Record<string, PageAlone>>; overviewAsOf?: string | null };
  };
  cli?: Pick<CliStartMeasure, "rows" | "compiled">;
  /** bench/client.ts: per page, the JavaScript it loaded (bytes gzipped) and its LCP in Chromium. */
  client?: { pages: { page: string; js?: { gzipBytes: number }; firstLoadJs?: { gzipBytes: number }; lcpMs: number | null }[] };
};

export type Unit = "ms" | "×" | "MB" | "kB" | "s" | "count" | "text";
/** A measured figure (with what it is made of), or why there is none. */
export type Figure = { value: number | string; detail?: string } | { missing: string };
export type Target = { id: string; label: string; unit: Unit; op: "≤" | "<" | "="; limit: number | string; figure: (r: BenchResults) => Figure };
export type Previous = { recorded: string; figures: Record<string, { value: number | string | null; note?: string }> };

const NOT_RUN = (r: BenchResults, section: string): Figure => {
  const failed = r.failures?.[section];
  return { missing: failed ? `not measured (the ${section} section failed: ${failed.slice(0, 120)})` : `not measured (no ${section} section)` };
};
const PAGE_KINDS = ["overview", "grants", "grant", "requests", "audit"] as const;
const SYNC_SIZES = [1_000, 10_000] as const;

function pageTargets(): Target[] {
  return PAGE_KINDS.flatMap((kind) => (["p50", "p95"] as const).map((p): Target => ({
    id: `page-${kind}-${p}`,
    label: `${kind} page alone, server time ${p} (100k grants)`,
    unit: "ms", op: "≤", limit: p === "p50" ? 15 : 50,
    figure: (r) => {
      if (!r.load) return NOT_RUN(r, "load");
      const page = r.load.pagesAlone?.pages[kind];
      if (!page) return { missing: "not measured (no pages-alone figures in the load section)" };
      const cpu = page.cpuP50 !== undefined ? `server CPU p50 ${fmt(page.cpuP50, "ms")}` : undefined;
      const errors = page.errors?.length ? `${page.errors.length} errors` : undefined;
      return { value: page[p], detail: [cpu, errors].filter(Boolean).join("; ") || undefined };
    },
  })));
}

/** The worst p95 over the query rows whose name matches, with that row's name. */
function worstQuery(r: BenchResults, match: RegExp, what: string): Figure {
  if (!r.queries) return NOT_RUN(r, "queries");
  const rows = r.queries.results.filter((q) => match.test(q.name));
  if (!rows.length) return { missing: `not measured (no ${what} rows in the queries section)` };
  const worst = rows.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  return { value: worst.p95, detail: `slowest of ${rows.length}: ${worst.name}` };
}

function syncTargets(): Target[] {
  return ([[0, 1.5], [30, 1.1]] as const).flatMap(([latencyMs, limit]) => SYNC_SIZES.map((size): Target => ({
    id: `sync-api-${latencyMs}ms-${size}`,
    label: `first sync / its API calls alone, ${size.toLocaleString("en-US")} grants at ${latencyMs} ms`,
    unit: "×", op: "≤", limit,
    figure: (r) => {
      if (!r.sync) return NOT_RUN(r, "sync");
      const m = r.sync.find((s) => s.who === "patwarden" && s.step === "first" && s.size === size && s.latencyMs === latencyMs && s.apiAlone);
      if (!m?.apiAlone) return { missing: `not measured (no first sync of ${size.toLocaleString("en-US")} grants at ${latencyMs} ms)` };
      return { value: m.wallMs / m.apiAlone.wallMs, detail: `${(m.wallMs / 1000).toFixed(1)} s / ${(m.apiAlone.wallMs / 1000).toFixed(1)} s` };
    },
  })));
}

function cliTarget(id: string, command: string, limit: number): Target {
  return {
    id, label: `CLI \`patwarden ${command}\`, compiled, median`, unit: "ms", op: "≤", limit,
    figure: (r) => {
      if (!r.cli) return NOT_RUN(r, "cli");
      if (r.cli.compiled !== "fresh") return { missing: `not measured (dist/ was ${r.cli.compiled}, so the compiled rows ran the sources: npm run build:cli first)` };
      const row = r.cli.rows.find((x) => x.command === command && x.path === "compiled");
      return row ? { value: row.medianMs, detail: `min ${row.minMs}, max ${row.maxMs}` } : { missing: "not measured" };
    },
  };
}

export const TARGETS: Target[] = [
  ...pageTargets(),
  {
    id: "overview-as-of", label: "overview reads pre-computed aggregates and says as of when", unit: "text", op: "=", limit: "shown",
    figure: (r) => {
      if (!r.load) return NOT_RUN(r, "load");
      const asOf = r.load.pagesAlone?.overviewAsOf;
      if (asOf === undefined) return { missing: "not measured (the pages-alone figures do not record it)" };
      return asOf ? { value: "shown", detail: asOf } : { value: "absent" };
    },
  },
  {
    id: "users50-p95", label: "50 users browsing during a 10,000-grant sync, p95 over HTTP", unit: "ms", op: "≤", limit: 1_000,
    figure: (r) => (r.load ? { value: r.load.http.overall.p95, detail: `${r.load.users} users, ${r.load.http.overall.count} loads, sync ${r.load.sync.status}` } : NOT_RUN(r, "load")),
  },
  {
    id: "users50-errors", label: "50 users browsing during a 10,000-grant sync, errors", unit: "count", op: "=", limit: 0,
    // A sync that failed under the load is an error too: the target says "while a sync runs".
    figure: (r) => (r.load ? { value: r.load.http.overall.errors + (r.load.sync.status === "succeeded" ? 0 : 1), detail: `sync ${r.load.sync.status}` } : NOT_RUN(r, "load")),
  },
  { id: "keyset-page200", label: "page 200 by keyset, any filter and sort, p95 (1M grants)", unit: "ms", op: "≤", limit: 50, figure: (r) => worstQuery(r, /keyset/i, "keyset") },
  { id: "exact-counts", label: "exact counts (revoke preview, reports), p95 (1M grants)", unit: "ms", op: "≤", limit: 100, figure: (r) => worstQuery(r, /count \(exact\)/, "count (exact)") },
  {
    id: "client-js-grants", label: "grants page JavaScript, gzipped", unit: "kB", op: "<", limit: 150,
    figure: (r) => {
      if (!r.client) return NOT_RUN(r, "client");
      const grants = r.client.pages.find((p) => p.page === "grants");
      if (!grants?.js) return { missing: "not measured (no grants page in the client section)" };
      const first = grants.firstLoadJs ? `; ${(grants.firstLoadJs.gzipBytes / 1024).toFixed(1)} kB of it named by the HTML` : "";
      return { value: grants.js.gzipBytes / 1024, detail: `all it loaded, on the demo's acme${first}` };
    },
  },
  {
    id: "client-lcp", label: "Largest Contentful Paint on the demo, Chromium, worst page", unit: "ms", op: "<", limit: 1_000,
    figure: (r) => {
      if (!r.client) return NOT_RUN(r, "client");
      const lcps = r.client.pages.flatMap((m) => (typeof m.lcpMs === "number" ? [[m.page, m.lcpMs] as const] : []));
      if (!lcps.length) return { missing: "not measured (no LCP in the client section)" };
      const [page, ms] = lcps.reduce((a, b) => (b[1] > a[1] ? b : a));
      return { value: ms, detail: `${page}, of ${lcps.length} pages` };
    },
  },
  cliTarget("cli-help", "--help", 300),
  cliTarget("cli-grants-json", "grants --org acme --format json", 1_000),
  ...syncTargets(),
  {
    id: "rss-100k", label: "sync peak RSS at 100,000 grants", unit: "MB", op: "<", limit: 300,
    figure: (r) => {
      if (!r.sync) return NOT_RUN(r, "sync");
      const rows = r.sync.filter((s) => s.who === "patwarden" && s.size === 100_000);
      if (!rows.length) return { missing: "not measured (no 100,000-grant sync)" };
      const worst = rows.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
      return { value: worst.peakRssMb, detail: `${worst.step} at ${worst.latencyMs} ms` };
    },
  },
  {
    id: "bench-wall", label: "`npm run bench`, one run, every section", unit: "s", op: "<", limit: 900,
    figure: (r) => {
      if (r.wallMs === undefined) return { missing: "not measured (the run did not finish)" };
      if (r.only?.length) return { missing: `not comparable: a partial run (--only=${r.only.join(",")})` };
      return { value: r.wallMs / 1000 };
    },
  },
];

export function fmt(value: number | string, unit: Unit): string {
  if (typeof value === "string") return value;
  switch (unit) {
    case "ms": return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en-US")} ms`;
    case "×": return `${value.toFixed(2)}×`;
    case "MB": return `${Math.round(value)} MB`;
    case "kB": return `${value.toFixed(1)} kB`;
    case "s": return Math.round(value % 60) ? `${Math.floor(value / 60)} min ${Math.round(value % 60)} s` : `${Math.round(value / 60)} min`;
    default: return String(value);
  }
}

export function meets(t: Pick<Target, "op" | "limit">, value: number | string): boolean {
  if (t.op === "=") return value === t.limit;
  if (typeof value !== "number" || typeof t.limit !== "number") return false;
  return t.op === "<" ? value < t.limit : value <= t.limit;
}

export type TargetRow = { id: string; label: string; figure: string; detail: string; target: string; previous: string; met: "yes" | "no" | "not measured" };

/** One row per target: the figure, its target, the previous figure and whether it is met. */
export function evaluateTargets(results: BenchResults, previous?: Previous, targets: Target[] = TARGETS): TargetRow[] {
  return targets.map((t) => {
    const f = t.figure(results);
    const p = previous?.figures[t.id];
    const prev = !p ? "—" : p.value === null ? (p.note ?? "not measured") : `${fmt(p.value, t.unit)}${p.note ? ` (${p.note})` : ""}`;
    const base = { id: t.id, label: t.label, target: `${t.op} ${fmt(t.limit, t.unit)}`, previous: prev };
    if ("missing" in f) return { ...base, figure: f.missing, detail: "", met: "not measured" };
    return { ...base, figure: fmt(f.value, t.unit), detail: f.detail ?? "", met: meets(t, f.value) ? "yes" : "no" };
  });
}

/** The markdown table docs/benchmarks.md holds. */
export function targetsMarkdown(rows: TargetRow[]): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  const lines = ["| what | figure | target | previous | met? |", "| --- | --- | --- | --- | --- |"];
  for (const r of rows) {
    const figure = r.detail ? `${r.figure} (${r.detail})` : r.figure;
    lines.push(`| ${cell(r.label)} | ${cell(figure)} | ${cell(r.target)} | ${cell(r.previous)} | ${r.met === "yes" ? "**met**" : r.met === "no" ? "**not met**" : "not measured"} |`);
  }
  return lines.join("\n");
}

/** previous.json from a run: its measured figures replace those of `before`; the others stay. */
export function previousFrom(results: BenchResults, before: Previous | undefined, targets: Target[] = TARGETS): Previous {
  const figures = { ...before?.figures };
  for (const t of targets) {
    const f = t.figure(results);
    if (!("missing" in f)) figures[t.id] = { value: typeof f.value === "number" ? Math.round(f.value * 1000) / 1000 : f.value };
  }
  return { recorded: `npm run bench started ${results.started ?? "at an unknown time"}`, figures };
}
