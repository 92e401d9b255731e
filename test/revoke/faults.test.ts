// Outages end with every grant accounted for: a 5xx burst is retried, a batch that keeps failing is
// split until the bad id stands alone, a rate limit pauses the job for a resume, and lost
// permissions fail it without touching anything.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { RequestError } from "@octokit/request-error";
import { createRevocationJob, listRevocationItems, resumeRevocationJobs, runRevocationJob } from "../../bot/revoke/index.ts";
import {
  acceptedBulk, activeGrantIds, expectNoIdAcceptedTwice, expectOneAuditEach, simGrantIds, startRevokeHarness,
  type OrgInfo, type RevokeHarness,
} from "./harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 700, subsetShare: 0 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
});
afterAll(() => hs?.close());
beforeEach(() => hs.sim.control.clearFaults());

const create = (ids: number[]) =>
  createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "r", actor: "a", actorType: "user", confirmation: "acme" });

it("a burst of 5xx on the bulk call is retried by the client; the job completes", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 150);
  hs.sim.control.injectFault({ path: "personal-access-tokens", method: "POST", status: 502, count: 2 });
  const { octokit, calls } = await hs.recording("acme");
  const job = await create(ids);
  const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { revoked: 150, failed: 0 } });
  expect(acceptedBulk(calls)).toHaveLength(2);
  expect(hs.sim.control.requestLog().filter((e) => e.method === "POST" && e.status === 502)).toHaveLength(2);
  for (const id of ids) expect(simGrantIds(hs.sim, "acme").has(id)).toBe(false);
});

it("a persistently failing id is isolated by splitting: it fails with the error, every other grant is revoked", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 100);
  const bad = ids[61]!;
  const { octokit, calls } = await hs.recording("acme", ({ ids: sent }) => {
    // What the client raises once its own retries of a 502 are used up.
    if (sent.includes(bad)) throw new RequestError("Bad Gateway", 502, { request: { method: "POST", url: "/orgs/acme/personal-access-tokens", headers: {} } });
  });
  const job = await create(ids);
  const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "failed", counts: { revoked: 99, failed: 1, alreadyGone: 0 } });
  const items = await listRevocationItems({ db: hs.h.db, jobId: job.id, status: ["failed"] });
  expect(items.map((i) => i.grantId)).toEqual([bad]);
  expect(items[0]!.lastError).toMatch(/502/);
  const left = simGrantIds(hs.sim, "acme");
  expect(left.has(bad)).toBe(true);
  for (const id of ids.filter((x) => x !== bad)) expect(left.has(id)).toBe(false);
  expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100)) + 1); // halves, not one call per id
  expectNoIdAcceptedTwice(calls);
  const audit = await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
  expect(audit.find((e) => Number(e.targetId) === bad)).toMatchObject({ result: "failure", details: { outcome: "failed" } });

  const rerun = await hs.recording("acme");
  expect(await runRevocationJob({ db: hs.h.db, octokit: rerun.octokit, jobId: job.id, pacingMs: 0 })).toMatchObject({ status: "failed", counts: { failed: 1 } });
  expect(rerun.calls).toEqual([]);
  await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
});

it("a rate limit stops the job resumably; a resume after the reset finishes it", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 250);
  const { octokit, calls } = await hs.recording("acme", ({ index }) => {
    // After the first batch, the installation's budget is spent until long after we would wait.
    if (index === 1) hs.sim.control.setRateLimit(acme.installationId, { remaining: 0, resetAt: new Date(Date.now() + 3_600_000).toISOString() });
  });
  const job = await create(ids);
  const stopped = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(stopped.status).toBe("running");
  expect(stopped.lastError).toMatch(/rate limit/i);
  expect(stopped.counts.revoked).toBe(100);
  expect(stopped.running).toBe(false);

  hs.sim.control.setRateLimit(acme.installationId, { remaining: 5000 });
  const resumed = await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 });
  expect(resumed.finished.map((j) => [j.id, j.status])).toEqual([[job.id, "succeeded"]]);
  expect(resumed.finished[0]!.counts).toMatchObject({ revoked: 250, failed: 0 });
  for (const id of ids) expect(simGrantIds(hs.sim, "acme").has(id)).toBe(false);
  expectNoIdAcceptedTwice(calls);
  await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
});

it("a 403 (permission withdrawn) fails the job with the reason; nothing is revoked", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 10);
  const before = simGrantIds(hs.sim, "acme");
  hs.sim.control.setInstallationPermissions("acme", { organization_personal_access_tokens: "read", members: "read" });
  try {
    const { octokit } = await hs.recording("acme");
    const job = await create(ids);
    const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
    expect(done.status).toBe("failed");
    expect(done.lastError).toMatch(/permission|accessible/i);
    expect(done.counts.revoked + done.counts.alreadyGone).toBe(0);
    expect(simGrantIds(hs.sim, "acme")).toEqual(before);
    expect(await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 })).toMatchObject({ finished: [] });
  } finally {
    hs.sim.control.setInstallationPermissions("acme", {
      organization_personal_access_tokens: "write", organization_personal_access_token_requests: "write", members: "read",
    });
  }
});

it("GitHub down (reads and writes fail): the job stops resumably without marking anything failed", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 150);
  const { octokit, calls } = await hs.recording("acme", ({ index }) => {
    if (index === 1) hs.sim.control.injectFault({ status: 503, count: -1 });
  });
  const job = await create(ids);
  const stopped = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(stopped).toMatchObject({ status: "running", counts: { revoked: 100, failed: 0, inFlight: 50 } });
  expect(stopped.lastError).toMatch(/503/);
  expect(calls).toHaveLength(2); // no splitting into dozens of calls against an outage

  hs.sim.control.clearFaults();
  const { finished } = await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 });
  expect(finished[0]).toMatchObject({ id: job.id, status: "succeeded", counts: { revoked: 150, failed: 0 } });
  for (const id of ids) expect(simGrantIds(hs.sim, "acme").has(id)).toBe(false);
  await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
});

it("a bulk call that timed out after GitHub applied it: the look-up finds the grants gone", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 30);
  const { octokit } = await hs.recording("acme", async ({ ids: sent }) => {
    // GitHub applies the call, but its answer never arrives (every retry included).
    for (const id of sent) if (simGrantIds(hs.sim, "acme").has(id)) hs.sim.control.revokeGrant("acme", id);
    throw new RequestError("timed out", 504, { request: { method: "POST", url: "/orgs/acme/personal-access-tokens", headers: {} } });
  });
  const job = await create(ids);
  const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { alreadyGone: 30, failed: 0 } });
});
