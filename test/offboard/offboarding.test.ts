// Offboarding a person across orgs (in process, PGlite or Postgres): the preview's counts are the
// simulator's truth, the real run costs ⌈grants/100⌉ bulk calls per org plus one DELETE per
// credential, every item gets one audit entry, an org without SSO has no credential part, and a run
// stopped mid-way is finished by a resume without sending anything twice.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { auditLog, orgs } from "../../db/schema.ts";
import { createOffboarding, getOffboarding, planOffboarding, previewOf, runOffboarding } from "../../bot/offboard/index.ts";
import type { OctokitLike } from "../../bot/github/calls.ts";
import { acceptedBulk, expectNoIdAcceptedTwice, startRevokeHarness, type RecordedCall, type RevokeHarness } from "../revoke/harness.ts";
import { acceptedTwice, listSimAuthorizations, recordDeletes, seedCredentials, type DeleteCall } from "../revoke/credential-seed.ts";

let hs: RevokeHarness;
let person: string;
let other: string;

const ownedIn = (org: string, login: string) => hs.sim.control.org(org).grants.filter((g) => g.owner.login.toLowerCase() === login.toLowerCase());

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 30, sso: true, credentials: 60, subsetShare: 0 }, { login: "globex", grants: 10, subsetShare: 0 }] });
  // The two logins holding the most credentials in acme; each also gets grants in both orgs.
  const byLogin = new Map<string, number>();
  for (const c of await listSimAuthorizations(hs, "acme")) byLogin.set(c.login, (byLogin.get(c.login) ?? 0) + 1);
  [person, other] = [...byLogin].sort((a, b) => b[1] - a[1]).map(([l]) => l) as [string, string];
  for (let i = 0; i < 130; i++) hs.sim.control.addGrant("acme", { owner: person });
  for (let i = 0; i < 3; i++) hs.sim.control.addGrant("globex", { owner: person });
  for (let i = 0; i < 120; i++) hs.sim.control.addGrant("acme", { owner: other });
  hs.sim.control.addGrant("globex", { owner: other });
  await hs.sync("acme");
  await hs.sync("globex");
  await seedCredentials(hs, "acme");
  // As the credential sync records GitHub's 404 for an org without SAML SSO.
  await hs.h.db.update(orgs).set({ credentialsStatus: "not_available" }).where(eq(orgs.id, (await hs.org("globex")).id));
}, 120_000);
afterAll(() => hs?.close());

/** Installation clients per org id that record grant POSTs and credential DELETEs. */
async function recorders() {
  const calls: RecordedCall[] = [];
  const deletes: DeleteCall[] = [];
  const byId = new Map<number, OctokitLike>();
  for (const login of ["acme", "globex"]) {
    const o = await hs.org(login);
    const rec = await hs.recording(login);
    const wrapped = recordDeletes(rec.octokit);
    byId.set(o.id, wrapped.octokit);
    // Share one list each: the checks read them after the run.
    rec.calls.push = (...c: RecordedCall[]) => calls.push(...c.map((x) => ({ ...x, route: `${login} ${x.route}` })));
    wrapped.deletes.push = (...d: DeleteCall[]) => deletes.push(...d);
  }
  return { octokitFor: (orgId: number) => byId.get(orgId)!, calls, deletes };
}

it("previews per org: grants and credentials as GitHub has them, API calls, and why globex has no credential part", async () => {
  const p = previewOf({ login: person, plans: await planOffboarding({ db: hs.h.db, login: person }) });
  const acmeCreds = (await listSimAuthorizations(hs, "acme", person)).length;
  expect(acmeCreds).toBeGreaterThan(0);
  const acme = p.orgs.find((o) => o.org.login === "acme")!;
  const globex = p.orgs.find((o) => o.org.login === "globex")!;
  expect(acme).toMatchObject({ grants: ownedIn("acme", person).length, credentials: acmeCreds, credentialsNote: null });
  expect(acme.calls).toBe(Math.ceil(acme.grants / 100) + acmeCreds);
  expect(globex).toMatchObject({ grants: ownedIn("globex", person).length, credentials: 0, calls: 1, credentialsStatus: "not_available" });
  expect(globex.credentialsNote).toMatch(/not available/);
  // Before each batch of ≤ 100 grants the run reads which of them GitHub still lists, ≤ 50 token ids a call.
  expect([acme.lookups, globex.lookups]).toEqual([Math.ceil(100 / 50) + Math.ceil((acme.grants - 100) / 50), 1]);
  expect(p.totals).toEqual({ grants: acme.grants + globex.grants, credentials: acmeCreds, calls: acme.calls + 1, lookups: acme.lookups + 1, items: acme.grants + globex.grants + acmeCreds });
  expect(p.confirmLogin).toBe(true);
});

it("refuses without a reason or the typed login, and for a login holding nothing", async () => {
  const base = { db: hs.h.db, login: person, actor: "alice", actorType: "cli" as const };
  await expect(createOffboarding({ ...base, reason: " " })).rejects.toMatchObject({ field: "reason" });
  await expect(createOffboarding({ ...base, reason: "left", confirmation: "someone-else" })).rejects.toMatchObject({ field: "confirmation" });
  await expect(createOffboarding({ ...base, login: "nobody-here", reason: "left" })).rejects.toMatchObject({ field: "login" });
  await expect(createOffboarding({ ...base, reason: "left", orgs: ["initech"], confirmation: person })).rejects.toMatchObject({ field: "orgs" });
});

