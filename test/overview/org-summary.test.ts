// The overview reads a stored summary (org_summaries), kept current by writes: after a sync, a
// revocation and a member-removed webhook it equals the live count; when time moves it past a
// boundary it is recounted in the background, with its "as of"; a change no write announced is not
// seen until then, which proves a view reads the table and counts no grants. PGlite, and Postgres
// when DATABASE_URL is set.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summariesIdle } from "../../bot/orgs/org-summary.ts";
import { revokeGrant } from "../../bot/revoke/index.ts";
import { computeOrgSummary, readOrgSummary, summaryBounds } from "../../db/queries/org-summary.ts";
import { grants } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { insertGrant, insertOrg } from "../app/factories.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";
import type { Db, DbHandle } from "../../db/client.ts";

const DAY = 86_400_000;

/** The stored summary equals what the overview's queries count now, at the summary's own "as of". */
async function expectCurrent(db: Db, orgId: number) {
  await summariesIdle(db);
  const stored = await readOrgSummary({ db, orgId });
  expect(stored).not.toBeNull();
  const live = await computeOrgSummary({ db, orgId, now: stored!.computedAt });
  expect({ counts: stored!.counts, topPermissions: stored!.topPermissions, topOwners: stored!.topOwners }).toEqual(live);
  return stored!;
}

describe("kept current by writes (simulated GitHub)", () => {
  let hs: RevokeHarness;
  let acme: OrgInfo;
  beforeAll(async () => {
    hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 150, subsetShare: 0.2 }] });
    acme = await hs.org("acme");
  });
  afterAll(() => hs?.close());

  it("after a sync, a revocation and a member-removed webhook, the summary is the live count", async () => {
    const db = hs.h.db;
    await hs.sync("acme");
    const synced = await expectCurrent(db, acme.id);
    expect(synced.counts.total).toBe(150);

    const [grant] = await db.select({ id: grants.id }).from(grants).where(and(eq(grants.orgId, acme.id), isNull(grants.removedAt))).limit(1);
    const { octokit } = await hs.recording("acme");
    await revokeGrant({ db, octokit, orgId: acme.id, grantId: grant!.id, reason: "test", actor: "alice", actorType: "user" });
    const revoked = await expectCurrent(db, acme.id);
    expect(revoked.counts.total).toBe(149);

    const [member] = await db.select({ login: grants.ownerLogin }).from(grants)
      .where(and(eq(grants.orgId, acme.id), isNull(grants.removedAt), eq(grants.ownerIsMember, true))).limit(1);
    await hs.sim.control.removeMember("acme", member!.login);
    const engine = testEngine({ db, octokit: hs.app.installationOctokit(acme.installationId) });
    await engine.sync.applyMemberRemoved({ orgId: acme.id, member: member!.login, sender: "admin" });
    const left = await expectCurrent(db, acme.id);
    expect(left.counts.ownerLeft).toBeGreaterThan(revoked.counts.ownerLeft);
  });
});

describe("the overview verb reads the summary", () => {
  let h: DbHandle;
  let org: { id: number; login: string };
  const t0 = new Date("2026-06-15T12:00:00Z");
  let clock = t0;
  beforeAll(async () => {
    h = await createTestDb();
    org = await insertOrg({ db: h.db, login: "summary" });
    // Last used 6.99 days before t0: in "≤ 7 days" then, in "8–30 days" an hour later.
    await insertGrant({ db: h.db, orgId: org.id, now: t0, spec: { lastUsedDaysAgo: 6.99, ownerLogin: "alice", permissions: { repository: { contents: "write" } } } });
    await insertGrant({ db: h.db, orgId: org.id, now: t0, spec: { lastUsedDaysAgo: 1, expiresInDays: 0.01, ownerLogin: "bob" } });
    await insertGrant({ db: h.db, orgId: org.id, now: t0, spec: { lastUsedDaysAgo: null, ownerLogin: "bob" } });
  });
  afterAll(async () => h?.close());

  it("counts once on the first view, then serves the stored figures with their as-of until a write or the age bound", async () => {
    const engine = testEngine({ db: h.db, now: () => clock });
    const since = new Date(t0.getTime() - 30 * DAY);
    const first = await engine.orgs.overview({ orgId: org.id, since });
    expect(first.asOf).toEqual(t0);
    expect(first.bounds).toEqual(summaryBounds(t0)); // the chart links' boundaries at the moment it counted
    expect([first.summary.total, first.summary.used7, first.summary.used30, first.summary.expired]).toEqual([3, 2, 0, 0]);
    const version = (await engine.orgs.version({ orgId: org.id })).version;

    // A change no write announced (no sync, no job): the view still shows the stored figures.
    await h.db.update(grants).set({ removedAt: t0 }).where(and(eq(grants.orgId, org.id), eq(grants.ownerLogin, "alice")));
    clock = new Date(t0.getTime() + 5 * 60_000);
    const cached = await engine.orgs.overview({ orgId: org.id, since });
    await engine.orgs.idle({});
    expect({ asOf: cached.asOf, total: cached.summary.total }).toEqual({ asOf: t0, total: 3 });
    expect((await readOrgSummary({ db: h.db, orgId: org.id }))!.computedAt).toEqual(t0); // and nothing recounted
    expect((await engine.orgs.version({ orgId: org.id })).version).toBe(version);

    // An hour on: the stale figures are served once, recounted in the background, then current.
    await h.db.update(grants).set({ removedAt: null }).where(and(eq(grants.orgId, org.id), eq(grants.ownerLogin, "alice")));
    clock = new Date(t0.getTime() + 3_600_000);
    const served = await engine.orgs.overview({ orgId: org.id, since });
    expect(served.asOf).toEqual(t0);
    await engine.orgs.idle({});
    const moved = await engine.orgs.overview({ orgId: org.id, since });
    expect(moved.asOf).toEqual(clock);
    expect([moved.summary.total, moved.summary.used7, moved.summary.used30, moved.summary.expired]).toEqual([3, 1, 1, 1]);
    expect(moved.bounds).toEqual(summaryBounds(clock));
    await expectCurrent(h.db, org.id);
    // The live poll sees the recount.
    expect((await engine.orgs.version({ orgId: org.id })).version).not.toBe(version);
  });
});
