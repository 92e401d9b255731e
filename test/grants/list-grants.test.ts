// After a real sync from the simulator, every filter, some combinations and every sort give exactly
// what the same question asked of the simulator's ground truth gives. The ground-truth side is
// written independently and plainly, on the REST objects GitHub (the simulator) returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countCapFor, countGrants, countGrantsUpTo, getGrant, GRANT_COUNT_CAP, GRANT_TOTAL_CAP, listGrants } from "../../db/queries/grants.ts";
import { GRANT_SORT_COLUMNS, parseGrantQuery, type RawGrantQuery } from "../../model/grant-filter.ts";
import type { GroundGrant, GroundTruth } from "../../simulator/index.ts";
import { startStack, type Stack } from "../server/harness.ts";

const DAY = 86_400_000;
const RANK: Record<string, number> = { read: 1, write: 2, admin: 3 };

let stack: Stack;
let truth: GroundTruth;
let orgId: number;
let now: Date;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 400, requests: 4 }] });
  truth = stack.sim.control.org("acme");
  orgId = (await stack.org("acme")).id;
  now = new Date();
});
afterAll(() => stack?.close());

const time = (s: string | null) => (s === null ? null : new Date(s).getTime());
const heldRank = (g: GroundGrant, name: string) =>
  Math.max(0, ...Object.values(g.permissions).map((m) => RANK[(m as Record<string, string> | undefined)?.[name] ?? ""] ?? 0));

/** The filter semantics in plain terms, on GitHub's objects. */
function expectedIds(input: RawGrantQuery): number[] {
  const { filter: f } = parseGrantQuery({ input });
  const t = now.getTime();
  const exMembers = new Set(truth.exMembers.map((m) => m.login.toLowerCase()));
  return truth.grants
    .filter((g) => {
      const used = time(g.token_last_used_at);
      const expires = time(g.token_expires_at);
      const granted = time(g.access_granted_at)!;
      if (f.owner && !f.owner.includes(g.owner.login.toLowerCase())) return false;
      if (f.repository !== undefined) {
        const reaches = g.repository_selection === "all"
          || (g.repository_selection === "subset" && g.repositories.some((r) => r.name.toLowerCase() === f.repository!.toLowerCase()));
        if (!reaches) return false;
      }
      if (f.permission && !f.permission.every((p) => heldRank(g, p.name) >= RANK[p.level]!)) return false;
      if (f.lastUsedBefore && !(used !== null && used < f.lastUsedBefore.getTime())) return false;
      if (f.lastUsedAfter && !(used !== null && used > f.lastUsedAfter.getTime())) return false;
      if (f.neverUsed && used !== null) return false;
      if (f.staleDays !== undefined && !(used !== null ? used < t - f.staleDays * DAY : granted < t - f.staleDays * DAY)) return false;
      if (f.expired && !(g.token_expired || (expires !== null && expires <= t))) return false;
      if (f.expiringWithin !== undefined && !(!g.token_expired && expires !== null && expires > t && expires <= t + f.expiringWithin * DAY)) return false;
      if (f.noExpiry && expires !== null) return false;
      if (f.selection && !f.selection.includes(g.repository_selection)) return false;
      if (f.ownerLeft && !exMembers.has(g.owner.login.toLowerCase())) return false;
      if (f.search) {
        const s = f.search.toLowerCase();
        if (!g.token_name.toLowerCase().includes(s) && !g.owner.login.toLowerCase().includes(s)) return false;
      }
      return true;
    })
    .map((g) => g.id)
    .sort((a, b) => a - b);
}

async function actualIds(input: RawGrantQuery): Promise<number[]> {
  const q = parseGrantQuery({ input });
  const { rows, total } = await listGrants({ db: stack.handle.db, orgId, filter: q.filter, sort: "id", direction: "asc", perPage: 500, now });
  expect(total).toBe(rows.length);
  return rows.map((r) => r.id);
}

