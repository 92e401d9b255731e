// The revocations list by keyset cursor: Older from the first page to the end and Newer back give
// every job once, newest first, ties on createdAt (and microseconds) included; a bad cursor is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { revocationJobs } from "../../db/schema.ts";
import { encodeTimeCursor } from "../../model/time-cursor.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { newestFirst, nudgeMicroseconds, tiedTimes, walkBothWays } from "../helpers/time-pages.ts";
import { insertOrg } from "../app/factories.ts";

let h: DbHandle;
beforeAll(async () => { h = await createTestDb(); });
afterAll(async () => { await h?.close(); });

describe("revocations.list by cursor", () => {
  it("walks every job once in order, both ways, and refuses a bad or foreign cursor", async () => {
    const engine = testEngine({ db: h.db });
    const org = await insertOrg({ db: h.db, login: "job-pages" });
    const other = await insertOrg({ db: h.db, login: "job-pages-other" });
    const job = (orgId: number, createdAt: Date) => ({
      orgId, requestedBy: "alice", actorType: "user", reason: "r", selection: { kind: "ids", grantIds: [] } as never, total: 0, batches: 0, status: "succeeded" as const, createdAt,
    });
    await h.db.insert(revocationJobs).values(tiedTimes(17).map((t) => job(org.id, t)));
    await h.db.insert(revocationJobs).values(job(other.id, tiedTimes(1)[0]!));
    await nudgeMicroseconds(h.db, "revocation_jobs", "created_at");
    const expected = await newestFirst(h.db, "revocation_jobs", "created_at", org.id);
    expect(expected.length).toBe(17);

    const { forward, back, firstNewer } = await walkBothWays((c) => engine.revocations.list({ orgId: org.id, limit: 5, ...c }));
    expect(firstNewer).toBeNull();
    expect(forward.flat()).toEqual(expected);
    expect(forward.map((p) => p.length)).toEqual([5, 5, 5, 2]);
    expect(back).toEqual(forward);

    await expect(engine.revocations.list({ orgId: org.id, before: "%%%" })).rejects.toMatchObject({ kind: "InvalidInput", field: "before" });
    const foreign = encodeTimeCursor({ list: "sync-runs", at: "2026-01-01T00:00:00Z", id: 1 });
    await expect(engine.revocations.list({ orgId: org.id, after: foreign })).rejects.toMatchObject({ kind: "InvalidInput", field: "after" });
  });
});
