// Two revocation jobs never hold the same grants at once: a selection overlapping an unfinished job
// is refused naming it (a stopped one is offered for resumption), even when two creations race;
// whichever way GitHub treats a bulk call (422 all-or-nothing, 202 partial), each grant is audited once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { createRevocationJob, newRunnerId, runRevocationJob } from "../../bot/revoke/index.ts";
import { InvalidInput } from "../../model/errors.ts";
import { activeGrantIds, expectOneAuditEach, startRevokeHarness, type OrgInfo, type RevokeHarness } from "./harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 1600, subsetShare: 0 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
});
afterAll(() => hs?.close());
beforeEach(() => hs.sim.control.clearFaults());

const create = (ids: number[], runnerId?: string) =>
  createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "cleanup", actor: "a", actorType: "user", confirmation: "acme", runnerId });

async function refusal(p: Promise<unknown>): Promise<InvalidInput> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(InvalidInput);
  expect((e as InvalidInput).field).toBe("selection");
  return e as InvalidInput;
}

/** Successful grant.revoke entries per grant, across every job. */
async function successesPerGrant(): Promise<Map<string, number>> {
  const entries = await listAudit({ db: hs.h.db, orgId: acme.id, filter: { action: "grant.revoke", limit: 10_000 } });
  const out = new Map<string, number>();
  for (const e of entries.filter((x) => x.result === "success")) out.set(e.targetId!, (out.get(e.targetId!) ?? 0) + 1);
  return out;
}

for (const behaviour of ["reject", "partial"] as const) {
  describe(`bulkRevokeUnknown: ${behaviour}`, () => {
    beforeEach(() => hs.sim.control.setBehaviour({ bulkRevokeUnknown: behaviour }));

    it("a second job over grants a running job holds is refused naming it; each grant is audited once", async () => {
      const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 250);
      const runnerId = newRunnerId();
      const first = await create(ids.slice(0, 200), runnerId);
      const running = await refusal(create(ids.slice(150, 250)));
      expect(running.message).toContain(`50 grants of this selection belong to revocation job ${first.id}, which is running now`);
      // While its calls are under way, too: the hook tries to start a second job mid-run.
      const during: unknown[] = [];
      const { octokit } = await hs.recording("acme", async ({ index }) => {
        if (index === 1) during.push(await create(ids.slice(100, 250)).catch((e: unknown) => e));
      });
      const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: first.id, pacingMs: 0, runnerId });
      expect(done.status).toBe("succeeded");
      expect(during).toHaveLength(1);
      expect(during[0]).toBeInstanceOf(InvalidInput);
      await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: first.id, ids: ids.slice(0, 200) });
      // Once the first job is done, its grants are final: the rest can be revoked by a new job.
      const rest = await create(ids.slice(200, 250));
      expect((await runRevocationJob({ db: hs.h.db, octokit, jobId: rest.id, pacingMs: 0 })).counts.revoked).toBe(50);
      expect([...(await successesPerGrant()).values()].filter((n) => n > 1)).toEqual([]);
    });

    it("two creations racing over the same grants: one job, one refusal", async () => {
      const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 120);
      // Every pair of these selections overlaps, so whichever creation takes the lock first, the
      // other two are refused (on Postgres the order is not the order of the calls).
      const results = await Promise.allSettled([create(ids), create(ids.slice(60)), create(ids.slice(0, 70))]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect((r.reason as InvalidInput).field).toBe("selection");
      const job = results.find((r) => r.status === "fulfilled")!.value;
      const { octokit } = await hs.recording("acme");
      await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
      expect([...(await successesPerGrant()).values()].filter((n) => n > 1)).toEqual([]);
    });

    it("a stopped job is offered for resumption when its selection is asked for again", async () => {
      const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 300);
      const stop = new AbortController();
      const { octokit } = await hs.recording("acme", ({ index }) => {
        if (index === 0) stop.abort(); // the first call completes; the job stops before the next one
      });
      const job = await create(ids);
      const stopped = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0, signal: stop.signal });
      expect(stopped.status).toBe("running");
      expect(stopped.running).toBe(false);
      const left = await activeGrantIds({ h: hs.h, orgId: acme.id }).then((a) => a.filter((id) => ids.includes(id)));
      expect(left).toHaveLength(200);
      const again = await refusal(create(left));
      expect(again.message).toBe(
        `selection: this is the selection of revocation job ${job.id}, which stopped before finishing (200 grants of 300 left); ` +
        `resume it with \`patwarden revoke --org acme --job ${job.id}\`; nothing was created`,
      );
      const resumed = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
      expect(resumed.status).toBe("succeeded");
      await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
      expect([...(await successesPerGrant()).values()].filter((n) => n > 1)).toEqual([]);
    });
  });
}

it("a dry run never holds grants: it neither is refused nor blocks a real job", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 20);
  const dry = await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "r", actor: "a", actorType: "user", dryRun: true });
  expect(dry.status).toBe("dry_run");
  const real = await create(ids);
  await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "r", actor: "a", actorType: "user", dryRun: true });
  const { octokit } = await hs.recording("acme");
  expect((await runRevocationJob({ db: hs.h.db, octokit, jobId: real.id, pacingMs: 0 })).counts.revoked).toBe(20);
});
