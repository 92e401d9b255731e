// A revocation job revokes exactly its selection in ⌈N/100⌉ bulk calls, each grant audited once
// and removed from the active inventory as revoked by patwarden.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grants } from "../../db/schema.ts";
import { createRevocationJob, getRevocationJob, listRevocationItems, revokeGrant, runRevocationJob } from "../../bot/revoke/index.ts";
import {
  acceptedBulk, activeGrantIds, expectNoIdAcceptedTwice, expectOneAuditEach, simGrantIds, startRevokeHarness,
  type OrgInfo, type RevokeHarness,
} from "./harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 520, subsetShare: 0 }, { login: "globex", grants: 20 }] });
  await hs.sync("acme");
  await hs.sync("globex");
  acme = await hs.org("acme");
});
afterAll(() => hs?.close());

describe("bulk revocation in batches of at most 100", () => {
  for (const n of [1, 100, 101, 250]) {
    it(`revokes exactly ${n} grants in ${Math.ceil(n / 100)} bulk calls`, async () => {
      const before = simGrantIds(hs.sim, "acme");
      const globexBefore = simGrantIds(hs.sim, "globex");
      const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, n);
      const { octokit, calls } = await hs.recording("acme");
      const job = await createRevocationJob({
        db: hs.h.db, orgId: acme.id, target: { ids }, reason: "stale tokens", actor: "alice", actorType: "user", confirmation: "ACME",
      });
      expect(job).toMatchObject({ status: "queued", total: n, batches: Math.ceil(n / 100), counts: { pending: n } });
      const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });

      expect(done).toMatchObject({ status: "succeeded", lastError: null, counts: { revoked: n, alreadyGone: 0, failed: 0, pending: 0, inFlight: 0 } });
      const after = simGrantIds(hs.sim, "acme");
      expect([...before].filter((id) => !after.has(id)).sort()).toEqual([...ids].sort());
      expect(after.size).toBe(before.size - n);
      expect(simGrantIds(hs.sim, "globex")).toEqual(globexBefore);

      const bulk = acceptedBulk(calls);
      expect(calls).toHaveLength(Math.ceil(n / 100));
      expect(bulk).toHaveLength(Math.ceil(n / 100));
      for (const c of bulk) expect(c.ids.length).toBeLessThanOrEqual(100);
      expectNoIdAcceptedTwice(calls);

      const entries = await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
      for (const e of entries) expect(e).toMatchObject({ actor: "alice", actorType: "user", reason: "stale tokens", result: "success" });
      const rows = await hs.h.db.select().from(grants).where(and(eq(grants.orgId, acme.id), inArray(grants.id, ids)));
      for (const r of rows) expect(r).toMatchObject({ removalReason: "revoked_by_patwarden" });
      for (const r of rows) expect(r.removedAt).toBeInstanceOf(Date);
    });
  }

  it("running a finished job again calls nothing and changes nothing", async () => {
    const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 3);
    const first = await hs.recording("acme");
    const job = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "r", actor: "alice", actorType: "user" });
    await runRevocationJob({ db: hs.h.db, octokit: first.octokit, jobId: job.id, pacingMs: 0 });
    const again = await hs.recording("acme");
    const view = await runRevocationJob({ db: hs.h.db, octokit: again.octokit, jobId: job.id, pacingMs: 0 });
    expect(again.calls).toEqual([]);
    expect(view.counts).toMatchObject({ revoked: 3 });
    await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
  });

  it("paces mutating calls (default one second apart)", async () => {
    const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 3);
    const stamps: number[] = [];
    const { octokit } = await hs.recording("acme", () => void stamps.push(Date.now()));
    const job = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "r", actor: "a", actorType: "cli", method: "single" });
    await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 300 });
    expect(stamps).toHaveLength(3);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(295);
  });
});

describe("single revoke", () => {
  it("uses update_pat_access (204), audits it, and reports a grant GitHub no longer knows as already gone", async () => {
    const [a, b] = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 2);
    const { octokit, calls } = await hs.recording("acme");
    const one = await revokeGrant({ db: hs.h.db, octokit, orgId: acme.id, grantId: a!, reason: "leaked", actor: "bob", actorType: "user" });
    expect(one.outcome).toBe("revoked");
    expect(calls).toEqual([{ route: "POST /orgs/{org}/personal-access-tokens/{pat_id}", ids: [a], status: 204 }]);
    expect(simGrantIds(hs.sim, "acme").has(a!)).toBe(false);

    hs.sim.control.revokeGrant("acme", b!); // behind the app's back
    const two = await revokeGrant({ db: hs.h.db, octokit, orgId: acme.id, grantId: b!, reason: "leaked", actor: "bob", actorType: "user" });
    expect(two.outcome).toBe("already_gone");
    expect(calls).toHaveLength(1); // the look-up before writing saw it was gone: no call
    const [item] = await listRevocationItems({ db: hs.h.db, jobId: two.job.id });
    expect(item).toMatchObject({ grantId: b, status: "already_gone" });
    const entries = await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: two.job.id, ids: [b!] });
    expect(entries[0]).toMatchObject({ result: "skipped", details: { outcome: "already_gone" } });
    expect((await getRevocationJob({ db: hs.h.db, jobId: two.job.id })).status).toBe("succeeded");
  });
});

describe("the inventory after a revocation", () => {
  it("a revoked grant a sync saw again (GitHub's 202 is asynchronous) is removed later as revoked by patwarden", async () => {
    const [id] = await activeGrantIds({ h: hs.h, orgId: acme.id });
    const { octokit } = await hs.recording("acme");
    const job = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids: [id!] }, reason: "r", actor: "a", actorType: "user" });
    await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
    // As if a sync had listed it once more before GitHub finished the revocation.
    await hs.h.db.update(grants).set({ removedAt: null, removalReason: null }).where(and(eq(grants.orgId, acme.id), eq(grants.id, id!)));
    await hs.sync("acme");
    const [row] = await hs.h.db.select().from(grants).where(and(eq(grants.orgId, acme.id), eq(grants.id, id!)));
    expect(row).toMatchObject({ removalReason: "revoked_by_patwarden" });
    expect(row!.removedAt).toBeInstanceOf(Date);
  });
});
