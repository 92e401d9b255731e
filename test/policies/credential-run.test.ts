// Credential rules in a policy run against the simulator: a dry run writes nothing anywhere; a
// revoke rule warns each owner in their issue (credentials listed with kind, last eight or title,
// and reason), removes nothing during the grace period, then removes exactly the credentials that
// still match through the revocation engine (one DELETE each); the cap holds; an org without SSO
// skips credential rules with a note, not an error.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCredentialWarnings } from "../../db/queries/policy-credentials.ts";
import { orgs } from "../../db/schema.ts";
import { describeCredentialRun } from "../../bot/cli/policy-credential-output.ts";
import { loadPolicyConfig, runPolicies, type PolicyRunResult } from "../../bot/policies/index.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";
import { credentialRow, listSimAuthorizations, recordDeletes, seedCredentials, type SimAuthorization } from "../revoke/credential-seed.ts";
import { DAY, putPolicy, sorted } from "./harness.ts";

const ORG = "credco";
let hs: RevokeHarness;
let org: OrgInfo;
let t0: Date;
let seeded: SimAuthorization[];
let excepted: string;
let expected: number[];

const policy = (maxRevocationsPerRun = 1000) => `notify:
  repository: security-notices
enforcement:
  maxRevocationsPerRun: ${maxRevocationsPerRun}
  maxRevocationPercent: 100
rules: []
credentialRules:
  - id: no-ssh
    type: credential_types
    forbidden: [ssh_key]
    mode: revoke
    graceDays: 7
    exceptions:
      - login: ${excepted}
        reason: deploy keys, moving to an App
        until: 2099-12-31
  - id: cred-idle-30
    type: idle
    days: 30
`;

async function usePolicy(yaml: string, login = ORG): Promise<void> {
  const o = await hs.org(login);
  await putPolicy(hs.sim, login, yaml);
  const loaded = await loadPolicyConfig({ db: hs.h.db, octokit: hs.app.installationOctokit(o.installationId), org: o });
  expect(loaded.status).toBe("valid");
}

async function run(days: number, { dryRun = false, login = ORG } = {}): Promise<PolicyRunResult & { deletes: number[] }> {
  const o = await hs.org(login);
  const { octokit, deletes } = recordDeletes(hs.app.installationOctokit(o.installationId));
  const result = await runPolicies({ db: hs.h.db, octokit, org: o, now: new Date(t0.getTime() + days * DAY), dryRun, trigger: "test", actor: "tester", pacingMs: 0 });
  return { ...result, deletes: deletes.map((d) => d.id) };
}
const ids = (r: PolicyRunResult, rule: string, outcome?: string) =>
  sorted(r.credentialItems.filter((i) => i.rule === rule && (!outcome || i.outcome === outcome)).map((i) => i.credentialId));
const issues = () => hs.sim.control.issues(ORG, "security-notices");
const listed = async () => new Set((await listSimAuthorizations(hs, ORG)).map((c) => c.credential_id));

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: ORG, grants: 10, sso: true, credentials: 60 }, { login: "nosso", grants: 10 }] });
  await hs.sync(ORG);
  await hs.sync("nosso");
  org = await hs.org(ORG);
  seeded = await seedCredentials(hs, ORG);
  t0 = new Date(hs.sim.control.clock().now);
  const ssh = seeded.filter((c) => c.credential_type === "SSH key");
  excepted = ssh[0]!.login;
  expected = sorted(ssh.filter((c) => c.login !== excepted).map((c) => c.credential_id));
  expect(expected.length).toBeGreaterThan(2);
  await usePolicy(policy());
}, 180_000);
afterAll(() => hs?.close());

