// The small syncs behind webhooks: one token_id[] call for an approved request, one owner[]
// listing when a member leaves, and request state straight from webhook payloads.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grants, orgMembers, patRequests, requestRepositories } from "../../db/schema.ts";
import { resolveRequest, syncGrantsByTokenIds, syncOrg, syncOwnerGrants, upsertRequestFromWebhook } from "../../bot/sync/index.ts";
import { InvalidInput } from "../../model/errors.ts";
import { startHarness, startWebhookReceiverFor, type Harness } from "./harness.ts";

describe("targeted syncs", () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  const octokit = () => hs.app.installationOctokit(org.installationId);

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 120, requests: 3 }] } });
    org = await hs.orgRef("acme");
    const r = await syncOrg({ db: hs.h.db, octokit: octokit(), org, kind: "full", trigger: "test" });
    expect(r.status, r.error).toBe("succeeded");
  });
  afterAll(async () => hs?.close());

  it("fetches an approved request's grant with one token_id[] call", async () => {
    const truth = hs.sim.control.org("acme");
    const request = await hs.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [truth.repos[4]!.name] });
    const grant = await hs.sim.control.approveRequest("acme", request.id);
    hs.sim.control.clearRequestLog();
    const r = await syncGrantsByTokenIds({ db: hs.h.db, octokit: octokit(), org, tokenIds: [request.token_id] });
    expect(r).toMatchObject({ status: "succeeded", kind: "grant", grants: { seen: 1, added: 1, updated: 0, removed: 0 } });
    const log = hs.sim.control.requestLog();
    const lists = log.filter((e) => e.path === "/orgs/acme/personal-access-tokens");
    expect(lists).toHaveLength(1);
    expect(lists[0]!.query).toContain(`token_id[]=${request.token_id}`);
    expect(log.map((e) => e.path)).toEqual(["/orgs/acme/personal-access-tokens", `/orgs/acme/personal-access-tokens/${grant.id}/repositories`]);
    const [row] = await hs.h.db.select().from(grants).where(and(eq(grants.orgId, org.id), eq(grants.id, grant.id)));
    expect(row).toMatchObject({ tokenId: request.token_id, repositoryCount: 1, removedAt: null });
    expect(row!.ownerIsMember).toBe(truth.members.some((m) => m.id === grant.owner.id));
  });

  it("refreshes a departed member's grants with one owner[] listing and flags them", async () => {
    const truth = hs.sim.control.org("acme");
    const leaver = truth.members.find((m) => truth.grants.filter((g) => g.owner.login === m.login).length >= 2)!;
    const theirs = truth.grants.filter((g) => g.owner.login === leaver.login);
    await hs.sim.control.removeMember("acme", leaver.login);
    hs.sim.control.revokeGrant("acme", theirs[0]!.id); // GitHub dropped one of them
    hs.sim.control.clearRequestLog();
    const r = await syncOwnerGrants({ db: hs.h.db, octokit: octokit(), org, owner: leaver.login });
    expect(r).toMatchObject({ status: "succeeded", kind: "owner" });
    expect(r.grants.removed).toBe(1);
    const lists = hs.sim.control.requestLog().filter((e) => e.path === "/orgs/acme/personal-access-tokens");
    expect(lists[0]!.query).toContain(`owner[]=${leaver.login}`);
    const rows = await hs.h.db.select().from(grants).where(and(eq(grants.orgId, org.id), eq(grants.ownerLogin, leaver.login)));
    expect(rows.find((g) => g.id === theirs[0]!.id)).toMatchObject({ removalReason: "revoked_elsewhere" });
    expect(rows.every((g) => g.ownerIsMember === false)).toBe(true);
    const [member] = await hs.h.db.select().from(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.login, leaver.login)));
    expect(member!.removedAt).toBeInstanceOf(Date);
    // Other owners' grants were not touched by the owner-filtered removal.
    const others = await hs.h.db.select().from(grants).where(eq(grants.orgId, org.id));
    expect(others.filter((g) => g.removedAt !== null && g.ownerLogin !== leaver.login)).toHaveLength(0);
  });

  it("keeps requests current from webhook payloads", async () => {
    const receiver = await startWebhookReceiverFor(hs);
    try {
      const truth = hs.sim.control.org("acme");
      const created = await hs.sim.control.createRequest("acme", { repository_selection: "subset", repositories: [truth.repos[1]!.name, truth.repos[2]!.name] });
      const payload = receiver.received.at(-1)!.json as { action: string; personal_access_token_request: unknown };
      expect(payload.action).toBe("created");
      const out = await upsertRequestFromWebhook({ db: hs.h.db, orgId: org.id, request: payload.personal_access_token_request });
      expect(out).toEqual({ requestId: created.id, added: true });
      const [row] = await hs.h.db.select().from(patRequests).where(and(eq(patRequests.orgId, org.id), eq(patRequests.id, created.id)));
      expect(row).toMatchObject({ status: "pending", tokenId: created.token_id, repositoryCount: 2, reason: null });
      expect(row!.permissions).toEqual(created.permissions);
      const repos = await hs.h.db.select().from(requestRepositories).where(eq(requestRepositories.requestId, created.id));
      expect(repos.map((x) => x.repositoryId).sort()).toEqual(created.repositories.map((x) => x.id).sort());
      // A later sync fills in the reason the webhook does not carry, and a redelivery keeps it.
      await syncOrg({ db: hs.h.db, octokit: octokit(), org, kind: "full", trigger: "test" });
      await upsertRequestFromWebhook({ db: hs.h.db, orgId: org.id, request: payload.personal_access_token_request });
      const [again] = await hs.h.db.select().from(patRequests).where(and(eq(patRequests.orgId, org.id), eq(patRequests.id, created.id)));
      expect(again!.reason).toBe(created.reason);

      await hs.sim.control.denyRequest("acme", created.id);
      expect(await resolveRequest({ db: hs.h.db, orgId: org.id, requestId: created.id, status: "denied" })).toBe(true);
      expect(await resolveRequest({ db: hs.h.db, orgId: org.id, requestId: created.id, status: "denied" })).toBe(true); // redelivery
      const [denied] = await hs.h.db.select().from(patRequests).where(and(eq(patRequests.orgId, org.id), eq(patRequests.id, created.id)));
      expect(denied).toMatchObject({ status: "denied" });
      expect(denied!.resolvedAt).toBeInstanceOf(Date);
      expect(await resolveRequest({ db: hs.h.db, orgId: org.id, requestId: 999_999_999, status: "approved" })).toBe(false);
      await expect(upsertRequestFromWebhook({ db: hs.h.db, orgId: org.id, request: { id: "x" } })).rejects.toThrow(InvalidInput);
    } finally {
      await receiver.close();
    }
  });
});
