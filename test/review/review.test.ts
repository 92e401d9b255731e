// Reviewing PAT requests: calls of ≤ 100, checks before any call, results in pat_requests and the
// audit log at once, approved requests' grants fetched with one token_id[] call.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { getRequest } from "../../db/queries/requests.ts";
import { getGrant } from "../../db/queries/grants.ts";
import { auditLog, patRequests } from "../../db/schema.ts";
import { InvalidInput } from "../../model/errors.ts";
import { reviewRequest, reviewRequests } from "../../bot/review/index.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 40, requests: 130, subsetShare: 0 }, { login: "globex", grants: 5, requests: 3 }] });
  await hs.sync("acme");
  await hs.sync("globex");
  acme = await hs.org("acme");
});
afterAll(() => hs?.close());

const pendingIds = async (orgId: number) =>
  (await hs.h.db.select({ id: patRequests.id, status: patRequests.status }).from(patRequests).where(eq(patRequests.orgId, orgId)))
    .filter((r) => r.status === "pending").map((r) => r.id).sort((a, b) => a - b);
const simPending = (login: string) => new Set(hs.sim.control.org(login).requests.map((r) => r.id));
const base = () => ({ db: hs.h.db, orgId: acme.id, actor: "alice", actorType: "user" as const, pacingMs: 0 });

describe("bulk review", () => {
  it("approves 101 requests in two calls; statuses, audit and the new grants are recorded at once", async () => {
    const ids = (await pendingIds(acme.id)).slice(0, 101);
    const tokenOf = new Map(hs.sim.control.org("acme").requests.map((r) => [r.id, r.token_id]));
    const { octokit, calls } = await hs.recording("acme");
    hs.sim.control.clearRequestLog();
    const { results, grantSync } = await reviewRequests({ ...base(), octokit, requestIds: ids, action: "approve", reason: "needed for the release" });
    expect(calls.map((c) => [c.route, c.ids.length, c.status])).toEqual([
      ["POST /orgs/{org}/personal-access-token-requests", 100, 202],
      ["POST /orgs/{org}/personal-access-token-requests", 1, 202],
    ]);
    expect(results.every((r) => r.outcome === "approved")).toBe(true);
    for (const id of ids) expect(simPending("acme").has(id)).toBe(false);
    const req = await getRequest({ db: hs.h.db, orgId: acme.id, requestId: ids[0]! });
    expect(req).toMatchObject({ status: "approved" });
    expect(req!.resolvedAt).toBeInstanceOf(Date);
    // The new grants: fetched by token_id, 50 a call (101 tokens → 3 calls), not a sweep.
    expect(grantSync?.status).toBe("succeeded");
    const lookups = hs.sim.control.requestLog().filter((e) => e.method === "GET" && e.path === "/orgs/acme/personal-access-tokens" && e.query.includes("token_id"));
    expect(lookups).toHaveLength(3);
    for (const r of results) {
      expect(r.grantId).toBeDefined();
      const grant = await getGrant({ db: hs.h.db, orgId: acme.id, grantId: r.grantId! });
      expect(grant?.tokenId).toBe(tokenOf.get(r.requestId));
    }
    const audit = (await listAudit({ db: hs.h.db, orgId: acme.id, filter: { action: "request.approve", limit: 500 } }));
    expect(audit.map((e) => Number(e.targetId)).sort((a, b) => a - b)).toEqual(ids);
    expect(audit[0]).toMatchObject({ actor: "alice", actorType: "user", reason: "needed for the release", result: "success" });
  });

  it("denies; a request already reviewed elsewhere is reported gone, the rest denied", async () => {
    const ids = (await pendingIds(acme.id)).slice(0, 5);
    hs.sim.control.denyRequest("acme", ids[2]!); // behind the app's back; GitHub refuses the whole call
    const { octokit, calls } = await hs.recording("acme");
    const { results, grantSync } = await reviewRequests({ ...base(), octokit, requestIds: ids, action: "deny", reason: "too broad" });
    expect(results.map((r) => r.outcome)).toEqual(["denied", "denied", "gone", "denied", "denied"]);
    expect(calls.map((c) => [c.ids.length, c.status])).toEqual([[5, 422], [4, 202]]);
    expect(grantSync).toBeNull();
    expect((await getRequest({ db: hs.h.db, orgId: acme.id, requestId: ids[2]! }))?.status).toBe("gone");
    expect((await getRequest({ db: hs.h.db, orgId: acme.id, requestId: ids[0]! }))?.status).toBe("denied");
    const audit = await listAudit({ db: hs.h.db, orgId: acme.id, filter: { action: "request.deny", targetId: ids[2]! } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: "skipped", details: { outcome: "gone" } });
  });

  it("single review uses the per-request endpoint", async () => {
    const [id] = await pendingIds(acme.id);
    const { octokit, calls } = await hs.recording("acme");
    const result = await reviewRequest({ ...base(), octokit, requestId: id!, action: "deny", reason: "no" });
    expect(result).toEqual({ requestId: id, outcome: "denied" });
    expect(calls).toEqual([{ route: "POST /orgs/{org}/personal-access-token-requests/{pat_request_id}", ids: [id], status: 204 }]);
  });
});

describe("checks before any call write nothing", () => {
  const rows = async () => {
    const [a] = await hs.h.db.select({ n: count() }).from(auditLog);
    return { audit: a!.n, pending: (await pendingIds(acme.id)).length };
  };
  const cases: Array<[string, () => Promise<Partial<Parameters<typeof reviewRequests>[0]>>, string, RegExp]> = [
    ["an over-long reason", async () => ({ requestIds: (await pendingIds(acme.id)).slice(0, 1), reason: "x".repeat(1025) }), "reason", /1025 characters long; at most 1024/],
    ["a missing reason", async () => ({ requestIds: (await pendingIds(acme.id)).slice(0, 1), reason: "" }), "reason", /required/],
    ["no ids", async () => ({ requestIds: [] }), "ids", /empty/],
    ["duplicate ids", async () => {
      const [a] = await pendingIds(acme.id);
      return { requestIds: [a!, a!] };
    }, "ids", /more than once/],
    ["unknown ids", async () => ({ requestIds: [42] }), "ids", /42 is not a request of this org/],
    ["another org's request", async () => ({ requestIds: (await pendingIds((await hs.org("globex")).id)).slice(0, 1) }), "ids", /not a request of this org/],
    ["a request no longer pending", async () => ({ requestIds: [(await hs.h.db.select().from(patRequests).where(eq(patRequests.status, "denied")))[0]!.id] }), "ids", /\(denied\) is no longer pending/],
    ["an unknown action", async () => ({ requestIds: (await pendingIds(acme.id)).slice(0, 1), action: "maybe" as never }), "action", /approve or deny/],
  ];
  for (const [name, input, field, message] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await rows();
      const { octokit, calls } = await hs.recording("acme");
      const error = await reviewRequests({ ...base(), octokit, requestIds: [], action: "approve", reason: "ok", ...(await input()) }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).field).toBe(field);
      expect((error as InvalidInput).message).toMatch(message);
      expect(calls).toEqual([]);
      expect(await rows()).toEqual(before);
    });
  }
});
