// Creating a job: previews write nothing; bad input is refused with the field named and nothing
// written; a filter's selection is frozen at creation; dry runs never call GitHub.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { auditLog, revocationItems, revocationJobs } from "../../db/schema.ts";
import { Conflict, InvalidInput } from "../../model/errors.ts";
import { createRevocationJob, listRevocationItems, previewRevocation, runRevocationJob } from "../../bot/revoke/index.ts";
import { activeGrantIds, simGrantIds, startRevokeHarness, type OrgInfo, type RevokeHarness } from "./harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;
let globex: OrgInfo;
/** A grant revoked by an earlier test of this file. */
let revokedId: number;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 200, subsetShare: 0 }, { login: "globex", grants: 10, subsetShare: 0 }] });
  await hs.sync("acme");
  await hs.sync("globex");
  acme = await hs.org("acme");
  globex = await hs.org("globex");
});
afterAll(() => hs?.close());

async function rowCounts() {
  const [jobs] = await hs.h.db.select({ n: count() }).from(revocationJobs);
  const [items] = await hs.h.db.select({ n: count() }).from(revocationItems);
  const [audit] = await hs.h.db.select({ n: count() }).from(auditLog);
  return { jobs: jobs!.n, items: items!.n, audit: audit!.n };
}

const base = () => ({ db: hs.h.db, orgId: acme.id, reason: "stale", actor: "alice", actorType: "user" as const, confirmation: "acme" });