describe("listGrants filters equal the ground truth", () => {
  it("has data with variety to filter (sanity)", () => {
    expect(truth.grants.length).toBe(400);
    expect(truth.exMembers.length).toBeGreaterThan(0);
    for (const s of ["all", "subset", "none"]) expect(truth.grants.some((g) => g.repository_selection === s)).toBe(true);
  });

  const cases: [string, () => RawGrantQuery][] = [
    ["no filter", () => ({})],
    ["one owner", () => ({ owner: busiestOwner() })],
    ["several owners, different case", () => ({ owner: `${busiestOwner().toUpperCase()},${truth.grants[7]!.owner.login}` })],
    ["repository (subset grants listing it, and all-repository grants)", () => ({ repository: commonRepo() })],
    ["repository, different case", () => ({ repository: commonRepo().toUpperCase() })],
    ["permission read or higher", () => ({ permission: "contents:read" })],
    ["permission write or higher", () => ({ permission: "contents:write" })],
    ["two permissions, both required", () => ({ permission: ["contents:write", "issues:read"] })],
    ["an organization permission", () => ({ permission: "members:read" })],
    ["last used before", () => ({ "last-used-before": new Date(now.getTime() - 30 * DAY).toISOString() })],
    ["last used after", () => ({ "last-used-after": new Date(now.getTime() - 7 * DAY).toISOString() })],
    ["never used", () => ({ "never-used": true })],
    ["stale 90 days", () => ({ "stale-days": "90" })],
    ["stale 1 day", () => ({ "stale-days": "1" })],
    ["expired", () => ({ expired: true })],
    ["expiring within 30 days", () => ({ "expiring-within": "30" })],
    ["no expiry", () => ({ "no-expiry": true })],
    ["selection subset", () => ({ selection: "subset" })],
    ["selection all and none", () => ({ selection: "all,none" })],
    ["owner left the org", () => ({ "owner-left": true })],
    ["search in token names", () => ({ search: truth.grants[3]!.token_name.slice(1, 4) })],
    ["search in owner logins", () => ({ search: busiestOwner().slice(0, 3).toUpperCase() })],
    ["stale + write permission", () => ({ "stale-days": "30", permission: "contents:write" })],
    ["no expiry + all repositories + never used", () => ({ "no-expiry": true, selection: "all", "never-used": true })],
    ["repository + permission + owner", () => ({ repository: commonRepo(), permission: "contents:read", owner: busiestOwner() })],
  ];

  it.each(cases)("%s", async (_name, input) => {
    const expected = expectedIds(input());
    expect(await actualIds(input())).toEqual(expected);
  });

  it("filters that match something do match something (the cases are not vacuous)", () => {
    for (const [name, input] of cases) {
      if (["expired", "never used", "owner left the org", "expiring within 30 days"].includes(name)) {
        expect(expectedIds(input()).length, name).toBeGreaterThan(0);
      }
    }
  });
});

