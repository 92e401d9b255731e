// Virtual dashboard users for the load test: each browses the server-rendered pages over HTTP with
// its own session cookie, moving as a person does (overview → grants → a filter, a sort, the next
// page, a deep page → a grant → back; now and then requests and the audit log), with no pause
// between pages. A page load counts when its whole body arrived, with a 2xx status and the page's
// own content in it; anything else (the sign-in page, a redirect, an error notice) is an error.
import { toGrantSearchParams, type GrantSortColumn } from "../model/grant-filter.ts";
import type { LoadMeasure } from "./load.ts";
import { FILTERS } from "./queries.ts";

export const PAGE_KINDS = ["overview", "grants", "grants-deep", "grant", "requests", "audit"] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** What the page must contain to be the page asked for (the table or count it exists to show). */
const MUST: Record<PageKind, [string, RegExp]> = {
  overview: ["the overview's counts", /Active grants/],
  grants: ["the grant count", /data-testid="grant-count"/],
  "grants-deep": ["the grant count", /data-testid="grant-count"/],
  grant: ["the grant's page", /data-testid="grant-detail"|All grants<\/a>/],
  requests: ["the request count", /data-testid="request-count"/],
  audit: ["the audit count", /data-testid="audit-count"/],
};
/** What a signed-in owner must never get instead. */
const MUST_NOT: [string, RegExp][] = [
  ["sign-in page", /Sign in with GitHub/],
  ["redirect", /__next-page-redirect|NEXT_REDIRECT/],
  ["error notice", /class="notice error"/],
];
const SORTS: GrantSortColumn[] = ["granted", "owner", "name", "last-used", "expires", "selection", "risk", "id"];
const DEEP_PAGE = 10;

export type PageLoad = { kind: PageKind; ms: number; outcome: string };

/** `outcome` is "ok" or what went wrong: "HTTP 503", "network: …", "timeout", "200 but sign-in page". */
export async function loadPage({ url, cookie, kind, timeoutMs }: { url: string; cookie: string; kind: PageKind; timeoutMs: number }): Promise<PageLoad & { html: string }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { redirect: "manual", headers: { cookie, accept: "text/html" }, signal: AbortSignal.timeout(timeoutMs) });
    const html = await res.text();
    const ms = performance.now() - t0;
    if (res.status < 200 || res.status > 299) return { kind, ms, html, outcome: `HTTP ${res.status}${res.headers.get("location")?.includes("/login") ? " to sign-in" : ""}` };
    const bad = MUST_NOT.find(([, re]) => re.test(html));
    if (bad) {
      // The notice's own sentence says what failed (a timeout, a busy database …): keep it in the outcome.
      const said = bad[0] === "error notice" ? /class="notice error"[^>]*>([\s\S]{0,300}?)<\//.exec(html)?.[1]?.replace(/<[^>]+>/g, "").trim() : undefined;
      // A removed grant's page says so in an error-styled notice: that is its content, not a failure.
      const removedGrant = kind === "grant" && said !== undefined && said.startsWith("This grant is no longer active");
      if (!removedGrant) return { kind, ms, html, outcome: `${res.status} but ${bad[0]}${said ? `: ${said.slice(0, 160)}` : ""}` };
    }
    const [what, re] = MUST[kind];
    if (!re.test(html)) return { kind, ms, html, outcome: `${res.status} without ${what}` };
    return { kind, ms, html, outcome: "ok" };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const outcome = e.name === "TimeoutError" ? "timeout" : `network: ${e.cause?.code ?? e.message}`;
    return { kind, ms: performance.now() - t0, html: "", outcome };
  }
}

const unescape = (href: string) => href.replaceAll("&amp;", "&");

