// Webhook handlers end to end: the simulator changes something "in GitHub" and delivers the
// webhook to the real server; the inventory must follow, with the API calls the design promises.
// The fixture cases go through probot.receive() with trimmed payloads from test/fixtures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { listGrants } from "../../db/queries/grants.ts";
import { getInstallation } from "../../db/queries/installations.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { getRequest } from "../../db/queries/requests.ts";
import { loadFixture, startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
let orgId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 60, requests: 3 }] });
  orgId = (await stack.org("acme")).id;
});
afterAll(() => stack?.close());

const db = () => stack.handle.db;
const grantsCalls = () => stack.sim.control.requestLog().filter((e) => e.path === "/orgs/acme/personal-access-tokens" && e.method === "GET");

describe("personal_access_token_request", () => {
  it("created: the request is stored as pending, with an audit entry", async () => {
    const r = await stack.sim.control.createRequest("acme", {});
    const stored = await getRequest({ db: db(), orgId, requestId: r.id });
    expect(stored).toMatchObject({ status: "pending", tokenId: r.token_id, ownerLogin: r.owner.login });
    const audit = await listAudit({ db: db(), orgId, filter: { action: "request.created", targetId: r.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "webhook", result: "success" });
  });

  it("approved: the request is resolved and the new grant fetched with one token_id[] call", async () => {
    const r = await stack.sim.control.createRequest("acme", {});
    stack.sim.control.clearRequestLog();
    const grant = await stack.sim.control.approveRequest("acme", r.id);
    expect((await getRequest({ db: db(), orgId, requestId: r.id }))?.status).toBe("approved");
    const calls = grantsCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query).toContain(`token_id[]=${r.token_id}`);
    const { rows } = await listGrants({ db: db(), orgId, filter: { search: grant.token_name, owner: [grant.owner.login.toLowerCase()] } });
    expect(rows.map((g) => g.id)).toContain(grant.id);
    expect(rows.find((g) => g.id === grant.id)?.tokenId).toBe(r.token_id);
  });

  it("denied and cancelled: the request leaves the pending queue", async () => {
    const denied = await stack.sim.control.createRequest("acme", {});
    const cancelled = await stack.sim.control.createRequest("acme", {});
    await stack.sim.control.denyRequest("acme", denied.id);
    await stack.sim.control.cancelRequest("acme", cancelled.id);
    expect((await getRequest({ db: db(), orgId, requestId: denied.id }))?.status).toBe("denied");
    expect((await getRequest({ db: db(), orgId, requestId: cancelled.id }))?.status).toBe("cancelled");
  });

  it("created (fixture via probot.receive): stores the request with its repositories", async () => {
    const payload = loadFixture<{ organization: { id: number }; installation: { id: number }; personal_access_token_request: { id: number } }>(
      "personal_access_token_request.created",
    );
    payload.organization.id = orgId;
    payload.installation.id = stack.sim.control.org("acme").installationId;
    await stack.probot.receive({ id: "fixture-created-1", name: "personal_access_token_request", payload: payload as never });
    const stored = await getRequest({ db: db(), orgId, requestId: 7100001 });
    expect(stored?.status).toBe("pending");
    expect(stored?.repositories.map((r) => r.fullName)).toEqual(["acme/Hello-World", "acme/Spoon-Knife"]);

    const cancel = loadFixture<typeof payload>("personal_access_token_request.cancelled");
    cancel.organization.id = orgId;
    cancel.installation.id = payload.installation.id;
    await stack.probot.receive({ id: "fixture-cancelled-1", name: "personal_access_token_request", payload: cancel as never });
    expect((await getRequest({ db: db(), orgId, requestId: 7100001 }))?.status).toBe("cancelled");
  });
});

describe("organization.member_removed", () => {
  it("refreshes that owner's grants with one owner[] listing and flags them as left", async () => {
    const truth = stack.sim.control.org("acme");
    const members = new Map(truth.members.map((m) => [m.login, m.role]));
    const owner = truth.grants.map((g) => g.owner.login).find((l) => members.get(l) === "member")!;
    const before = await listGrants({ db: db(), orgId, filter: { owner: [owner.toLowerCase()] } });
    expect(before.total).toBeGreaterThan(0);
    expect(before.rows.every((g) => g.ownerIsMember === true)).toBe(true);

    stack.sim.control.clearRequestLog();
    await stack.sim.control.removeMember("acme", owner);
    const calls = grantsCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query).toContain(`owner[]=${owner}`);
    const after = await listGrants({ db: db(), orgId, filter: { owner: [owner.toLowerCase()] } });
    expect(after.rows.map((g) => g.id).sort()).toEqual(before.rows.map((g) => g.id).sort());
    expect(after.rows.every((g) => g.ownerIsMember === false)).toBe(true);
    const left = await listGrants({ db: db(), orgId, filter: { ownerLeft: true, owner: [owner.toLowerCase()] } });
    expect(left.total).toBe(before.total);
  });

  it("fixture via probot.receive: an unknown org is ignored without API calls", async () => {
    const payload = loadFixture<{ organization: { id: number } }>("organization.member_removed");
    payload.organization.id = 31337;
    stack.sim.control.clearRequestLog();
    await stack.probot.receive({ id: "fixture-member-removed-1", name: "organization", payload: payload as never });
    expect(stack.sim.control.requestLog()).toHaveLength(0);
  });
});

describe("installation", () => {
  it("created: registers the org and runs its first full sync in the background", async () => {
    await stack.sim.control.addOrg({ login: "initech", grants: 15, requests: 1 });
    const org = await findOrgByLogin({ db: db(), login: "initech" });
    expect(org?.installationId).toBe(stack.sim.control.org("initech").installationId);
    await stack.jobs.idle();
    const { total } = await listGrants({ db: db(), orgId: org!.id, filter: {} });
    expect(total).toBe(15);
  });

  it("suspend, unsuspend and deleted update the installation's status", async () => {
    const installationId = stack.sim.control.org("initech").installationId;
    await stack.sim.control.suspendInstallation("initech");
    expect((await getInstallation({ db: db(), installationId }))?.status).toBe("suspended");
    await stack.sim.control.unsuspendInstallation("initech");
    expect((await getInstallation({ db: db(), installationId }))?.status).toBe("active");
    await stack.sim.control.uninstall("initech");
    expect((await getInstallation({ db: db(), installationId }))?.status).toBe("uninstalled");
    const audit = await listAudit({ db: db(), orgId: stack.sim.control.org("initech").id, filter: { targetType: "installation" } });
    expect(audit.map((a) => a.action).sort()).toEqual(["installation.created", "installation.deleted", "installation.suspend", "installation.unsuspend"]);
  });

  it("suspend (fixture via probot.receive) marks the installation suspended", async () => {
    const truth = stack.sim.control.org("acme");
    const payload = loadFixture<{ installation: { id: number; account: { id: number; login: string }; target_id: number } }>("installation.suspend");
    payload.installation.id = truth.installationId;
    payload.installation.account.id = truth.id;
    payload.installation.target_id = truth.id;
    await stack.probot.receive({ id: "fixture-suspend-1", name: "installation", payload: payload as never });
    expect((await getInstallation({ db: db(), installationId: truth.installationId }))?.status).toBe("suspended");
    const unsuspend = loadFixture<typeof payload>("installation.unsuspend");
    unsuspend.installation.id = truth.installationId;
    unsuspend.installation.account.id = truth.id;
    await stack.probot.receive({ id: "fixture-unsuspend-1", name: "installation", payload: unsuspend as never });
    expect((await getInstallation({ db: db(), installationId: truth.installationId }))?.status).toBe("active");
  });
});
