// A review decision GitHub makes but answers after the client gave up (the simulator's
// answerDelayMs fault; the client times out at 400 ms): the requests are looked up before any
// second send, so each is decided once and recorded as decided, not as "gone".
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { getRequest } from "../../db/queries/requests.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import type { OctokitLike } from "../../bot/github/calls.ts";
import { reviewRequest, reviewRequests } from "../../bot/review/index.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;
let octokit: OctokitLike;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 10, requests: 6, subsetShare: 0 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
  const app = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, requestTimeoutMs: 400, retries: 2, retryBaseMs: 10 });
  octokit = app.installationOctokit(acme.installationId);
}, 120_000);
afterAll(() => hs?.close());

const base = () => ({ db: hs.h.db, octokit, orgId: acme.id, actor: "alice", actorType: "user" as const, pacingMs: 0, reason: "release work" });
/** The review POSTs the simulator received, once the slow answer has been sent (calls are logged as they are answered). */
const reviewPosts = async () => (await sleep(1_200), hs.sim.control.requestLog()).filter((e) => e.method === "POST" && e.path.startsWith("/orgs/acme/personal-access-token-requests"));
const decisions = async (id: number) => (await listAudit({ db: hs.h.db, orgId: acme.id, filter: { targetType: "pat_request", targetId: id } }))
  .filter((a) => a.action === "request.approve" || a.action === "request.deny");

describe("review decisions whose answer is lost", () => {
  it("bulk approval: sent once, every request approved and audited once as a success, its grant fetched", async () => {
    const ids = hs.sim.control.org("acme").requests.slice(0, 3).map((r) => r.id);
    hs.sim.control.clearRequestLog();
    hs.sim.control.injectFault({ path: "/orgs/acme/personal-access-token-requests", method: "POST", answerDelayMs: 1_000 });
    const { results } = await reviewRequests({ ...base(), requestIds: ids, action: "approve" });
    expect(results.map((r) => r.outcome)).toEqual(["approved", "approved", "approved"]);
    expect(results.every((r) => typeof r.grantId === "number")).toBe(true);
    expect(await reviewPosts()).toHaveLength(1);
    for (const id of ids) {
      expect(await getRequest({ db: hs.h.db, orgId: acme.id, requestId: id })).toMatchObject({ status: "approved" });
      expect((await decisions(id)).map((a) => [a.action, a.result])).toEqual([["request.approve", "success"]]);
    }
  }, 60_000);

  it("single denial: sent once, recorded as denied", async () => {
    const id = hs.sim.control.org("acme").requests[0]!.id;
    hs.sim.control.clearRequestLog();
    hs.sim.control.injectFault({ path: `/orgs/acme/personal-access-token-requests/${id}`, method: "POST", answerDelayMs: 1_000 });
    const result = await reviewRequest({ ...base(), requestId: id, action: "deny" });
    expect(result.outcome).toBe("denied");
    expect(await reviewPosts()).toHaveLength(1);
    expect(hs.sim.control.org("acme").requests.some((r) => r.id === id)).toBe(false);
    expect((await decisions(id)).map((a) => [a.action, a.result])).toEqual([["request.deny", "success"]]);
  }, 60_000);
});
