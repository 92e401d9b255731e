import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateTargets, fmt, previousFrom, TARGETS, targetsMarkdown, type BenchResults, type Previous, type TargetRow } from "../../bench/targets.ts";
import type { SyncMeasure } from "../../bench/sync-bench.ts";
import type { QueryMeasure } from "../../bench/queries.ts";

const previous = JSON.parse(readFileSync(new URL("../../bench/previous.json", import.meta.url), "utf8")) as Previous;
const byId = (rows: TargetRow[]) => Object.fromEntries(rows.map((r) => [r.id, r]));

const sync = (m: Partial<SyncMeasure>): SyncMeasure => ({
  who: "patwarden", size: 10_000, latencyMs: 0, step: "first", calls: 1, notModified: 0, points: 1, wallMs: 1_000, peakRssMb: 200,
  rowsWritten: 1, rowsPerSec: 1, basis: "measured", ...m,
});
const query = (name: string, p95: number): QueryMeasure => ({ name, kind: "list", runs: 12, p50: p95 / 2, p95, p99: p95, max: p95, indexes: [], seqScans: [] });
const page = (p50: number, p95: number) => ({ p50, p95, cpuP50: p50 / 2, errors: [] });

/** A full run's results with a mix of met and missed targets. */
const results: BenchResults = {
  started: "2026-12-05T16:35:00.000Z", smoke: false, only: null, wallMs: 840_000,
  sync: [
    sync({ size: 1_000, latencyMs: 0, wallMs: 1_000, apiAlone: { calls: 1, wallMs: 500 } }), // 2.00: not met
    sync({ size: 10_000, latencyMs: 0, wallMs: 14_000, apiAlone: { calls: 1, wallMs: 10_000 } }), // 1.40: met
    sync({ size: 1_000, latencyMs: 30, wallMs: 1_100, apiAlone: { calls: 1, wallMs: 1_000 } }), // 1.10: met (≤)
    sync({ size: 10_000, latencyMs: 30, wallMs: 12_000, apiAlone: { calls: 1, wallMs: 10_000 } }), // 1.20: not met
    sync({ who: "baseline", size: 10_000, latencyMs: 30, wallMs: 1, apiAlone: { calls: 1, wallMs: 100 } }), // not ours: ignored
    sync({ size: 100_000, step: "first", peakRssMb: 241 }),
    sync({ size: 100_000, step: "unchanged", peakRssMb: 260 }),
    sync({ who: "baseline", size: 100_000, peakRssMb: 447 }),
  ],
  queries: { results: [query("no filter · page 1", 10), query("search · count (exact)", 90), query("stale · count (exact)", 20), query("sort owner desc · page 200 (keyset)", 12), query("stale + contents:write · page 200 (keyset)", 61), query("sort owner desc · page 200", 300)] },
  load: {
    users: 50, grants: 100_000, http: { overall: { p95: 900, errors: 0, count: 3_000 } }, sync: { status: "failed", grants: 10_000 },
    pagesAlone: { pages: { overview: page(15, 50), grants: page(16, 40), grant: page(5, 51), requests: page(3, 9) }, overviewAsOf: "as of 16:34" },
  },
  cli: { compiled: "fresh", rows: [
    { command: "--help", path: "compiled", medianMs: 250, minMs: 240, maxMs: 300, before: "" },
    { command: "--help", path: "sources (tsx)", medianMs: 900, minMs: 800, maxMs: 1_000, before: "" },
    { command: "grants --org acme --format json", path: "compiled", medianMs: 1_100, minMs: 1_000, maxMs: 1_200, before: "" },
  ] },
  client: { pages: [
    { page: "grants", js: { gzipBytes: 149.9 * 1024 }, lcpMs: 700 },
    { page: "overview", js: { gzipBytes: 200 * 1024 }, lcpMs: 1_200 },
    { page: "audit", js: { gzipBytes: 1 }, lcpMs: null },
  ] },
};

