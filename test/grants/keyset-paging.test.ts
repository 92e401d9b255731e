// Keyset paging of the grants list (model/grant-cursor.ts, db/queries/grants.ts listGrants): walking
// every sort and direction by cursor, forwards with `after` and backwards with `before`, yields
// exactly the rows of the full list in the same order: with ties on every sort value, nulls on
// the nullable sorts, microseconds in dates, and mixed-case and non-ASCII names.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/engine.ts";
import type { DbHandle } from "../../db/client.ts";
import { listGrants } from "../../db/queries/grants.ts";
import { encodeGrantCursor } from "../../model/grant-cursor.ts";
import { GRANT_SORT_COLUMNS, parseGrantQuery, SORT_DIRECTIONS, toGrantSearchParams, type GrantFilter } from "../../model/grant-filter.ts";
import { withParams } from "../../app/_lib/grant-url.ts";
import { insertGrant, insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";

const now = new Date("2030-06-01T00:00:00Z");
let h: DbHandle;
let engine: Engine;
let orgId: number;

beforeAll(async () => {
  h = await createTestDb();
  engine = testEngine({ db: h.db, now: () => now });
  orgId = (await insertOrg({ db: h.db, login: "keyset" })).id;
  const other = (await insertOrg({ db: h.db, login: "keyset-other" })).id;
  const owners = ["Alice", "alice", "bob", "Émile", "zed"];
  const names = ["deploy", "Deploy", "ci", "Ärger", "ci"];
  for (let i = 0; i < 37; i++) {
    await insertGrant({
      db: h.db, orgId, now, spec: {
        ownerLogin: owners[i % owners.length]!,
        tokenName: names[i % 4]!,
        // Ties: a handful of distinct values each, and nulls on the nullable sorts.
        lastUsedDaysAgo: i % 6 === 0 ? null : (i % 4) * 10,
        expiresInDays: i % 5 === 0 ? null : (i % 3) * 30 - 10,
        accessGrantedAt: new Date(now.getTime() - (i % 7) * 86_400_000),
        repositorySelection: (["all", "none", "subset"] as const)[i % 3],
        riskScore: (i % 4) * 25,
        removedAt: i === 36 ? now : null,
      },
    });
  }
  // Microseconds (a JavaScript Date keeps milliseconds): the cursor must keep what Postgres compares.
  await h.db.execute(sql`update grants set access_granted_at = access_granted_at + (id % 3) * interval '1 microsecond' where org_id = ${orgId}`);
  for (let i = 0; i < 5; i++) await insertGrant({ db: h.db, orgId: other, now, spec: { ownerLogin: "alice" } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const FILTERS: [string, GrantFilter, number[]][] = [["no filter", {}, [1, 7]], ["selection all+subset", { selection: ["all", "subset"] }, [4]], ["every state", { state: "all" }, [5]]];

describe("keyset paging of grants", () => {
  for (const [label, filter, sizes] of FILTERS) {
    it(`walks every sort and direction by cursor, both ways, to the full list (${label})`, async () => {
      for (const sort of GRANT_SORT_COLUMNS) {
        for (const direction of SORT_DIRECTIONS) {
          const full = await listGrants({ db: h.db, orgId, filter, sort, direction, perPage: 500, now });
          const ids = full.rows.map((r) => r.id);
          expect(ids.length).toBeGreaterThan(20);
          for (const perPage of sizes) {
            const what = `${sort} ${direction} per page ${perPage}`;
            const forward: number[] = [];
            let after: string | undefined;
            for (let guard = 0; guard < 100; guard++) {
              const page = await engine.grants.list({ orgId, filter, sort, direction, perPage, after });
              forward.push(...page.rows.map((r) => r.id));
              if (!page.nextCursor) break;
              after = page.nextCursor;
            }
            expect(forward, what).toEqual(ids);
            // Backwards from the last row, with `before`.
            const last = ids.length - 1;
            const tail = await engine.grants.list({ orgId, filter, sort, direction, perPage: 1, page: last + 1 });
            expect(tail.rows.map((r) => r.id)).toEqual([ids[last]]);
            expect(tail.nextCursor).toBeNull();
            const backward: number[] = [ids[last]!];
            let before: string | undefined = tail.prevCursor!;
            for (let guard = 0; guard < 100 && before; guard++) {
              const page = await engine.grants.list({ orgId, filter, sort, direction, perPage, before });
              backward.unshift(...page.rows.map((r) => r.id));
              before = page.prevCursor ?? undefined;
            }
            expect(backward, what).toEqual(ids);
          }
        }
      }
    }, 240_000);
  }

  it("a page read by cursor is the page read by offset, and says whether more follow", async () => {
    const first = await engine.grants.list({ orgId, filter: {}, sort: "owner", direction: "asc", perPage: 10 });
    const second = await engine.grants.list({ orgId, filter: {}, sort: "owner", direction: "asc", perPage: 10, after: first.nextCursor! });
    const byOffset = await engine.grants.list({ orgId, filter: {}, sort: "owner", direction: "asc", perPage: 10, page: 2 });
    expect(second.rows.map((r) => r.id)).toEqual(byOffset.rows.map((r) => r.id));
    expect(first.prevCursor).toBeNull();
    expect(second.prevCursor).not.toBeNull();
    const back = await engine.grants.list({ orgId, filter: {}, sort: "owner", direction: "asc", perPage: 10, before: second.prevCursor! });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.prevCursor).toBeNull();
    // The last page: no next cursor, and the count is exact.
    const last = await engine.grants.list({ orgId, filter: {}, sort: "owner", direction: "asc", perPage: 10, page: 4 });
    expect(last.rows).toHaveLength(6);
    expect(last.nextCursor).toBeNull();
    expect(last.total).toBe(36);
  });

  it("refuses a bad cursor, naming the field as the face shows it", async () => {
    const good = (await engine.grants.list({ orgId, filter: {}, sort: "risk", direction: "desc", perPage: 3 })).nextCursor!;
    const refusal = async (input: Parameters<Engine["grants"]["list"]>[0]) =>
      engine.grants.list(input).then(() => null, (e: { kind?: string; field?: string; message: string }) => e);
    const bads = ["x", "!!!", encodeGrantCursor({ sort: "risk", direction: "desc", key: "999", id: 1 }), Buffer.from("[1,2]").toString("base64url"),
      encodeGrantCursor({ sort: "granted", direction: "desc", key: "yesterday", id: 1 }), encodeGrantCursor({ sort: "owner", direction: "asc", key: null, id: 1 }),
      encodeGrantCursor({ sort: "risk", direction: "desc", key: "10", id: -1 })];
    for (const text of bads) {
      const e = await refusal({ orgId, filter: {}, sort: "risk", direction: "desc", after: text, fieldStyle: "flag" });
      expect(e?.kind, text).toBe("InvalidInput");
      expect(e?.field).toBe("--after");
      expect(e?.message).toMatch(/not a grants cursor/);
    }
    const other = await refusal({ orgId, filter: {}, sort: "owner", direction: "desc", before: good });
    expect(other).toMatchObject({ kind: "InvalidInput", field: "before" });
    expect(other?.message).toMatch(/sorted by risk desc, not owner desc/);
    const both = await refusal({ orgId, filter: {}, sort: "risk", direction: "desc", after: good, before: good });
    expect(both).toMatchObject({ kind: "InvalidInput", field: "before" });
    // URLs and flags: parseGrantQuery checks the cursor against the sort too, and writes it back.
    expect(() => parseGrantQuery({ input: { sort: "name", after: good }, label: (k) => `--${k}` })).toThrow(/--after: this cursor continues the list sorted by risk desc/);
    expect(() => parseGrantQuery({ input: { after: "%%%" } })).toThrow(/after: not a grants cursor/);
    const q = parseGrantQuery({ input: { sort: "risk", after: good } });
    expect(q.after).toBe(good);
    expect(toGrantSearchParams(q).get("after")).toBe(good);
    expect(good).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe("grants page URLs", () => {
  it("drop the cursor on any change but the paging links' own", () => {
    const current = new URLSearchParams("sort=owner&after=abc&page=3&stale-days=90");
    expect(withParams(current, { sort: "name", direction: "asc" })).toBe("?stale-days=90&sort=name&direction=asc");
    expect(withParams(current, { page: "4", after: "def", before: null })).toBe("?sort=owner&stale-days=90&page=4&after=def");
    expect(withParams(current, { page: null, after: null, before: null })).toBe("?sort=owner&stale-days=90");
  });
});
