// Removing SSO credential authorizations as a revocation job: one DELETE each; 204 → revoked,
// 404 → already gone (never a failure), an outage leaves the item pending for a resume, a crash
// after GitHub removed one resends it once (404 → already gone); one audit entry per credential;
// the inventory marks each removed by patwarden.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { createEngine } from "../../bot/engine.ts";
import { listAudit } from "../../db/queries/audit.ts";
import { orgs } from "../../db/schema.ts";
import { createCredentialRemovalJob, previewCredentialRemoval, runRevocationJob } from "../../bot/revoke/index.ts";
import { listCredentialItemRows } from "../../db/queries/revocation-credentials.ts";
import { readOrgSummary } from "../../db/queries/org-summary.ts";
import { noteGrantsChanged } from "../../bot/orgs/org-summary.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "./harness.ts";
import { acceptedTwice, credentialRow, listSimAuthorizations, recordDeletes, seedCredentials, type SimAuthorization } from "./credential-seed.ts";

let hs: RevokeHarness;
let acme: OrgInfo;
let pool: SimAuthorization[];

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 20, sso: true, credentials: 40 }, { login: "globex", grants: 5 }] });
  await hs.sync("acme");
  await hs.sync("globex");
  acme = await hs.org("acme");
  pool = await seedCredentials(hs, "acme");
}, 180_000);
afterAll(() => hs?.close());
beforeEach(() => hs.sim.control.clearFaults());

/** The next n credentials not used by an earlier test. */
const take = (n: number) => pool.splice(0, n).map((c) => c.credential_id);
const create = (ids: number[]) =>
  createCredentialRemovalJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "left the company", actor: "alice", actorType: "cli" });
const client = async () => hs.app.installationOctokit(acme.installationId);
const listed = async () => new Set((await listSimAuthorizations(hs, "acme")).map((c) => c.credential_id));
const auditFor = async (jobId: number) => (await listAudit({ db: hs.h.db, orgId: acme.id, filter: { action: "credential.remove", limit: 1000 } }))
  .filter((e) => (e.details as { jobId?: number }).jobId === jobId);

it("a finished removal is in the org's summary when the job returns (the roll-up and overview read it)", async () => {
  await noteGrantsChanged({ db: hs.h.db, orgId: acme.id, now: () => new Date(), final: true });
  const before = (await readOrgSummary({ db: hs.h.db, orgId: acme.id }))!.counts.credentials;
  expect(before).toBe((await listSimAuthorizations(hs, "acme")).length);
  const job = await create(take(2));
  const done = await runRevocationJob({ db: hs.h.db, octokit: await client(), jobId: job.id, pacingMs: 0 });
  expect(done.status).toBe("succeeded");
  expect((await readOrgSummary({ db: hs.h.db, orgId: acme.id }))!.counts.credentials).toBe(before - 2);
});

it("the preview counts the credentials and their calls, names unknown ids, and writes nothing", async () => {
  const ids = pool.slice(0, 3).map((c) => c.credential_id);
  const p = await previewCredentialRemoval({ db: hs.h.db, orgId: acme.id, target: { ids: [...ids, 999_999_999] } });
  expect(p).toMatchObject({ count: 3, calls: 3, unknown: [999_999_999], alreadyRemoved: [], unavailable: null, overlapping: [] });
  expect(p.sample.map((c) => c.credentialId)).toEqual([...ids].sort((a, b) => a - b));
  await expect(create([...ids, 999_999_999])).rejects.toMatchObject({ kind: "InvalidInput", field: "credentialIds" });
});

it("removes each credential with one DELETE (204): revoked, gone from GitHub's list, removed by patwarden, one audit entry each", async () => {
  const ids = take(3);
  const job = await create(ids);
  expect(job).toMatchObject({ total: 3, batches: 3, status: "queued" });
  const { octokit, deletes } = recordDeletes(await client());
  const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { revoked: 3, alreadyGone: 0, failed: 0, pending: 0, inFlight: 0 }, credentials: 3 });
  expect(deletes.map((d) => d.status)).toEqual([204, 204, 204]);
  // The job list says what each job removes, read in its one query.
  const engine = createEngine({ db: hs.h, github: hs.app });
  const summary = (await engine.revocations.list({ orgId: acme.id })).rows.find((j) => j.id === job.id);
  expect(summary).toMatchObject({ total: 3, credentials: 3 });
  const now = await listed();
  for (const id of ids) {
    expect(now.has(id)).toBe(false);
    expect(await credentialRow(hs.h, acme.id, id)).toMatchObject({ removalReason: "revoked_by_patwarden" });
  }
  const audit = await auditFor(job.id);
  expect(audit.map((e) => Number(e.targetId)).sort()).toEqual([...ids].sort());
  expect(audit.every((e) => e.result === "success" && e.reason === "left the company" && e.actor === "alice")).toBe(true);
});

it("a credential GitHub no longer has (404) is already gone, not a failure", async () => {
  const [gone, kept] = take(2) as [number, number];
  await (await client()).request("DELETE /orgs/{org}/credential-authorizations/{credential_id}", { org: "acme", credential_id: gone });
  const job = await create([gone, kept]);
  const { octokit, deletes } = recordDeletes(await client());
  const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { revoked: 1, alreadyGone: 1, failed: 0 } });
  expect(deletes).toEqual([{ id: gone, status: 404 }, { id: kept, status: 204 }].sort((a, b) => a.id - b.id));
  const audit = await auditFor(job.id);
  expect(audit.find((e) => Number(e.targetId) === gone)?.result).toBe("skipped");
});