describe("issue #17's targets", () => {
  it("has one row per target, unique ids, each with its previous figure in bench/previous.json", () => {
    const ids = TARGETS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(previous.figures).sort()).toEqual([...ids].sort());
    const rows = byId(evaluateTargets({}, previous));
    expect(rows["cli-help"]!.previous).toBe("230 ms");
    expect(rows["sync-api-30ms-10000"]!.previous).toBe("1.22×");
    expect(rows["keyset-page200"]!.previous).toBe("464 ms (no keyset: OFFSET, stale + contents:write)");
    expect(rows["client-js-grants"]!.previous).toBe("not measured");
    expect(rows["page-grants-p95"]!.previous).toBe("not measured alone; 2,940 ms under 50 users");
    expect(rows["bench-wall"]!.previous).toBe("13 min 27 s");
  });

  it("says 'not measured' for every target when a section is absent, and never 'met'", () => {
    const rows = evaluateTargets({ started: "x" }, previous);
    expect(rows.every((r) => r.met === "not measured")).toBe(true);
    expect(byId(rows)["page-overview-p50"]!.figure).toBe("not measured (no load section)");
    expect(byId(rows)["client-lcp"]!.figure).toBe("not measured (no client section)");
    const failed = byId(evaluateTargets({ ...results, client: undefined, failures: { client: "the demo exited 1 before serving" } }));
    expect(failed["client-js-grants"]!.figure).toBe("not measured (the client section failed: the demo exited 1 before serving)");
    expect(failed["client-js-grants"]!.met).toBe("not measured");
  });

  it("judges each figure against its limit: ≤ includes the limit, < does not", () => {
    const rows = byId(evaluateTargets(results, previous));
    const met = (id: string) => rows[id]!.met;
    expect(met("page-overview-p50")).toBe("yes"); // 15 ≤ 15
    expect(met("page-overview-p95")).toBe("yes"); // 50 ≤ 50
    expect(met("page-grants-p50")).toBe("no");
    expect(met("page-grant-p95")).toBe("no");
    expect(met("page-requests-p95")).toBe("yes");
    expect(met("page-audit-p50")).toBe("not measured"); // the load section ran without it
    expect(met("overview-as-of")).toBe("yes");
    expect(met("users50-p95")).toBe("yes");
    expect(met("users50-errors")).toBe("no"); // 0 page errors, but the sync under the load failed
    expect(met("keyset-page200")).toBe("no");
    expect(rows["keyset-page200"]!.figure).toBe("61 ms");
    expect(rows["keyset-page200"]!.detail).toBe("slowest of 2: stale + contents:write · page 200 (keyset)");
    expect(met("exact-counts")).toBe("yes");
    expect(rows["exact-counts"]!.detail).toBe("slowest of 2: search · count (exact)");
    expect(met("client-js-grants")).toBe("yes"); // 149.9 < 150
    expect(met("client-lcp")).toBe("no");
    expect(rows["client-lcp"]!.detail).toBe("overview, of 2 pages");
    expect(met("cli-help")).toBe("yes"); // compiled, not the tsx fallback
    expect(met("cli-grants-json")).toBe("no");
    expect([met("sync-api-0ms-1000"), met("sync-api-0ms-10000"), met("sync-api-30ms-1000"), met("sync-api-30ms-10000")]).toEqual(["no", "yes", "yes", "no"]);
    expect(rows["sync-api-0ms-10000"]!.figure).toBe("1.40×");
    expect(rows["rss-100k"]!.figure).toBe("260 MB"); // the worst step, not the baseline's 447
    expect(met("rss-100k")).toBe("yes");
    expect(rows["bench-wall"]!.figure).toBe("14 min");
    expect(met("bench-wall")).toBe("yes");
  });

  it("does not judge the wall time of a partial run, nor the CLI on a stale dist/; an overview without 'as of' is not met", () => {
    const rows = byId(evaluateTargets({ ...results, only: ["queries"], cli: { ...results.cli!, compiled: "stale" }, load: { ...results.load!, pagesAlone: { pages: {}, overviewAsOf: null } } }));
    expect(rows["cli-help"]!.met).toBe("not measured");
    expect(rows["cli-help"]!.figure).toContain("dist/ was stale");
    expect(rows["bench-wall"]!.met).toBe("not measured");
    expect(rows["bench-wall"]!.figure).toContain("partial run (--only=queries)");
    expect(rows["overview-as-of"]!.met).toBe("no");
    expect(rows["rss-100k"]!.previous).toBe("—"); // no previous file given
  });

  it("formats the markdown table: a row per target, pipes escaped, met in bold", () => {
    const md = targetsMarkdown(evaluateTargets(results, previous)).split("\n");
    expect(md[0]).toBe("| what | figure | target | previous | met? |");
    expect(md).toHaveLength(TARGETS.length + 2);
    const keyset = md.find((l) => l.startsWith("| page 200 by keyset"))!;
    expect(keyset).toBe("| page 200 by keyset, any filter and sort, p95 (1M grants) | 61 ms (slowest of 2: stale + contents:write · page 200 (keyset)) | ≤ 50 ms | 464 ms (no keyset: OFFSET, stale + contents:write) | **not met** |");
    expect(md.find((l) => l.startsWith("| CLI `patwarden --help`"))).toContain("| **met** |");
    const piped = targetsMarkdown([{ id: "x", label: "a | b", figure: "1", detail: "", target: "≤ 2", previous: "—", met: "not measured" }]);
    expect(piped.split("\n")[2]).toBe("| a \\| b | 1 | ≤ 2 | — | not measured |");
  });

  it("makes a run's measured figures the previous ones and keeps the others", () => {
    const next = previousFrom({ ...results, client: undefined }, previous);
    expect(next.figures["cli-help"]).toEqual({ value: 250 });
    expect(next.figures["sync-api-0ms-10000"]).toEqual({ value: 1.4 });
    expect(next.figures["client-lcp"]).toEqual(previous.figures["client-lcp"]); // not measured this time
    expect(next.recorded).toContain("2026-12-05T16:35:00.000Z");
  });

  it("formats units", () => {
    expect(fmt(807, "s")).toBe("13 min 27 s");
    expect(fmt(900, "s")).toBe("15 min");
    expect(fmt(4.25, "ms")).toBe("4.3 ms");
    expect(fmt(3122, "ms")).toBe("3,122 ms");
    expect(fmt(1.2, "×")).toBe("1.20×");
  });
});