describe("listGrants sorting and pages", () => {
  const lower = (s: string) => s.toLowerCase();
  const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const keyOf: Record<string, (g: GroundGrant) => number | string | null> = {
    owner: (g) => lower(g.owner.login),
    name: (g) => lower(g.token_name),
    "last-used": (g) => time(g.token_last_used_at),
    expires: (g) => time(g.token_expires_at),
    granted: (g) => time(g.access_granted_at),
    selection: (g) => g.repository_selection,
    id: (g) => g.id,
  };
  /** Never used sorts as the oldest use; no expiry as the latest expiry. */
  const nullRank = (sort: string) => (sort === "last-used" ? -Infinity : Infinity);

  function expectedOrder(sort: string, direction: "asc" | "desc"): number[] {
    const sign = direction === "asc" ? 1 : -1;
    return [...truth.grants]
      .sort((a, b) => {
        const ka = keyOf[sort]!(a) ?? nullRank(sort);
        const kb = keyOf[sort]!(b) ?? nullRank(sort);
        const c = typeof ka === "string" && typeof kb === "string" ? cmpText(ka, kb) : (ka as number) < (kb as number) ? -1 : (ka as number) > (kb as number) ? 1 : 0;
        return sign * (c || a.id - b.id);
      })
      .map((g) => g.id);
  }

  // Risk is ours, not GitHub's: its order is checked on factory rows in governance-filters.test.ts.
  it.each(GRANT_SORT_COLUMNS.filter((s) => s !== "risk").flatMap((s) => [[s, "asc"], [s, "desc"]] as const))("sort %s %s", async (sort, direction) => {
    const { rows } = await listGrants({ db: stack.handle.db, orgId, filter: {}, sort, direction, perPage: 500, now });
    expect(rows.map((r) => r.id)).toEqual(expectedOrder(sort, direction));
  });

  it("pages partition the result and report the total on every page", async () => {
    const filter = parseGrantQuery({ input: { "stale-days": "30" } }).filter;
    const all = expectedIds({ "stale-days": "30" });
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 25) + 1; page++) {
      const { rows, total } = await listGrants({ db: stack.handle.db, orgId, filter, sort: "owner", direction: "asc", page, perPage: 25, now });
      expect(total).toBe(all.length);
      seen.push(...rows.map((r) => r.id));
    }
    expect(seen.sort((a, b) => a - b)).toEqual(all);
    expect(await countGrants({ db: stack.handle.db, orgId, filter, now })).toBe(all.length);
  });

  it("a browsing count stops at the cap and says so; deep pages and the last page stay right; countGrants stays exact", async () => {
    const db = stack.handle.db;
    const all = expectedIds({});
    expect(all.length).toBeGreaterThan(150);
    const list = (page: number, perPage: number, countCap: number) => listGrants({ db, orgId, filter: {}, sort: "id", direction: "asc", page, perPage, now, countCap });
    // A full first page: counting stops at the cap.
    expect(await list(1, 25, 60)).toMatchObject({ total: 60, totalCapped: true });
    // Past the cap, a deep page proves everything up to its end matches.
    const deep = await list(4, 25, 60);
    expect([deep.rows.length, deep.total, deep.totalCapped]).toEqual([25, 100, true]);
    // A cap above the matches counts them all, exactly.
    expect(await list(1, 25, all.length)).toMatchObject({ total: all.length, totalCapped: false });
    // The last page tells the exact total whatever the cap.
    const lastPage = Math.ceil(all.length / 25);
    expect(await list(lastPage, 25, 60)).toMatchObject({ total: all.length, totalCapped: false });
    // A page past the end counts exactly (there is no page to prove more).
    expect(await list(lastPage + 1, 25, 60)).toMatchObject({ rows: [], total: all.length, totalCapped: false });
    expect(await countGrantsUpTo({ db, orgId, filter: {}, now, cap: all.length })).toEqual({ total: all.length, capped: false });
    expect(await countGrantsUpTo({ db, orgId, filter: {}, now, cap: all.length - 1 })).toEqual({ total: all.length - 1, capped: true });
    expect(await countGrants({ db, orgId, filter: {}, now })).toBe(all.length);
  });

  it("filtered counts stop at the smaller cap; the state alone (the org total) at the wider one", () => {
    expect(GRANT_COUNT_CAP).toBeLessThan(GRANT_TOTAL_CAP);
    expect([countCapFor({}), countCapFor({ state: "removed" }), countCapFor({ staleDays: 90 }), countCapFor({ state: "all", search: "x" })])
      .toEqual([GRANT_TOTAL_CAP, GRANT_TOTAL_CAP, GRANT_COUNT_CAP, GRANT_COUNT_CAP]);
  });

  it("getGrant returns a subset grant with exactly its repositories, and null for another org's id", async () => {
    const subset = truth.grants.find((g) => g.repository_selection === "subset" && g.repositories.length > 1)!;
    const detail = await getGrant({ db: stack.handle.db, orgId, grantId: subset.id });
    expect(detail?.tokenId).toBe(subset.token_id);
    expect(detail?.repositories.map((r) => r.repositoryId).sort()).toEqual(subset.repositories.map((r) => r.id).sort());
    expect(await getGrant({ db: stack.handle.db, orgId: orgId + 1, grantId: subset.id })).toBeNull();
  });
});

function busiestOwner(): string {
  const counts = new Map<string, number>();
  for (const g of truth.grants) counts.set(g.owner.login, (counts.get(g.owner.login) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
}

function commonRepo(): string {
  const counts = new Map<string, number>();
  for (const g of truth.grants) for (const r of g.repositories) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
