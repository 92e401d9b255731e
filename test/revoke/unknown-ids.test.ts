// Grants GitHub no longer knows end as already_gone, never as failures, whichever way GitHub treats
// an unknown id in a bulk call (refuse the whole call with 422, or apply the rest with 202).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRevocationJob, listRevocationItems, runRevocationJob } from "../../bot/revoke/index.ts";
import {
  acceptedBulk, activeGrantIds, expectNoIdAcceptedTwice, expectOneAuditEach, simGrantIds, startRevokeHarness,
  type OrgInfo, type RevokeHarness,
} from "./harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 900, subsetShare: 0 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
});
afterAll(() => hs?.close());
beforeEach(() => {
  hs.sim.control.clearFaults();
  hs.sim.control.setBehaviour({ bulkRevokeUnknown: "reject" });
});

async function outcomes(jobId: number) {
  const items = await listRevocationItems({ db: hs.h.db, jobId });
  return Object.fromEntries(items.map((i) => [i.grantId, i.status]));
}

for (const behaviour of ["reject", "partial"] as const) {
  describe(`bulkRevokeUnknown: ${behaviour}`, () => {
    beforeEach(() => hs.sim.control.setBehaviour({ bulkRevokeUnknown: behaviour }));

    it("grants revoked behind the app's back before the run are already_gone, the rest revoked", async () => {
      const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 150);
      const gone = [ids[3]!, ids[77]!, ids[120]!];
      for (const id of gone) hs.sim.control.revokeGrant("acme", id);
      const { octokit, calls } = await hs.recording("acme");
      const job = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "cleanup", actor: "a", actorType: "user", confirmation: "acme" });
      const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
      expect(done.counts).toMatchObject({ revoked: 147, alreadyGone: 3, failed: 0 });
      expect(done.status).toBe("succeeded");
      const out = await outcomes(job.id);
      for (const id of gone) expect(out[id]).toBe("already_gone");
      const left = simGrantIds(hs.sim, "acme");
      for (const id of ids) expect(left.has(id)).toBe(false);
      expect(calls).toHaveLength(2); // the look-up before writing kept the gone ids out of the calls
      for (const c of calls) for (const id of gone) expect(c.ids).not.toContain(id);
      await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
    });

    it("a grant revoked between the look-up and the call: outcome for every id, no failures", async () => {
      const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 100);
      const raced = ids[42]!;
      let raceDone = false;
      const { octokit, calls } = await hs.recording("acme", () => {
        if (!raceDone) hs.sim.control.revokeGrant("acme", raced);
        raceDone = true;
      });
      const job = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "cleanup", actor: "a", actorType: "user", confirmation: "acme" });
      const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
      expect(done.status).toBe("succeeded");
      expect(done.counts.failed).toBe(0);
      expect(done.counts.revoked + done.counts.alreadyGone).toBe(100);
      const left = simGrantIds(hs.sim, "acme");
      for (const id of ids) expect(left.has(id)).toBe(false);
      if (behaviour === "reject") {
        // 422 for the whole call → look-up → the raced id is gone → the other 99 sent again.
        expect(calls.map((c) => [c.status, c.ids.length])).toEqual([[422, 100], [202, 99]]);
        expect((await outcomes(job.id))[raced]).toBe("already_gone");
        expect(done.counts).toMatchObject({ revoked: 99, alreadyGone: 1 });
      } else {
        expect(calls.map((c) => c.status)).toEqual([202]);
      }
      expectNoIdAcceptedTwice(calls);
      await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
    });

    it("without the token_id filter (older GHES), splitting isolates the unknown ids", async () => {
      const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 40);
      const gone = [ids[5]!, ids[30]!];
      for (const id of gone) hs.sim.control.revokeGrant("acme", id);
      hs.sim.control.injectFault({ path: "/token_id/", method: "GET", status: 422, count: -1 });
      const { octokit, calls } = await hs.recording("acme");
      const job = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "cleanup", actor: "a", actorType: "user" });
      const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
      expect(done.status).toBe("succeeded");
      const out = await outcomes(job.id);
      // A 202 for a call naming a gone id cannot tell it apart: it counts as revoked (never as failed).
      for (const id of ids) expect(out[id]).toBe(behaviour === "reject" && gone.includes(id) ? "already_gone" : "revoked");
      const left = simGrantIds(hs.sim, "acme");
      for (const id of ids) expect(left.has(id)).toBe(false);
      expectNoIdAcceptedTwice(calls);
      if (behaviour === "partial") expect(calls).toHaveLength(1);
      else expect(calls.length).toBeLessThanOrEqual(2 * 2 * Math.ceil(Math.log2(40)) + 1);
      await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
    });
  });
}

it("bulk calls stay at ⌈N/100⌉ when nothing is gone (reject)", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 201);
  const { octokit, calls } = await hs.recording("acme");
  const job = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "r", actor: "a", actorType: "user", confirmation: "acme" });
  await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(acceptedBulk(calls).map((c) => c.ids.length)).toEqual([100, 100, 1]);
});
