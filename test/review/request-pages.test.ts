// Keyset pages of the requests list (model/time-cursor.ts): walking Next from the first page, and
// back by Previous, yields every request exactly once in the list's order, ties on the time and
// microseconds included; a bad or foreign cursor is InvalidInput naming the field.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { encodeTimeCursor } from "../../model/time-cursor.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { insertOrg, insertRequest } from "../app/factories.ts";

const now = new Date("2026-03-01T00:00:00Z");
const HOUR = 3_600_000;
let h: DbHandle;

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h?.close();
});

describe("requests by cursor", () => {
  it("walks the pending queue and every status page by page, forward and back, each request once in order", async () => {
    const engine = testEngine({ db: h.db, now: () => now });
    const org = await insertOrg({ db: h.db, login: "pages-org" });
    const other = await insertOrg({ db: h.db, login: "pages-other" });
    // Groups of equal times (ties broken by id), one a microsecond apart, statuses mixed.
    for (let i = 0; i < 23; i++) {
      await insertRequest({
        db: h.db, orgId: org.id, now,
        spec: { createdAt: new Date(now.getTime() - (10 - Math.floor(i / 4)) * HOUR), status: i % 5 === 0 ? "approved" : "pending" },
      });
    }
    await h.db.execute(sql`update pat_requests set created_at = created_at + interval '1 microsecond' where id % 3 = 0`);
    await insertRequest({ db: h.db, orgId: other.id, now, spec: { createdAt: new Date(now.getTime() - 5 * HOUR) } });

    const rowsOf = async <T,>(q: ReturnType<typeof sql>) => ((await h.db.execute(q)) as unknown as { rows: T[] }).rows;
    const ordered = async (status: "pending" | "all") => (await rowsOf<{ id: number }>(sql`
      select id from pat_requests where org_id = ${org.id} ${status === "pending" ? sql`and status = 'pending'` : sql``}
      order by created_at ${status === "pending" ? sql`asc` : sql`desc`}, id ${status === "pending" ? sql`asc` : sql`desc`}`)).map((r) => Number(r.id));

    // The queue: Next (after) to the end, then Previous (before) back to the start.
    const expected = await ordered("pending");
    expect(expected.length).toBe(18);
    const pages: number[][] = [];
    let page = await engine.requests.queue({ orgId: org.id, limit: 4 });
    expect(page.older).toBeNull();
    pages.push(page.rows.map((r) => r.id));
    while (page.newer) {
      page = await engine.requests.queue({ orgId: org.id, limit: 4, after: page.newer });
      expect(page.total).toBe(18);
      pages.push(page.rows.map((r) => r.id));
    }
    expect(pages.flat()).toEqual(expected);
    expect(pages.length).toBe(5);
    const back: number[][] = [page.rows.map((r) => r.id)];
    while (page.older) {
      page = await engine.requests.queue({ orgId: org.id, limit: 4, before: page.older });
      back.unshift(page.rows.map((r) => r.id));
    }
    expect(back).toEqual(pages);

    // Every status, newest first: the list verb walked by `before` (older) with its limit.
    const all = await ordered("all");
    expect(all.length).toBe(23);
    const walked: number[] = [];
    let rows = (await engine.requests.list({ orgId: org.id, status: "all", limit: 5 })).rows;
    walked.push(...rows.map((r) => r.id));
    while (rows.length === 5) {
      const last = rows[rows.length - 1]!;
      const [{ at }] = (await rowsOf<{ at: string }>(sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at from pat_requests where id = ${last.id}`)) as [{ at: string }];
      rows = (await engine.requests.list({ orgId: org.id, status: "all", limit: 5, before: encodeTimeCursor({ list: "requests", at, id: last.id }) })).rows;
      walked.push(...rows.map((r) => r.id));
    }
    expect(walked).toEqual(all);
  });

  it("refuses a bad cursor, or one of another list, naming the field", async () => {
    const engine = testEngine({ db: h.db, now: () => now });
    const org = await insertOrg({ db: h.db, login: "pages-bad" });
    await expect(engine.requests.queue({ orgId: org.id, limit: 4, after: "not-a-cursor!" })).rejects.toMatchObject({ kind: "InvalidInput", field: "after" });
    await expect(engine.requests.queue({ orgId: org.id, limit: 4, before: "e30" })).rejects.toMatchObject({ kind: "InvalidInput", field: "before" });
    const foreign = encodeTimeCursor({ list: "reports", at: "2026-01-01T00:00:00.000000Z", id: 1 });
    await expect(engine.requests.list({ orgId: org.id, after: foreign })).rejects.toMatchObject({ kind: "InvalidInput", field: "after", message: expect.stringContaining("reports") });
  });
});
