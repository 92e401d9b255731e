// The reports list by keyset cursor: Older from the first page to the end and Newer back give every
// report once, newest first, ties on generatedAt (and microseconds) included; a bad cursor is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { reports } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { newestFirst, nudgeMicroseconds, tiedTimes, walkBothWays } from "../helpers/time-pages.ts";
import { insertOrg } from "../app/factories.ts";

let h: DbHandle;
beforeAll(async () => { h = await createTestDb(); });
afterAll(async () => { await h?.close(); });

describe("reports.list by cursor", () => {
  it("walks every report once in order, both ways, and refuses a bad cursor", async () => {
    const engine = testEngine({ db: h.db });
    const org = await insertOrg({ db: h.db, login: "report-pages" });
    const other = await insertOrg({ db: h.db, login: "report-pages-other" });
    const report = (orgId: number, generatedAt: Date) => ({ orgId, trigger: "manual", requestedBy: "alice", generatedAt, schemaVersion: 1, document: {} });
    await h.db.insert(reports).values(tiedTimes(13).map((t) => report(org.id, t)));
    await h.db.insert(reports).values(report(other.id, tiedTimes(1)[0]!));
    await nudgeMicroseconds(h.db, "reports", "generated_at");
    const expected = await newestFirst(h.db, "reports", "generated_at", org.id);
    expect(expected.length).toBe(13);

    const { forward, back, firstNewer } = await walkBothWays((c) => engine.reports.list({ orgId: org.id, limit: 4, ...c }));
    expect(firstNewer).toBeNull();
    expect(forward.flat()).toEqual(expected);
    expect(forward.map((p) => p.length)).toEqual([4, 4, 4, 1]);
    expect(back).toEqual(forward);

    await expect(engine.reports.list({ orgId: org.id, before: "bm90IGpzb24" })).rejects.toMatchObject({ kind: "InvalidInput", field: "before" });
  });
});
