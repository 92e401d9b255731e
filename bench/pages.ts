// Dashboard server time per page, each page kind alone (issue #17's "p50 ≤ 15 ms, p95 ≤ 50 ms at
// 100,000 grants"): one signed-in session loads the overview, the grants page (a spread of filters,
// sorts and pages), grant pages, the requests page and the audit log, one load at a time, a few
// warm-up loads then `runs` timed loads per kind. Per load: the time to the whole body over
// loopback, and the server process's CPU time (the sum over its threads of /proc/<pid>/task/*/
// schedstat, nanoseconds; JS, GC and libuv threads alike), so a busy machine shows as wall time
// but not as CPU.
// `benchLoad` (bench/load.ts) runs it on its server before the 50 users start; alone:
//   tsx bench/pages.ts [--grants=100000] [--runs=30] [--kinds=grants,audit] [--prof=DIR]   (its own database, simulator and
//   server; --prof writes the server's V8 CPU profile to DIR when it stops)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { toGrantSearchParams, type GrantSortColumn } from "../model/grant-filter.ts";
import { loadPage } from "./load-users.ts";
import { FILTERS } from "./queries.ts";

export const PAGES_ALONE = ["overview", "grants", "grant", "requests", "audit"] as const;
export type PagesAloneKind = (typeof PAGES_ALONE)[number];
export type PageTimes = { loads: number; errors: string[]; p50: number; p95: number; max: number; cpuP50: number; cpuP95: number; cpuMean: number };
/** `overviewAsOf`: what the last overview load said after "Counts as of" (issue #17: it says as of when), null if nothing. */
/**
 * The time the overview's HTML says its counts are as of ("16:20 UTC", or "2026-12-04 16:20 UTC" when
 * not today), null when it says none. The HTML also carries the RSC payload, where the same words are
 * JSON strings ("Counts as of ","16:20 UTC"): only the rendered text, with React's `<!-- -->`, counts.
 */
export function overviewAsOfFrom(html: string): string | null {
  return /Counts as of (?:<!-- -->)?(\d{4}-\d\d-\d\d \d\d:\d\d UTC|\d\d:\d\d UTC)/.exec(html)?.[1] ?? null;
}

export type PagesMeasure = { runs: number; warmup: number; pages: Partial<Record<PagesAloneKind, PageTimes>>; overviewAsOf?: string | null };

const SORTS: GrantSortColumn[] = ["granted", "owner", "name", "last-used", "expires", "selection", "risk", "id"];
const KIND_OF_LOAD = { overview: "overview", grants: "grants", grant: "grant", requests: "requests", audit: "audit" } as const;