it("GitHub failing (5xx past the client's retries) leaves the credential pending and the job resumable; the resume removes it", async () => {
  const ids = take(2);
  const job = await create(ids);
  hs.sim.control.injectFault({ path: "credential-authorizations", method: "DELETE", status: 502, count: -1 });
  const first = recordDeletes(await client());
  const stopped = await runRevocationJob({ db: hs.h.db, octokit: first.octokit, jobId: job.id, pacingMs: 0 });
  expect(stopped.status).toBe("running");
  expect(stopped.lastError).toMatch(/502|did not answer/);
  expect(stopped.counts).toMatchObject({ pending: 2, failed: 0, revoked: 0 });
  expect((await listCredentialItemRows({ db: hs.h.db, jobId: job.id }))[0]!.lastError).toBeTruthy();

  hs.sim.control.clearFaults();
  const second = recordDeletes(await client());
  const done = await runRevocationJob({ db: hs.h.db, octokit: second.octokit, jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { revoked: 2, failed: 0 } });
  expect((await auditFor(job.id)).length).toBe(2);
});

it("a crash after GitHub removed a credential but before it was recorded: the resume sends it once more (404 → already gone), nothing twice after success", async () => {
  const ids = take(3);
  const job = await create(ids);
  const inner = recordDeletes(await client());
  const crashing = {
    async request(route: string, options?: Record<string, unknown>) {
      const res = await inner.octokit.request(route, options);
      if (route.startsWith("DELETE") && inner.deletes.length === 2) throw new Error("process killed"); // the answer is lost
      return res;
    },
  };
  await expect(runRevocationJob({ db: hs.h.db, octokit: crashing, jobId: job.id, pacingMs: 0 })).rejects.toThrow("process killed");
  const items = await listCredentialItemRows({ db: hs.h.db, jobId: job.id });
  expect(items.map((i) => i.status)).toEqual(["revoked", "in_flight", "pending"]);

  const second = recordDeletes(await client());
  // The runner's lease is released on the way out (a killed process's would expire: test/offboard covers kill -9).
  const done = await runRevocationJob({ db: hs.h.db, octokit: second.octokit, jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { revoked: 2, alreadyGone: 1, failed: 0 } });
  expect(second.deletes.map((d) => d.status)).toEqual([404, 204]);
  expect(acceptedTwice([...inner.deletes, ...second.deletes])).toEqual([]);
  expect((await auditFor(job.id)).length).toBe(3);
});

it("an org without SSO has nothing to remove: creation is refused, naming why", async () => {
  const globex = await hs.org("globex");
  await hs.h.db.update(orgs).set({ credentialsStatus: "not_available" }).where(eq(orgs.id, globex.id));
  const p = await previewCredentialRemoval({ db: hs.h.db, orgId: globex.id, target: { ids: [1] } });
  expect(p.unavailable).toMatch(/not available/);
  await expect(createCredentialRemovalJob({ db: hs.h.db, orgId: globex.id, target: { ids: [1] }, reason: "r", actor: "a", actorType: "cli" }))
    .rejects.toMatchObject({ kind: "InvalidInput", field: "credentialIds" });
});

it("a credential filter selects every active authorization it matches (here one owner's): preview and removal", async () => {
  const owner = pool[0]!.login;
  const truth = (await listSimAuthorizations(hs, "acme", owner)).map((c) => c.credential_id).sort((a, b) => a - b);
  const target = { filter: { owner: [owner.toLowerCase()] } };
  const p = await previewCredentialRemoval({ db: hs.h.db, orgId: acme.id, target });
  expect(p).toMatchObject({ count: truth.length, calls: truth.length, unknown: [] });
  const job = await createCredentialRemovalJob({ db: hs.h.db, orgId: acme.id, target, reason: "owner left", actor: "alice", actorType: "cli" });
  expect(job.selection).toEqual({ kind: "credential_filter", query: `owner=${owner.toLowerCase()}` });
  const done = await runRevocationJob({ db: hs.h.db, octokit: await client(), jobId: job.id, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", total: truth.length, counts: { failed: 0 } });
  expect(await listSimAuthorizations(hs, "acme", owner)).toEqual([]);
  pool = pool.filter((c) => c.login !== owner); // gone: later tests take others
  await expect(createCredentialRemovalJob({ db: hs.h.db, orgId: acme.id, target, reason: "again", actor: "alice", actorType: "cli" }))
    .rejects.toMatchObject({ kind: "InvalidInput", field: "filter" });
});

it("revocations.startCredentials (the dashboard's button) creates the job and runs it in the background", async () => {
  const engine = createEngine({ db: hs.h, github: hs.app });
  const ids = take(2);
  const { jobId } = await engine.revocations.startCredentials({ orgId: acme.id, target: { ids }, reason: "rotated", actor: "alice", actorType: "user" });
  await vi.waitFor(async () => expect((await engine.revocations.get({ orgId: acme.id, jobId })).job.status).toBe("succeeded"), { timeout: 30_000, interval: 100 });
  const { items } = await engine.revocations.credentialItems({ orgId: acme.id, jobId });
  expect(items.map((i) => [i.credentialId, i.status])).toEqual([...ids].sort((a, b) => a - b).map((id) => [id, "revoked"]));
  const now = await listed();
  expect(ids.some((id) => now.has(id))).toBe(false);
});