it("removes every grant and credential of the person in each org: ⌈grants/100⌉ bulk calls per org + one DELETE per credential, one audit entry each", async () => {
  const grantsAcme = ownedIn("acme", person).map((g) => g.id);
  const grantsGlobex = ownedIn("globex", person).map((g) => g.id);
  const creds = (await listSimAuthorizations(hs, "acme", person)).map((c) => c.credential_id);
  const preview = previewOf({ login: person, plans: await planOffboarding({ db: hs.h.db, login: person }) });
  const created = await createOffboarding({ db: hs.h.db, login: person, reason: "left the company", actor: "alice", actorType: "cli", confirmation: person });
  expect(created.parts.map((p) => [p.orgLogin, p.total])).toEqual([["acme", grantsAcme.length + creds.length], ["globex", grantsGlobex.length]]);
  const { octokitFor, calls, deletes } = await recorders();
  hs.sim.control.clearRequestLog();
  const done = await runOffboarding({ db: hs.h.db, id: created.id, octokitFor, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { failed: 0, pending: 0, inFlight: 0 } });
  expect(done.counts.revoked + done.counts.alreadyGone).toBe(grantsAcme.length + grantsGlobex.length + creds.length);

  expect(acceptedBulk(calls.filter((c) => c.route.startsWith("acme ")).map((c) => ({ ...c, route: c.route.slice(5) })))).toHaveLength(Math.ceil(grantsAcme.length / 100));
  expect(acceptedBulk(calls.filter((c) => c.route.startsWith("globex ")).map((c) => ({ ...c, route: c.route.slice(7) })))).toHaveLength(1);
  expect(calls.every((c) => c.status === 202)).toBe(true);
  expect(deletes.map((d) => d.id).sort()).toEqual([...creds].sort());
  expect(deletes.every((d) => d.status === 204)).toBe(true);
  // The reads the preview announced are the reads the run made (GitHub's log of token_id look-ups).
  const lookups = hs.sim.control.requestLog().filter((e) => e.method === "GET" && /\/personal-access-tokens$/.test(e.path) && /token_id/.test(decodeURIComponent(e.query)));
  expect(lookups).toHaveLength(preview.totals.lookups);

  expect(ownedIn("acme", person)).toEqual([]);
  expect(ownedIn("globex", person)).toEqual([]);
  expect(await listSimAuthorizations(hs, "acme", person)).toEqual([]);
  expect(ownedIn("acme", other).length).toBeGreaterThanOrEqual(120); // another person's grants stay

  const acmeId = (await hs.org("acme")).id;
  const audit = await listAudit({ db: hs.h.db, orgId: acmeId, filter: { limit: 1000 } });
  const ofJob = (action: string) => audit.filter((e) => e.action === action && (e.details as { jobId?: number }).jobId === done.parts[0]!.id);
  expect(ofJob("grant.revoke").map((e) => Number(e.targetId)).sort()).toEqual([...grantsAcme].sort());
  expect(ofJob("credential.remove").map((e) => Number(e.targetId)).sort()).toEqual([...creds].sort());
  expect(ofJob("credential.remove").every((e) => (e.details as { offboardingId?: number }).offboardingId === created.id)).toBe(true);
  const started = await hs.h.db.select().from(auditLog).where(eq(auditLog.action, "offboarding.create"));
  expect(started.some((e) => e.targetId === person && (e.details as { offboardingId?: number }).offboardingId === created.id)).toBe(true);
});

it("stopped mid-way, a resume finishes it: nothing sent twice, the other person untouched", async () => {
  const otherAcme = ownedIn("acme", other).map((g) => g.id);
  const creds = (await listSimAuthorizations(hs, "acme", other)).map((c) => c.credential_id);
  const untouched = hs.sim.control.org("acme").grants.length - otherAcme.length;
  const created = await createOffboarding({ db: hs.h.db, login: other, reason: "left", actor: "alice", actorType: "cli", confirmation: other });
  const stop = new AbortController();
  const first = await recorders();
  const stopped = await runOffboarding({ db: hs.h.db, id: created.id, octokitFor: first.octokitFor, pacingMs: 0, signal: stop.signal, onProgress: (v) => v.done >= 100 && stop.abort() });
  expect(stopped.status).toBe("running");
  expect(stopped.counts.pending + stopped.counts.inFlight).toBeGreaterThan(0);

  const second = await recorders();
  const done = await runOffboarding({ db: hs.h.db, id: created.id, octokitFor: second.octokitFor, pacingMs: 0 });
  expect(done).toMatchObject({ status: "succeeded", counts: { failed: 0, pending: 0 } });
  expectNoIdAcceptedTwice([...first.calls, ...second.calls]);
  expect(acceptedTwice([...first.deletes, ...second.deletes])).toEqual([]);
  expect(ownedIn("acme", other)).toEqual([]);
  expect(ownedIn("globex", other)).toEqual([]);
  expect(await listSimAuthorizations(hs, "acme", other)).toEqual([]);
  expect(hs.sim.control.org("acme").grants.length).toBe(untouched);
  expect((await getOffboarding({ db: hs.h.db, id: created.id })).parts.every((p) => p.status === "succeeded")).toBe(true);
  expect(creds.length).toBeGreaterThan(0);
});