/** CPU nanoseconds of every thread of `pid` so far (schedstat's first field); null off Linux. */
export function processCpuNs(pid: number): number | null {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // a thread that ended between the listing and the read
      }
    }
    return total;
  } catch {
    return null;
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round1 = (n: number) => Math.round(n * 10) / 10;
const unescape = (href: string) => href.replaceAll("&amp;", "&");
const nextLink = (html: string) => {
  const m = /<a[^>]*href="([^"]+)"[^>]*rel="next"|<a[^>]*rel="next"[^>]*href="([^"]+)"/.exec(html);
  return m ? unescape(m[1] ?? m[2]!) : null;
};

/**
 * Loads each page kind alone, sequentially, against a running server with one signed-in session.
 * `pid` is the server's process (bench/load-server.ts gives it), for its CPU time.
 */
export async function benchPages({ base, org, cookie, pid, runs = 30, warmup = 3, kinds = PAGES_ALONE, log = () => {} }: {
  base: string; org: string; cookie: string; pid: number; runs?: number; warmup?: number; kinds?: readonly PagesAloneKind[]; log?: (m: string) => void;
}): Promise<PagesMeasure> {
  const orgPath = `/orgs/${encodeURIComponent(org)}`;
  const grantLinks = new Set<string>();
  let auditNext: string | null = null;
  let overviewAsOf: string | null | undefined;
  let requestsNext: string | null = null;
  // The i-th URL of each kind: filters × sorts × directions spread over the runs, a later page now
  // and then; grant pages opened from the grants tables loaded before; requests and audit alternate
  // between the first page and the "Older"/next link of the previous load.
  const urlOf: Record<PagesAloneKind, (i: number) => string> = {
    overview: () => orgPath,
    grants: (i) => {
      const [, filter] = FILTERS[(i * 7) % FILTERS.length]!;
      const q = toGrantSearchParams({ filter, sort: SORTS[i % SORTS.length]!, direction: i % 2 ? "asc" : "desc", page: i % 5 === 4 ? 2 + (i % 3) : 1 });
      return `${orgPath}/grants?${q.toString()}`;
    },
    grant: (i) => {
      const links = [...grantLinks];
      return links.length ? links[(i * 13) % links.length]! : `${orgPath}/grants/100001`;
    },
    requests: (i) => (i % 2 && requestsNext ? new URL(requestsNext, `http://x${orgPath}/requests`).pathname + new URL(requestsNext, `http://x${orgPath}/requests`).search : `${orgPath}/requests`),
    audit: (i) => (i % 2 && auditNext ? new URL(auditNext, `http://x${orgPath}/audit`).pathname + new URL(auditNext, `http://x${orgPath}/audit`).search : `${orgPath}/audit`),
  };
  const pages: PagesMeasure["pages"] = {};
  for (const kind of kinds) {
    const wall: number[] = [];
    const cpu: number[] = [];
    const errors: string[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const where = urlOf[kind](i);
      const before = processCpuNs(pid);
      const got = await loadPage({ url: base + where, cookie, kind: KIND_OF_LOAD[kind], timeoutMs: 60_000 });
      const after = processCpuNs(pid);
      if (kind === "grants") for (const m of got.html.matchAll(new RegExp(`href="(${orgPath}/grants/\\d+)"`, "g"))) grantLinks.add(m[1]!);
      if (kind === "audit") auditNext = nextLink(got.html);
      if (kind === "overview" && got.outcome === "ok") overviewAsOf = overviewAsOfFrom(got.html);
      if (kind === "requests") requestsNext = nextLink(got.html);
      if (i < warmup) continue;
      if (got.outcome !== "ok") {
        errors.push(`${where}: ${got.outcome}`);
        continue;
      }
      wall.push(got.ms);
      if (before !== null && after !== null) cpu.push((after - before) / 1e6);
    }
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const t: PageTimes = {
      loads: runs, errors, p50: round1(pct(wall, 50)), p95: round1(pct(wall, 95)), max: round1(wall[wall.length - 1] ?? 0),
      cpuP50: round1(pct(cpu, 50)), cpuP95: round1(pct(cpu, 95)), cpuMean: round1(cpu.reduce((a, b) => a + b, 0) / Math.max(1, cpu.length)),
    };
    pages[kind] = t;
    log(`pages alone: ${kind} p50 ${t.p50} ms, p95 ${t.p95} ms; server CPU p50 ${t.cpuP50} ms, p95 ${t.cpuP95} ms${errors.length ? `; ${errors.length} errors: ${errors[0]}` : ""}`);
  }
  return { runs, warmup, pages, ...(overviewAsOf !== undefined ? { overviewAsOf } : {}) };
}

export function printPages(r: PagesMeasure): void {
  const lines = [
    `\nDashboard pages alone (one session, sequential; ${r.runs} loads per kind after ${r.warmup} warm-up; target p50 ≤ 15 ms, p95 ≤ 50 ms)`,
    "| page | loads | errors | p50 ms | p95 ms | max ms | server CPU p50 ms | CPU p95 ms | CPU mean ms |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...PAGES_ALONE.filter((k) => r.pages[k]).map((k) => {
      const p = r.pages[k]!;
      return `| ${k} | ${p.loads} | ${p.errors.length} | ${p.p50} | ${p.p95} | ${p.max} | ${p.cpuP50} | ${p.cpuP95} | ${p.cpuMean} |`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
  const grants = arg("grants", 100_000);
  const runs = arg("runs", 30);
  const log = (m: string) => process.stdout.write(`[pages] ${m}\n`);
  const prof = argv.find((a) => a.startsWith("--prof="))?.slice(7);
  const kinds = argv.find((a) => a.startsWith("--kinds="))?.slice(8).split(",").filter((k): k is PagesAloneKind => (PAGES_ALONE as readonly string[]).includes(k)) ?? PAGES_ALONE;
  const { startSimulator } = await import("../simulator/index.ts");
  const { createGitHubApp } = await import("../bot/github/client.ts");
  const { registerInstallations } = await import("../bot/sync/index.ts");
  const { createBenchDb, rawPool } = await import("./db.ts");
  const { generateActivity, generateGrants } = await import("./generate.ts");
  const { signInOverHttp, startLoadServer } = await import("./load-server.ts");
  const bdb = await createBenchDb({ label: "h4_pages" });
  const sim = await startSimulator({ seed: 5, orgs: [{ login: "browsed", grants: 0, requests: 0 }] });
  const pool = rawPool(bdb.url, 2);
  let server: Awaited<ReturnType<typeof startLoadServer>> | undefined;
  try {
    const browsed = sim.control.org("browsed");
    await generateGrants({ pool, orgId: browsed.id, login: "browsed", n: grants });
    await generateActivity({ pool, orgId: browsed.id, login: "browsed", grants, requests: Math.round(grants / 100), audit: Math.round(grants / 10) });
    const github = createGitHubApp({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: sim.apiUrl });
    await registerInstallations({ db: bdb.handle.db, appOctokit: github.appOctokit });
    server = await startLoadServer({ sim, databaseUrl: bdb.url, profileDir: prof ? path.resolve(prof) : undefined });
    const cookie = await signInOverHttp({ url: server.url, login: browsed.demoUsers.owner });
    log(`${grants} grants; server ${server.url}, pid ${server.pid}`);
    printPages(await benchPages({ base: server.url, org: "browsed", cookie, pid: server.pid, runs, kinds, log }));
    if (server.warnings.length) log(`server warnings: ${server.warnings.slice(0, 5).join("\n")}`);
  } finally {
    await server?.close();
    await pool.end();
    await sim.close();
    await bdb.drop();
  }
}

if (process.argv[1]?.endsWith("pages.ts")) {
  main().then(() => process.exit(0), (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
