// Sync runs (an org's sync history) by keyset cursor: Older from the first page to the end and Newer
// back give every run once, newest first, ties on startedAt (and microseconds) included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { listSyncRunPage } from "../../db/queries/sync-runs.ts";
import { syncRuns } from "../../db/schema.ts";
import { decodeTimeCursor } from "../../model/time-cursor.ts";
import { createTestDb } from "../helpers/db.ts";
import { newestFirst, nudgeMicroseconds, tiedTimes, walkBothWays } from "../helpers/time-pages.ts";
import { insertOrg } from "../app/factories.ts";

let h: DbHandle;
beforeAll(async () => { h = await createTestDb(); });
afterAll(async () => { await h?.close(); });

describe("listSyncRunPage", () => {
  it("walks every run once in order, both ways", async () => {
    const org = await insertOrg({ db: h.db, login: "sync-pages" });
    const other = await insertOrg({ db: h.db, login: "sync-pages-other" });
    const run = (orgId: number, startedAt: Date) => ({ orgId, kind: "full" as const, status: "succeeded" as const, startedAt });
    await h.db.insert(syncRuns).values(tiedTimes(14).map((t) => run(org.id, t)));
    await h.db.insert(syncRuns).values(run(other.id, tiedTimes(1)[0]!));
    await nudgeMicroseconds(h.db, "sync_runs", "started_at");
    const expected = await newestFirst(h.db, "sync_runs", "started_at", org.id);
    expect(expected.length).toBe(14);

    const decode = (text?: string) => (text ? decodeTimeCursor({ text, field: "before", list: "sync-runs" }) : undefined);
    const { forward, back, firstNewer } = await walkBothWays(({ before, after }) => listSyncRunPage({ db: h.db, orgId: org.id, limit: 5, before: decode(before), after: decode(after) }));
    expect(firstNewer).toBeNull();
    expect(forward.flat()).toEqual(expected);
    expect(forward.map((p) => p.length)).toEqual([5, 5, 4]);
    expect(back).toEqual(forward);
  });
});
