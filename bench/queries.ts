// The dashboard's data layer on a large org: every filter alone and the common combinations,
// each sort, first and deep page, counts (the browsing list's capped count and the exact count bulk
// revoke and reports use); p50/p95/p99 over repeated runs, and the indexes each query's plan uses
// (EXPLAIN of the exact SQL listGrants sent, captured by a drizzle logger).
import { drizzle } from "drizzle-orm/node-postgres";
import type { GrantFilter, GrantSortColumn } from "../model/grant-filter.ts";
import type { Db } from "../db/client.ts";
import { countGrantRepositories, countGrants, countGrantsUpTo, listGrants } from "../db/queries/grants.ts";
import * as schema from "../db/schema.ts";
import { createBenchDb, rawPool } from "./db.ts";
import { generateGrants } from "./generate.ts";
import { indexesOf } from "./explain.ts";

export type QueryMeasure = { name: string; kind: "list" | "count" | "page-load"; runs: number; p50: number; p95: number; p99: number; max: number; indexes: string[]; seqScans: string[] };

const ORG_ID = 4242;
const perm = (name: string, level: "read" | "write" | "admin") => ({ name, level });

export const FILTERS: [string, GrantFilter][] = [
  ["no filter", {}],
  ["owner", { owner: ["user-1234"] }],
  ["repository", { repository: "repo-77" }],
  ["permission contents:write", { permission: [perm("contents", "write")] }],
  ["permission-any admin", { permissionAny: [perm("administration", "write"), perm("members", "read")] }],
  ["stale 90d", { staleDays: 90 }],
  ["never used", { neverUsed: true }],
  ["last used before", { lastUsedBefore: new Date(Date.now() - 180 * 86_400_000) }],
  ["expired", { expired: true }],
  ["expiring 7d", { expiringWithin: 7 }],
  ["no expiry", { noExpiry: true }],
  ["selection subset", { selection: ["subset"] }],
  ["owner left", { ownerLeft: true }],
  ["risk ≥ 80", { riskMin: 80 }],
  ["search", { search: "deploy" }],
  ["removed", { state: "removed" }],
  ["stale + contents:write", { staleDays: 90, permission: [perm("contents", "write")] }],
  ["owner + repository", { owner: ["user-1234", "user-99"], repository: "repo-77" }],
  ["expiring 30d + write", { expiringWithin: 30, permission: [perm("contents", "write")] }],
  ["no expiry + stale", { noExpiry: true, staleDays: 90 }],
  ["risk ≥ 80 + owner left", { riskMin: 80, ownerLeft: true }],
];
// Measured, not in FILTERS (which the load test draws from): a selective search, what people type.
const SELECTIVE_SEARCH: [string, GrantFilter] = ["search selective", { search: "user-4242" }];
const SORTS: GrantSortColumn[] = ["granted", "owner", "name", "last-used", "expires", "selection", "risk", "id"];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function benchQueries({ n, runs, log }: { n: number; runs: number; log: (m: string) => void }): Promise<{ generatedMs: number; results: QueryMeasure[] }> {
  const bdb = await createBenchDb({ label: `q${n}` });
  const pool = rawPool(bdb.url, 4);
  try {
    const t0 = performance.now();
    await generateGrants({ pool, orgId: ORG_ID, login: "bigorg", n });
    const generatedMs = Math.round(performance.now() - t0);
    log(`generated ${n} grants in ${(generatedMs / 1000).toFixed(1)} s`);
    let captured: { sql: string; params: unknown[] }[] = [];
    const db = drizzle(pool, { schema, logger: { logQuery: (sql, params) => void captured.push({ sql, params }) } }) as unknown as Db;
    const now = new Date();
    const results: QueryMeasure[] = [];
    const time = async (name: string, kind: QueryMeasure["kind"], fn: () => Promise<unknown>) => {
      captured = [];
      await fn(); // warm-up, and the SQL to explain
      const sqls = captured;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const plans = await Promise.all(sqls.map((q) => indexesOf({ pool, sql: q.sql, params: q.params })));
      const m: QueryMeasure = {
        name, kind, runs,
        p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)), max: round(times[times.length - 1] ?? 0),
        indexes: [...new Set(plans.flatMap((p) => p.indexes))], seqScans: [...new Set(plans.flatMap((p) => p.seqScans))],
      };
      results.push(m);
      log(`${name}: p50 ${m.p50} ms, p95 ${m.p95} ms, p99 ${m.p99} ms; indexes ${m.indexes.join(", ") || "none"}${m.seqScans.length ? `; seq scan ${m.seqScans.join(", ")}` : ""}`);
    };
    for (const [name, filter] of [...FILTERS, SELECTIVE_SEARCH]) {
      await time(`${name} · page 1`, "list", () => listGrants({ db, orgId: ORG_ID, filter, page: 1, perPage: 50, now }));
      await time(`${name} · count (capped)`, "count", () => countGrantsUpTo({ db, orgId: ORG_ID, filter, now }));
      await time(`${name} · count (exact)`, "count", () => countGrants({ db, orgId: ORG_ID, filter, now }));
    }
    for (const sort of SORTS) {
      for (const direction of ["asc", "desc"] as const) {
        await time(`sort ${sort} ${direction} · page 1`, "list", () => listGrants({ db, orgId: ORG_ID, filter: {}, sort, direction, page: 1, perPage: 50, now }));
      }
      await time(`sort ${sort} desc · page 200`, "list", () => listGrants({ db, orgId: ORG_ID, filter: {}, sort, direction: "desc", page: 200, perPage: 50, now }));
    }
    await time("stale + contents:write · page 200", "list", () => listGrants({ db, orgId: ORG_ID, filter: FILTERS[16]![1], page: 200, perPage: 50, now }));
    // Keyset: the cursor of page 199's last row (read once by OFFSET), then page 200 after it, as the
    // dashboard's Next link and `grants --after` read it (with the page's capped count).
    const keyset = async (name: string, filter: GrantFilter, sort: GrantSortColumn, direction: "asc" | "desc") => {
      const last = (await listGrants({ db, orgId: ORG_ID, filter, sort, direction, page: 199, perPage: 50, now, withCount: false })).cursors.at(-1);
      if (!last) return log(`${name}: fewer than 199 pages, not measured`);
      await time(name, "list", () => listGrants({ db, orgId: ORG_ID, filter, sort, direction, after: last, perPage: 50, now }));
    };
    for (const sort of SORTS) {
      for (const direction of ["asc", "desc"] as const) await keyset(`sort ${sort} ${direction} · page 200 (keyset)`, {}, sort, direction);
    }
    for (const [name, filter] of FILTERS.slice(16)) {
      await keyset(`${name} · page 200 (keyset)`, filter, "granted", "desc");
      await keyset(`${name} · sort owner asc · page 200 (keyset)`, filter, "owner", "asc");
      await keyset(`${name} · sort expires asc · page 200 (keyset)`, filter, "expires", "asc");
    }
    // The grants page's loader (app/_data/grants.ts listGrantTable) minus access checks and React:
    // unfiltered, the list's own (capped) count is the org total; then repository counts for the page.
    await time("grants page data (loader queries)", "page-load", async () => {
      const { rows } = await listGrants({ db, orgId: ORG_ID, filter: {}, now });
      await countGrantRepositories({ db, orgId: ORG_ID, grantIds: rows.filter((g) => g.repositorySelection === "subset" && g.repositoryCount === null).map((g) => g.id) });
    });
    // Filtered: the page (with its capped count) and the org's capped total side by side.
    await time("grants page data, filtered (loader queries)", "page-load", async () => {
      const [{ rows }] = await Promise.all([
        listGrants({ db, orgId: ORG_ID, filter: FILTERS[16]![1], now }),
        countGrantsUpTo({ db, orgId: ORG_ID, filter: { state: "active" }, now }),
      ]);
      await countGrantRepositories({ db, orgId: ORG_ID, grantIds: rows.filter((g) => g.repositorySelection === "subset" && g.repositoryCount === null).map((g) => g.id) });
    });
    return { generatedMs, results };
  } finally {
    await pool.end();
    await bdb.drop();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
