// Changes made in GitHub's UI (no webhook exists for them) show up after the next sweep:
// revoked, expired, added, edited grants, changed repository selections, requests, members.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grants, orgMembers, patRequests, requestRepositories } from "../../db/schema.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { expectInventoryMatches } from "./inventory.ts";
import { startHarness, type Harness } from "./harness.ts";

describe("changes behind the app's back", () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  const sync = async () => {
    const r = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
    expect(r.status, r.error).toBe("succeeded");
    return r;
  };
  const grantRow = async (id: number) => (await hs.h.db.select().from(grants).where(and(eq(grants.orgId, org.id), eq(grants.id, id))))[0]!;

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 150, requests: 4 }] } });
    org = await hs.orgRef("acme");
    await sync();
  });
  afterAll(async () => hs?.close());

  it("removes revoked grants as revoked_elsewhere and expired ones as expired; adds new ones", async () => {
    const truth = hs.sim.control.org("acme");
    const revoked = truth.grants[3]!;
    const expiring = truth.grants[40]!;
    hs.sim.control.updateGrant("acme", expiring.id, { token_expires_at: new Date(Date.now() - 60_000).toISOString() });
    await sync(); // sees the new expiry date
    hs.sim.control.revokeGrant("acme", revoked.id);
    hs.sim.control.revokeGrant("acme", expiring.id); // GitHub drops the expired grant from its list
    const added = [hs.sim.control.addGrant("acme", { repository_selection: "subset", repositories: [truth.repos[0]!.name, truth.repos[1]!.name] }), hs.sim.control.addGrant("acme")];
    const r = await sync();
    expect(r.grants).toMatchObject({ added: 2, removed: 2 });
    expect(await grantRow(revoked.id)).toMatchObject({ removalReason: "revoked_elsewhere" });
    expect((await grantRow(revoked.id)).removedAt).toBeInstanceOf(Date);
    expect(await grantRow(expiring.id)).toMatchObject({ removalReason: "expired" });
    expect(await grantRow(added[0]!.id)).toMatchObject({ removedAt: null, repositoryCount: 2 });
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("applies edits: permissions, name, repository selection and subset repositories", async () => {
    const truth = hs.sim.control.org("acme");
    const subset = truth.grants.filter((g) => g.repository_selection === "subset");
    const all = truth.grants.find((g) => g.repository_selection === "all")!;
    hs.sim.control.updateGrant("acme", subset[0]!.id, { repositories: [truth.repos[5]!.name] });
    hs.sim.control.updateGrant("acme", subset[1]!.id, { repository_selection: "none" });
    hs.sim.control.updateGrant("acme", all.id, { repository_selection: "subset", repositories: [truth.repos[7]!.name, truth.repos[8]!.name] });
    hs.sim.control.updateGrant("acme", subset[2]!.id, { token_name: "renamed", permissions: { repository: { metadata: "read", administration: "write" } } });
    const r = await sync();
    expect(r.grants).toMatchObject({ added: 0, removed: 0, updated: 3 }); // the repository-only change is not a grant-row change
    expect((await grantRow(subset[2]!.id)).permissionTokens).toEqual(expect.arrayContaining(["administration:read", "administration:write", "metadata:read"]));
    expect(await grantRow(subset[1]!.id)).toMatchObject({ repositorySelection: "none", repositoryCount: null });
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("reactivates a grant GitHub still lists, and removes again one it does not", async () => {
    const truth = hs.sim.control.org("acme");
    const stillListed = truth.grants[11]!;
    const gone = truth.grants[10]!;
    hs.sim.control.revokeGrant("acme", gone.id);
    await sync();
    expect((await grantRow(gone.id)).removedAt).not.toBeNull();
    // Local state drifts both ways (e.g. a revoke recorded here that GitHub never applied).
    await hs.h.db.update(grants).set({ removedAt: new Date(), removalReason: "revoked_by_patwarden" }).where(and(eq(grants.orgId, org.id), eq(grants.id, stillListed.id)));
    await hs.h.db.update(grants).set({ removedAt: null, removalReason: null }).where(and(eq(grants.orgId, org.id), eq(grants.id, gone.id)));
    const r = await sync();
    expect(r.grants).toMatchObject({ updated: 1, removed: 1 });
    expect(await grantRow(stillListed.id)).toMatchObject({ removedAt: null, removalReason: null });
    expect(await grantRow(gone.id)).toMatchObject({ removalReason: "revoked_elsewhere" });
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("re-reads an unchanged page whose rows went missing from the database", async () => {
    const truth = hs.sim.control.org("acme");
    const lost = truth.grants[30]!;
    await hs.h.db.delete(grants).where(and(eq(grants.orgId, org.id), eq(grants.id, lost.id)));
    hs.sim.control.clearRequestLog();
    const r = await sync();
    expect(r.grants.added).toBe(1);
    // The page answered 304 first, then was fetched again without If-None-Match.
    const lists = hs.sim.control.requestLog().filter((e) => e.path === "/orgs/acme/personal-access-tokens");
    expect(lists.filter((e) => e.notModified).length).toBeGreaterThanOrEqual(1);
    expect(lists.filter((e) => !e.notModified)).toHaveLength(1);
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("tracks pending requests: new ones with repositories, vanished ones become gone", async () => {
    const truth = hs.sim.control.org("acme");
    const created = await hs.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [truth.repos[2]!.name, truth.repos[3]!.name], reason: "deploys" });
    const vanished = truth.requests[0]!;
    await hs.sim.control.denyRequest("acme", vanished.id); // no webhook URL set: we only learn from the sweep
    const r = await sync();
    expect(r.requestsSeen).toBe(hs.sim.control.org("acme").requests.length);
    const rows = await hs.h.db.select().from(patRequests).where(eq(patRequests.orgId, org.id));
    expect(rows.find((x) => x.id === created.id)).toMatchObject({ status: "pending", reason: "deploys", repositoryCount: 2 });
    expect(rows.find((x) => x.id === vanished.id)).toMatchObject({ status: "gone" });
    const repos = await hs.h.db.select().from(requestRepositories).where(eq(requestRepositories.requestId, created.id));
    expect(repos.map((x) => x.name).sort()).toEqual([truth.repos[2]!.name, truth.repos[3]!.name].sort());
    const pending = rows.filter((x) => x.status === "pending").map((x) => x.id).sort();
    expect(pending).toEqual(hs.sim.control.org("acme").requests.map((x) => x.id).sort());
  });

  it("syncs members and owners, and flags grants whose owner left", async () => {
    const truth = hs.sim.control.org("acme");
    const leaver = truth.members.find((m) => m.role === "member" && truth.grants.some((g) => g.owner.login === m.login))!;
    await hs.sim.control.removeMember("acme", leaver.login);
    const r = await sync();
    const after = hs.sim.control.org("acme");
    expect(r.membersSeen).toBe(after.members.length);
    const members = await hs.h.db.select().from(orgMembers).where(eq(orgMembers.orgId, org.id));
    const active = members.filter((m) => m.removedAt === null);
    expect(active.map((m) => m.login).sort()).toEqual(after.members.map((m) => m.login).sort());
    expect(active.filter((m) => m.role === "admin").map((m) => m.login).sort()).toEqual([...after.owners].sort());
    expect(members.find((m) => m.login === leaver.login)?.removedAt).toBeInstanceOf(Date);
    const rows = await hs.h.db.select().from(grants).where(eq(grants.orgId, org.id));
    const memberIds = new Set(after.members.map((m) => m.id));
    for (const g of rows.filter((x) => x.removedAt === null)) expect(g.ownerIsMember).toBe(memberIds.has(g.ownerId));
    expect(rows.filter((g) => g.ownerLogin === leaver.login && g.removedAt === null).every((g) => g.ownerIsMember === false)).toBe(true);
  });
});
