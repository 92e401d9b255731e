// The daily snapshot's counts on factory rows whose answers are known, the same-day rewrite, and
// listSnapshots for the trend charts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { listSnapshots } from "../../db/queries/snapshots.ts";
import { takeSnapshot } from "../../bot/history/snapshot.ts";
import { insertGrant, insertOrg, insertRequest } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";

const DAY = 86_400_000;
const now = new Date("2026-03-10T18:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * DAY);

let handle: DbHandle;
let orgId: number;

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  orgId = (await insertOrg({ db, login: `snapshot-${Date.now()}` })).id;
  const add = (spec: Parameters<typeof insertGrant>[0]["spec"]) => insertGrant({ db, orgId, now, spec });
  // Granted 400 days ago unless given.
  await add({ lastUsedDaysAgo: 2, expiresInDays: 30, riskScore: 10 });                         // fresh
  await add({ lastUsedDaysAgo: 120, expiresInDays: 30, riskScore: 70 });                       // stale, high risk
  await add({ lastUsedDaysAgo: null, expiresInDays: null, riskScore: 85 });                    // never used + granted 400 d ago → stale, no expiry, high risk
  await add({ lastUsedDaysAgo: null, accessGrantedAt: at(-10), expiresInDays: 20 });           // never used, recent → not stale
  await add({ lastUsedDaysAgo: 5, expiresInDays: -1 });                                        // expired by date
  await add({ lastUsedDaysAgo: 5, tokenExpired: true, expiresInDays: 3, ownerIsMember: false }); // expired per GitHub, owner left
  await add({ lastUsedDaysAgo: 1, expiresInDays: null, ownerIsMember: false, riskScore: 69 }); // no expiry, owner left, just below high risk
  // Removed grants count only as "revoked that day" when revoked within the snapshot's UTC day.
  await add({ removedAt: at(-0.25), removalReason: "revoked_by_patwarden", riskScore: 90 });   // 12:00 the same day
  await add({ removedAt: at(-0.5), removalReason: "revoked_elsewhere" });                       // 06:00 the same day
  await add({ removedAt: at(-0.5), removalReason: "expired" });                                 // not a revocation
  await add({ removedAt: at(-1), removalReason: "revoked_by_patwarden" });                      // the day before
  await insertRequest({ db, orgId, now });
  await insertRequest({ db, orgId, now });
  await insertRequest({ db, orgId, now, spec: { status: "approved" } });
}, 180_000);
afterAll(() => handle?.close());

describe("takeSnapshot", () => {
  it("counts each category in SQL as the data says", async () => {
    const row = await takeSnapshot({ db: handle.db, orgId, now });
    expect(row).toMatchObject({
      orgId, day: "2026-03-10",
      activeGrants: 7, staleGrants: 2, neverUsedGrants: 2, noExpiryGrants: 2, expiredGrants: 2,
      ownerLeftGrants: 2, highRiskGrants: 2, pendingRequests: 2, revokedThatDay: 2,
    });
  });

  it("rewrites the day's row when run again that day, adds one the next day, and lists them oldest first", async () => {
    await insertGrant({ db: handle.db, orgId, now, spec: { lastUsedDaysAgo: 1, expiresInDays: 10 } });
    const again = await takeSnapshot({ db: handle.db, orgId, now: new Date("2026-03-10T23:55:00Z") });
    expect(again.activeGrants).toBe(8);
    await takeSnapshot({ db: handle.db, orgId, now: new Date("2026-03-11T23:55:00Z") });
    const all = await listSnapshots({ db: handle.db, orgId });
    expect(all.map((s) => [s.day, s.activeGrants])).toEqual([["2026-03-10", 8], ["2026-03-11", 8]]);
    expect((await listSnapshots({ db: handle.db, orgId, since: new Date("2026-03-11T05:00:00Z") })).map((s) => s.day)).toEqual(["2026-03-11"]);
  });
});