describe("validation writes nothing and names the field", () => {
  const cases: Array<[string, () => Promise<Parameters<typeof createRevocationJob>[0]>, string, RegExp]> = [
    ["empty ids", async () => ({ ...base(), target: { ids: [] } }), "ids", /empty/],
    ["duplicate ids", async () => {
      const [a, b] = await activeGrantIds({ h: hs.h, orgId: acme.id });
      return { ...base(), target: { ids: [a!, b!, a!] } };
    }, "ids", /more than once/],
    ["another org's grant", async () => {
      const [a] = await activeGrantIds({ h: hs.h, orgId: acme.id });
      const [g] = await activeGrantIds({ h: hs.h, orgId: globex.id });
      return { ...base(), target: { ids: [a!, g!] } };
    }, "ids", /not a grant of acme/],
    ["unknown ids", async () => ({ ...base(), target: { ids: [1, 2] } }), "ids", /1, 2 are not grants of acme/],
    ["ids that are not positive whole numbers", async () => ({ ...base(), target: { ids: [1.5] } }), "ids", /positive whole numbers/],
    ["too many ids", async () => ({ ...base(), maxGrants: 5, target: { ids: (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 6) } }), "selection", /6 grants; at most 5/],
    ["a missing reason", async () => ({ ...base(), reason: "  ", target: { ids: (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 1) } }), "reason", /required/],
    ["an over-long reason", async () => ({ ...base(), reason: "é".repeat(1025), target: { ids: (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 1) } }), "reason", /1025 characters.*at most 1024/],
    ["a filter matching nothing", async () => ({ ...base(), target: { filter: { owner: ["nobody-at-all"] } } }), "filter", /no active grants/],
    ["a filter on removed grants", async () => ({ ...base(), target: { filter: { state: "removed" } } }), "state", /only active/],
    ["over 50 grants without the org name typed", async () => ({ ...base(), confirmation: "acm", target: { filter: {} } }), "confirmation", /type the organization's name "acme" to revoke 200 grants/],
  ];
  for (const [name, input, field, message] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await rowCounts();
      const error = await createRevocationJob(await input()).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).field).toBe(field);
      expect((error as InvalidInput).message).toMatch(message);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("refuses ids the inventory shows removed, naming them", async () => {
    const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 2);
    const { octokit } = await hs.recording("acme");
    const job = await createRevocationJob({ ...base(), target: { ids: [ids[0]!] } });
    await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
    revokedId = ids[0]!;
    const before = await rowCounts();
    await expect(createRevocationJob({ ...base(), target: { ids } })).rejects.toThrow(new RegExp(`${ids[0]} is no longer active`));
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses with Conflict when the selection changed since the preview", async () => {
    const preview = await previewRevocation({ db: hs.h.db, orgId: acme.id, target: { filter: {} } });
    const before = await rowCounts();
    await expect(createRevocationJob({ ...base(), target: { filter: {} }, expectCount: preview.count + 1 })).rejects.toBeInstanceOf(Conflict);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("preview", () => {
  it("counts, owners and a sample of a filter's grants; no writes, no calls", async () => {
    const before = await rowCounts();
    hs.sim.control.clearRequestLog();
    const active = await activeGrantIds({ h: hs.h, orgId: acme.id });
    const p = await previewRevocation({ db: hs.h.db, orgId: acme.id, target: { filter: {} } });
    expect(p).toMatchObject({ org: { login: "acme" }, count: active.length, tooMany: false, confirmOrgName: true, batches: Math.ceil(active.length / 100) });
    expect(p.owners.reduce((n, o) => n + o.count, 0)).toBe(active.length);
    expect(p.owners[0]!.count).toBeGreaterThanOrEqual(p.owners.at(-1)!.count);
    expect(p.sample).toHaveLength(10);
    expect(p.sample.map((g) => g.id)).toEqual(active.slice(0, 10));
    expect(await rowCounts()).toEqual(before);
    expect(hs.sim.control.requestLog()).toEqual([]);
  });

  it("reports unknown, duplicate and removed ids instead of throwing", async () => {
    const [a] = await activeGrantIds({ h: hs.h, orgId: acme.id });
    const p = await previewRevocation({ db: hs.h.db, orgId: acme.id, target: { ids: [a!, a!, 7, revokedId] } });
    expect(p).toMatchObject({ count: 1, unknown: [7], duplicates: [a], alreadyRemoved: [revokedId], confirmOrgName: false });
  });
});

describe("creation", () => {
  it("freezes a filter's selection: grants added later are not revoked", async () => {
    const owner = (await previewRevocation({ db: hs.h.db, orgId: acme.id, target: { filter: {} } })).owners[0]!.login;
    const job = await createRevocationJob({ ...base(), target: { filter: { owner: [owner] } } });
    expect(job.selection).toEqual({ kind: "filter", query: `owner=${owner}` });
    const frozen = (await listRevocationItems({ db: hs.h.db, jobId: job.id })).map((i) => i.grantId);
    const added = hs.sim.control.addGrant("acme", { owner });
    await hs.sync("acme");
    const { octokit, calls } = await hs.recording("acme");
    const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
    expect(done.counts.revoked).toBe(frozen.length);
    expect(calls.flatMap((c) => c.ids).sort()).toEqual(frozen.sort());
    expect(simGrantIds(hs.sim, "acme").has(added.id)).toBe(true);
  });

  it("a dry run records the job and its selection but never calls GitHub", async () => {
    const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 60);
    const job = await createRevocationJob({ ...base(), confirmation: undefined, dryRun: true, target: { ids } });
    expect(job).toMatchObject({ status: "dry_run", dryRun: true, total: 60 });
    hs.sim.control.clearRequestLog();
    const { octokit, calls } = await hs.recording("acme");
    const after = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
    expect(after.status).toBe("dry_run");
    expect(calls).toEqual([]);
    expect(hs.sim.control.requestLog()).toEqual([]);
    const audit = await listAudit({ db: hs.h.db, orgId: acme.id, filter: { targetType: "revocation_job", targetId: job.id } });
    expect(audit.map((e) => [e.action, e.result])).toEqual([["revocation.dry_run", "dry_run"]]);
    expect((await listAudit({ db: hs.h.db, orgId: acme.id, filter: { action: "grant.revoke" } })).filter((e) => (e.details as { jobId: number }).jobId === job.id)).toEqual([]);
  });

  it("records who, why and what in a creation audit entry", async () => {
    const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 2);
    const job = await createRevocationJob({ ...base(), target: { ids } });
    const [entry] = await listAudit({ db: hs.h.db, orgId: acme.id, filter: { targetType: "revocation_job", targetId: job.id } });
    expect(entry).toMatchObject({ action: "revocation.create", actor: "alice", actorType: "user", reason: "stale", result: "success", details: { total: 2 } });
    const [row] = await hs.h.db.select().from(revocationJobs).where(eq(revocationJobs.id, job.id));
    expect(row).toMatchObject({ requestedBy: "alice", reason: "stale", status: "queued", method: "bulk", dryRun: false });
  });
});