describe("credential rules in a policy run", () => {
  it("a dry run plans warnings for exactly the forbidden kind and writes nothing: no warning, issue or DELETE", async () => {
    const r = await run(0, { dryRun: true });
    expect(r.summary?.credentials).toMatchObject({ source: "available", skippedReason: null, activeCredentials: seeded.length });
    expect(ids(r, "no-ssh", "notified")).toEqual(expected);
    expect(r.credentialItems.filter((i) => i.rule === "no-ssh" && i.outcome === "excepted").every((i) => i.login === excepted)).toBe(true);
    // Expired credentials never match (nothing is left to act on), as for grants.
    const live = (c: SimAuthorization) => !c.authorized_credential_expires_at || Date.parse(c.authorized_credential_expires_at) > t0.getTime();
    const idle = seeded.filter((c) => live(c) && c.credential_accessed_at && t0.getTime() - Date.parse(c.credential_accessed_at) > 30 * DAY);
    expect(ids(r, "cred-idle-30", "matched")).toEqual(sorted(idle.map((c) => c.credential_id)));
    expect(r.deletes).toEqual([]);
    expect(await listCredentialWarnings({ db: hs.h.db, orgId: org.id })).toEqual([]);
    expect(issues()).toEqual([]);
    // What `patwarden policy --dry-run` prints about them.
    const text = describeCredentialRun(r);
    expect(text).toContain(`SSO credentials: ${seeded.length} active credentials, ${r.credentialItems.length} matches: ${expected.length} notified, 0 revoked`);
    const row = text.split("\n").find((l) => l.includes(String(expected[0])) && l.includes("no-ssh"));
    expect(row, text.slice(0, 2000)).toMatch(/SSH key .*no-ssh +notified +SSH key is a forbidden kind/);
  });

  it("a real run warns each owner once, in their issue, with kind, label and reason; nothing is removed", async () => {
    const r = await run(0);
    expect(r.status).toBe("succeeded");
    expect(r.deletes).toEqual([]);
    const open = await listCredentialWarnings({ db: hs.h.db, orgId: org.id, status: "open" });
    expect(sorted(open.map((w) => w.credentialId))).toEqual(expected);
    const owners = new Set(seeded.filter((c) => expected.includes(c.credential_id)).map((c) => c.login.toLowerCase()));
    const list = issues();
    expect(list.length).toBe(owners.size);
    const inBodies = sorted(list.flatMap((i) => [...(i.body ?? "").matchAll(/^\| SSH key .*? \| (\d+) \| no-ssh \| SSH key is a forbidden kind \| revoked after /gm)].map((m) => Number(m[1]))));
    expect(inBodies).toEqual(expected);
    expect(list.every((i) => i.title.startsWith("patwarden: your credentials in credco will be revoked"))).toBe(true);
  });

  it("during the grace period nothing is removed; past it the cap holds (a dry run with maxRevocationsPerRun 2)", async () => {
    const grace = await run(3);
    expect(ids(grace, "no-ssh", "skipped")).toEqual(expected);
    expect(grace.credentialItems.find((i) => i.rule === "no-ssh" && i.outcome === "skipped")!.detail).toMatch(/^grace period: revocation after /);
    expect(grace.deletes).toEqual([]);
    await usePolicy(policy(2));
    const capped = await run(8, { dryRun: true });
    expect(ids(capped, "no-ssh", "revoked")).toHaveLength(2);
    expect(ids(capped, "no-ssh", "skipped")).toHaveLength(expected.length - 2);
    expect(capped.credentialItems.find((i) => i.outcome === "skipped" && i.rule === "no-ssh")!.detail).toMatch(/^cap: at most 2 credential removals/);
    expect(capped.deletes).toEqual([]);
    await usePolicy(policy());
  });

  it("after the grace period the due credentials are removed at GitHub, one DELETE each, warnings closed as revoked", async () => {
    const r = await run(8);
    expect(r.status).toBe("succeeded");
    expect(ids(r, "no-ssh", "revoked")).toEqual(expected);
    expect(sorted(r.deletes)).toEqual(expected);
    expect(r.credentialRevocationJobId).toBeTypeOf("number");
    const still = await listed();
    for (const id of expected) {
      expect(still.has(id)).toBe(false);
      expect(await credentialRow(hs.h, org.id, id)).toMatchObject({ removalReason: "revoked_by_patwarden" });
    }
    expect((await listCredentialWarnings({ db: hs.h.db, orgId: org.id, status: "open" })).filter((w) => w.rule === "no-ssh")).toEqual([]);
    expect(r.summary?.credentials?.warnings.revoked).toBe(expected.length);
    // Each owner's issue is closed (nothing pending) with a comment naming what was removed.
    expect(issues().every((i) => i.state === "closed")).toBe(true);
    const again = await run(9);
    expect(again.credentialItems.filter((i) => i.rule === "no-ssh" && i.outcome !== "excepted")).toEqual([]);
    expect(again.deletes).toEqual([]);
  });

  it("an org without SAML SSO runs its grant rules and skips credential rules with a note, not an error", async () => {
    const o = await hs.org("nosso");
    await hs.h.db.update(orgs).set({ credentialsStatus: "not_available" }).where(eq(orgs.id, o.id));
    await usePolicy(policy(), "nosso");
    const r = await run(0, { login: "nosso" });
    expect(r.status).toBe("succeeded");
    expect(r.errors).toEqual([]);
    expect(r.credentialItems).toEqual([]);
    expect(describeCredentialRun(r)).toBe("Credentials: credential rules skipped: SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO.\n");
    expect(r.summary?.credentials).toMatchObject({
      source: "not_available", activeCredentials: 0,
      skippedReason: "credential rules skipped: SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO",
    });
  });
});