/** One user's session until `until` (performance.now() time); every page load goes to `record`. */
export async function browse({ base, org, cookie, seed, until, timeoutMs, record }: {
  base: string; org: string; cookie: string; seed: number; until: number; timeoutMs: number; record: (l: PageLoad) => void;
}): Promise<void> {
  let s = seed | 0;
  const rand = (n: number) => { // mulberry32: each user's walk is repeatable
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const orgPath = `/orgs/${encodeURIComponent(org)}`;
  const grantsView = (page = 1) => {
    const [, filter] = FILTERS[rand(FILTERS.length)]!;
    const sort = SORTS[rand(SORTS.length)]!;
    return `${orgPath}/grants?${toGrantSearchParams({ filter, sort, direction: rand(2) ? "asc" : "desc", page }).toString()}`;
  };
  let next: { kind: PageKind; path: string } = { kind: "overview", path: orgPath };
  while (performance.now() < until) {
    const got = await loadPage({ url: base + next.path, cookie, kind: next.kind, timeoutMs });
    record({ kind: got.kind, ms: got.ms, outcome: got.outcome });
    const html = got.outcome === "ok" ? got.html : "";
    const r = rand(100);
    if (next.kind === "grants" || next.kind === "grants-deep") {
      const current = next.path;
      const pages = Number(/Page (?:<!-- -->)?[\d,]+(?:<!-- -->)? of (?:<!-- -->)?([\d,]+)/.exec(html)?.[1]?.replaceAll(",", "") ?? "1");
      const grantLinks = [...html.matchAll(new RegExp(`href="(${orgPath}/grants/\\d+)"`, "g"))].map((m) => m[1]!);
      const nextPage = /<a[^>]*href="([^"]+)"[^>]*rel="next"|<a[^>]*rel="next"[^>]*href="([^"]+)"/.exec(html);
      if (r < 30 && grantLinks.length) next = { kind: "grant", path: grantLinks[rand(grantLinks.length)]! };
      else if (r < 45 && nextPage) next = { kind: "grants", path: withPath(current, unescape(nextPage[1] ?? nextPage[2]!)) };
      else if (r < 55 && pages > DEEP_PAGE) next = { kind: "grants-deep", path: withPage(current, DEEP_PAGE + rand(pages - DEEP_PAGE) + 1) };
      else if (r < 85) next = { kind: "grants", path: grantsView() };
      else if (r < 92) next = { kind: "requests", path: `${orgPath}/requests` };
      else if (r < 97) next = { kind: "audit", path: `${orgPath}/audit` };
      else next = { kind: "overview", path: orgPath };
    } else if (next.kind === "audit") {
      const older = /<a[^>]*href="([^"]+)"[^>]*rel="next"|<a[^>]*rel="next"[^>]*href="([^"]+)"/.exec(html);
      if (r < 40 && older) next = { kind: "audit", path: withPath(next.path, unescape(older[1] ?? older[2]!)) };
      else next = r < 80 ? { kind: "grants", path: grantsView() } : { kind: "overview", path: orgPath };
    } else if (next.kind === "requests") {
      next = r < 60 ? { kind: "grants", path: grantsView() } : r < 80 ? { kind: "audit", path: `${orgPath}/audit` } : { kind: "overview", path: orgPath };
    } else {
      // overview and grant detail: on to the grants table, as the overview's links and "← All grants" go.
      next = { kind: "grants", path: grantsView() };
    }
  }
}

/** A link's href resolved against the page it is on ("?page=2" keeps the path). */
function withPath(current: string, href: string): string {
  return new URL(href, `http://x${current}`).pathname + new URL(href, `http://x${current}`).search;
}

function withPage(current: string, page: number): string {
  const u = new URL(`http://x${current}`);
  u.searchParams.set("page", String(page));
  return u.pathname + u.search;
}

export type PageStats = { count: number; ok: number; errors: number; outcomes: Record<string, number>; p50: number; p95: number; p99: number; max: number; perSec: number };

/** Latency percentiles over the successful loads; errors counted by outcome. */
export function summarize(loads: PageLoad[], seconds: number): PageStats {
  const times = loads.filter((l) => l.outcome === "ok").map((l) => l.ms).sort((a, b) => a - b);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0);
  const outcomes: Record<string, number> = {};
  for (const l of loads) if (l.outcome !== "ok") outcomes[l.outcome] = (outcomes[l.outcome] ?? 0) + 1;
  return {
    count: loads.length, ok: times.length, errors: loads.length - times.length, outcomes,
    p50: pct(50), p95: pct(95), p99: pct(99), max: Math.round(times[times.length - 1] ?? 0),
    perSec: Math.round((loads.length / seconds) * 10) / 10,
  };
}

/** One line per run (1 and 2 server processes) and per server process: what each process served and what it cost. */
export function formatLoadRuns(r: LoadMeasure): string {
  const lines: string[] = [];
  for (const run of r.runs) {
    const o = run.http.overall;
    const kinds = Object.entries(run.http.pages).map(([k, s]) => `${k} p95 ${s.p95}`).join(", ");
    lines.push(`${run.processes} process(es): ${o.count} loads (${o.perSec}/s), ${o.errors} errors, p50 ${o.p50} ms, p95 ${o.p95} ms, p99 ${o.p99} ms; ${kinds}; machine ${Math.round(run.machineBusy * 100)}% busy`);
    for (const p of run.perProcess) {
      lines.push(`  process ${p.pid}: ${p.users} users, ${p.overall.count} loads, p95 ${p.overall.p95} ms, CPU ${(p.cpuMs / 1000).toFixed(1)} s = ${p.cpuMsPerLoad} ms a load, RSS ${p.rssMb} MB (peak ${p.peakRssMb} MB)`);
    }
    const s = run.sync;
    lines.push(`  sync of ${s.grants} grants: ${s.status} in ${(s.wallMs / 1000).toFixed(1)} s, CPU ${((s.cpuMs ?? 0) / 1000).toFixed(1)} s, peak RSS ${s.maxRssMb} MB, overlapped ${(s.overlappedMs / 1000).toFixed(1)} s`);
  }
  if (r.storage) lines.push(`storage of the browsed org: ${r.storage.map((t) => `${t.table} ${t.totalMb} MB (${t.indexMb} of it indexes, ${t.rows} rows)`).join("; ")}`);
  return `${lines.join("\n")}\n`;
}
