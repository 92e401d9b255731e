// The dashboard's review queue reads only the rows it shows (oldest first, with their repositories)
// and counts the rest, so a long queue costs a page no more than a short one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
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

describe("requests.queue", () => {
  it("gives the oldest `limit` pending requests with their repositories, and counts every pending one", async () => {
    const engine = testEngine({ db: h.db, now: () => now });
    const org = await insertOrg({ db: h.db, login: "queue-org" });
    const other = await insertOrg({ db: h.db, login: "other-org" });
    // Inserted newest first, so the order comes from createdAt, not from insertion.
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await insertRequest({ db: h.db, orgId: org.id, now, spec: { createdAt: new Date(now.getTime() - (i + 1) * HOUR), repositories: [`repo-${i}`, `lib-${i}`] } }));
    }
    await insertRequest({ db: h.db, orgId: org.id, now, spec: { status: "approved", createdAt: new Date(now.getTime() - 100 * HOUR) } });
    await insertRequest({ db: h.db, orgId: other.id, now, spec: { createdAt: new Date(now.getTime() - 200 * HOUR) } });

    const { total, rows } = await engine.requests.queue({ orgId: org.id, limit: 3 });
    expect(total).toBe(7);
    expect(rows.map((r) => r.id)).toEqual([ids[6], ids[5], ids[4]]);
    expect(rows[0]!.repositories).toEqual(["org/lib-6", "org/repo-6"]);

    const all = await engine.requests.queue({ orgId: org.id, limit: 100 });
    expect([all.total, all.rows.length]).toEqual([7, 7]);
    expect((await engine.requests.list({ orgId: org.id })).rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
  });
});
