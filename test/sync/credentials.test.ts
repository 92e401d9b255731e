// The SSO credential sweep against the simulator: the inventory equals GitHub's list field for
// field, ⌈N/100⌉ list calls with and without a Link header (plus one empty page after an exactly
// full last page when there is none), 304s on an unchanged re-sync, removal with its reason only
// after a completed sweep, nothing removed by a failed one, owners who left flagged. PGlite, and
// Postgres with DATABASE_URL.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syncOrg, syncOwnerGrants } from "../../bot/sync/index.ts";
import { credentials, orgs } from "../../db/schema.ts";
import type { RequestLogEntry } from "../../simulator/index.ts";
import { startHarness, type Harness } from "./harness.ts";

const credentialLists = (log: RequestLogEntry[], login: string) => log.filter((e) => e.path === `/orgs/${login}/credential-authorizations`);

describe("SSO credential sweep", () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 20, requests: 2, members: 300, sso: true, credentials: 250 }, { login: "exact", grants: 3, members: 250, sso: true, credentials: 200 }] } });
  }, 300_000);
  afterAll(async () => hs?.close());
  beforeEach(() => {
    hs.sim.control.clearFaults();
    hs.sim.control.clearRequestLog();
    hs.sim.control.setBehaviour({ credentialLinks: true });
  });

  const sync = async (login: string, kind: "full" | "incremental" = "full") => {
    const org = await hs.orgRef(login);
    const result = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind, trigger: "test" });
    return { org, result };
  };
  const stored = async (orgId: number) =>
    hs.h.db.select().from(credentials).where(eq(credentials.orgId, orgId)).orderBy(asc(credentials.credentialId));
  /** The active inventory in GitHub's own shape, to compare with the simulator's list. */
  const asGitHub = async (orgId: number) =>
    (await stored(orgId)).filter((c) => !c.removedAt).map((c) => ({
      login: c.login, credential_id: c.credentialId, credential_type: c.credentialType,
      token_last_eight: c.tokenLastEight, scopes: c.scopes, fingerprint: c.fingerprint,
      credential_authorized_at: c.authorizedAt.toISOString(), credential_accessed_at: c.accessedAt?.toISOString() ?? null,
      authorized_credential_id: c.authorizedCredentialId, authorized_credential_title: c.title,
      authorized_credential_note: c.note, authorized_credential_expires_at: c.expiresAt?.toISOString() ?? null,
    }));
  const truth = (login: string) =>
    hs.sim.control.credentials(login).map((c) => ({
      login: c.login, credential_id: c.credential_id, credential_type: c.credential_type,
      token_last_eight: c.token_last_eight ?? null, scopes: c.scopes ?? [], fingerprint: c.fingerprint ?? null,
      credential_authorized_at: new Date(c.credential_authorized_at).toISOString(),
      credential_accessed_at: c.credential_accessed_at ? new Date(c.credential_accessed_at).toISOString() : null,
      authorized_credential_id: c.authorized_credential_id, authorized_credential_title: c.authorized_credential_title ?? null,
      authorized_credential_note: c.authorized_credential_note ?? null,
      authorized_credential_expires_at: c.authorized_credential_expires_at ? new Date(c.authorized_credential_expires_at).toISOString() : null,
    }));

  it("first full sync: GitHub's list field for field in ⌈250/100⌉ = 3 calls, source available", async () => {
    const { org, result } = await sync("acme");
    expect(result.status, result.error).toBe("succeeded");
    expect(await asGitHub(org.id)).toEqual(truth("acme"));
    expect(credentialLists(hs.sim.control.requestLog(), "acme")).toHaveLength(3);
    expect(result.credentials).toEqual({ status: "available", seen: 250, added: 250, updated: 0, removed: 0 });
    expect(result.callsByFamily.credentials).toBe(3);
    const [row] = await hs.h.db.select().from(orgs).where(eq(orgs.id, org.id));
    expect(row).toMatchObject({ credentialsStatus: "available", credentialsDetail: null });
    expect(row!.lastCredentialSyncAt).toBeInstanceOf(Date);
    // Owners are known members or not; SSH keys and repo-scoped tokens reach every repository.
    const rows = await stored(org.id);
    expect(rows.filter((c) => c.ownerIsMember === null).map((c) => c.login)).toEqual([]);
    const reach = rows.filter((c) => c.credentialType === "SSH key" || c.scopes.includes("repo"));
    expect(reach.length).toBeGreaterThan(0);
    expect(reach.every((c) => c.riskReasons.some((r) => r.code === "credential_all_repositories"))).toBe(true);
  });

  it("unchanged re-sync: the same 3 calls, all answered 304 (stored ETags), nothing written", async () => {
    const { org, result } = await sync("acme");
    expect(result.status, result.error).toBe("succeeded");
    const lists = credentialLists(hs.sim.control.requestLog(), "acme");
    expect(lists.map((e) => e.status)).toEqual([304, 304, 304]);
    expect(result.credentials).toEqual({ status: "available", seen: 250, added: 0, updated: 0, removed: 0 });
    expect(await asGitHub(org.id)).toEqual(truth("acme"));
  });

  it("without a Link header: walks by page number until a short page (3 calls for 250)", async () => {
    hs.sim.control.setBehaviour({ credentialLinks: false });
    const changed = hs.sim.control.credentials("acme")[120]!;
    hs.sim.control.updateCredential("acme", changed.credential_id, { credential_accessed_at: new Date() });
    const { org, result } = await sync("acme");
    expect(result.status, result.error).toBe("succeeded");
    expect(credentialLists(hs.sim.control.requestLog(), "acme")).toHaveLength(3);
    expect(result.credentials).toMatchObject({ seen: 250, updated: 1 });
    expect(await asGitHub(org.id)).toEqual(truth("acme"));
  });

  it("exactly 200 without Link costs one extra, empty page; with Link it does not", async () => {
    hs.sim.control.setBehaviour({ credentialLinks: false });
    let { org, result } = await sync("exact");
    expect(result.status, result.error).toBe("succeeded");
    expect(credentialLists(hs.sim.control.requestLog(), "exact")).toHaveLength(3);
    expect(await asGitHub(org.id)).toEqual(truth("exact"));
    hs.sim.control.setBehaviour({ credentialLinks: true });
    hs.sim.control.clearRequestLog();
    ({ org, result } = await sync("exact"));
    expect(result.status, result.error).toBe("succeeded");
    expect(credentialLists(hs.sim.control.requestLog(), "exact")).toHaveLength(2);
    expect(result.credentials).toMatchObject({ seen: 200, removed: 0 });
  });

  it("a failed sweep removes nothing; the next completed one removes with the reason", async () => {
    const list = hs.sim.control.credentials("acme");
    const revoked = list.find((c) => !c.authorized_credential_expires_at || new Date(c.authorized_credential_expires_at).getTime() > Date.now() + 86_400_000)!;
    const expiring = list.find((c) => c.credential_type !== "SSH key" && c.credential_id !== revoked.credential_id)!;
    hs.sim.control.updateCredential("acme", expiring.credential_id, { authorized_credential_expires_at: new Date(Date.now() + 2_000) });
    let { org, result } = await sync("acme");
    expect(result.status, result.error).toBe("succeeded");
    await new Promise((r) => setTimeout(r, 2_100));
    hs.sim.control.removeCredential("acme", revoked.credential_id);
    hs.sim.control.removeCredential("acme", expiring.credential_id);
    hs.sim.control.injectFault({ path: /credential-authorizations\?.*page=3/, status: 500, count: 50 });
    ({ org, result } = await sync("acme"));
    expect(result.status).toBe("failed");
    expect((await stored(org.id)).filter((c) => c.removedAt)).toEqual([]);
    hs.sim.control.clearFaults();
    ({ org, result } = await sync("acme"));
    expect(result.status, result.error).toBe("succeeded");
    expect(result.credentials).toMatchObject({ removed: 2 });
    // Before removing, each missing owner's authorizations were listed once more by login.
    expect(result.callsByFamily.verify).toBe(new Set([revoked.login, expiring.login]).size);
    const removed = (await stored(org.id)).filter((c) => c.removedAt).map((c) => [c.credentialId, c.removalReason]);
    expect(removed).toEqual([[revoked.credential_id, "revoked_elsewhere"], [expiring.credential_id, "expired"]].sort((a, b) => Number(a[0]) - Number(b[0])));
    expect(await asGitHub(org.id)).toEqual(truth("acme"));
  });

  it("member_removed refreshes that owner's credentials with one login-filtered listing and flags them", async () => {
    const org = await hs.orgRef("acme");
    const live = (c: { authorized_credential_expires_at?: string | null }) => !c.authorized_credential_expires_at || new Date(c.authorized_credential_expires_at).getTime() > Date.now() + 86_400_000;
    const all = hs.sim.control.credentials("acme");
    const owner = all.find((c) => live(c) && all.filter((o) => o.login === c.login).length >= 2)!.login;
    const theirs = all.filter((c) => c.login === owner).sort((a, b) => Number(live(b)) - Number(live(a)));
    hs.sim.control.removeCredential("acme", theirs[0]!.credential_id);
    await hs.sim.control.removeMember("acme", owner);
    hs.sim.control.clearRequestLog();
    const result = await syncOwnerGrants({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, owner });
    expect(result.status, result.error).toBe("succeeded");
    const lists = credentialLists(hs.sim.control.requestLog(), "acme");
    expect(lists.map((e) => e.query)).toEqual([`per_page=100&login=${owner}`]);
    expect(result.credentials).toMatchObject({ status: "available", seen: theirs.length - 1, removed: 1 });
    const rows = (await stored(org.id)).filter((c) => c.login === owner);
    expect(rows.find((c) => c.credentialId === theirs[0]!.credential_id)).toMatchObject({ removalReason: "revoked_elsewhere" });
    expect(rows.filter((c) => !c.removedAt).every((c) => c.ownerIsMember === false && c.riskReasons.some((r) => r.code === "owner_left"))).toBe(true);
  });

  it("a departed owner's credentials are flagged owner left, with the reason in their risk", async () => {
    const departed = hs.sim.control.credentials("acme")[0]!;
    await hs.sim.control.removeMember("acme", departed.login);
    const { org, result } = await sync("acme");
    expect(result.status, result.error).toBe("succeeded");
    const [row] = await hs.h.db.select().from(credentials).where(and(eq(credentials.orgId, org.id), eq(credentials.credentialId, departed.credential_id)));
    expect(row!.ownerIsMember).toBe(false);
    expect(row!.riskReasons.map((r) => r.code)).toContain("owner_left");
  });
});
