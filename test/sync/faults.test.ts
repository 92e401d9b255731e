// Faults end either complete and correct, or failed with the reason recorded and nothing lost:
// a sweep that did not finish never removes a grant.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getSyncRun } from "../../db/queries/sync-runs.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { activeGrants, expectInventoryMatches } from "./inventory.ts";
import { quietLog, startHarness, type Harness } from "./harness.ts";

const PAGE_3 = /personal-access-tokens\?.*\bpage=3\b/;

describe("sync under faults", () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  const sync = () => syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 250, requests: 4 }] } });
    org = await hs.orgRef("acme");
    const first = await sync();
    expect(first.status, first.error).toBe("succeeded");
  });
  afterAll(async () => hs?.close());
  beforeEach(() => {
    hs.sim.control.clearFaults();
    hs.sim.control.clearRequestLog();
    // Each test starts with a full budget, so one test's exhausted limit cannot fail the next.
    hs.sim.control.setRateLimit(org.installationId, { remaining: 5000, resetAt: new Date(Date.now() + 3_600_000) });
  });

  it("retries a burst of 5xx and completes correctly", async () => {
    hs.sim.control.revokeGrant("acme", hs.sim.control.org("acme").grants[0]!.id);
    hs.sim.control.injectFault({ path: "personal-access-tokens", status: 502, count: 3 });
    hs.sim.control.injectFault({ path: "/members", status: 503, count: 2 });
    const result = await sync();
    expect(result.status, result.error).toBe("succeeded");
    expect(result.grants.removed).toBe(1);
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
    expect(hs.sim.control.requestLog().filter((e) => e.status >= 500)).toHaveLength(5);
  });

  it("retries a request that times out", async () => {
    hs.sim.control.injectFault({ path: PAGE_3, timeout: true, count: 1 });
    const result = await sync();
    expect(result.status, result.error).toBe("succeeded");
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
    const page3 = hs.sim.control.requestLog().filter((e) => PAGE_3.test(`${e.path}?${e.query}`));
    expect(page3.length).toBeGreaterThanOrEqual(1); // the held request may not be logged; the retry is
  });

  it("retries a dropped connection", async () => {
    hs.sim.control.injectFault({ path: PAGE_3, reset: true, count: 1 });
    const result = await sync();
    expect(result.status, result.error).toBe("succeeded");
  });

  it("waits out a secondary rate limit with retry-after: 1 and completes", async () => {
    hs.sim.control.addGrant("acme");
    hs.sim.control.injectFault({ path: PAGE_3, secondaryRateLimit: { retryAfter: 1, status: 403 }, count: 1 });
    const started = Date.now();
    const result = await sync();
    expect(result.status, result.error).toBe("succeeded");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // it waited, it did not give up
    expect(result.grants.added).toBe(1);
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("waits for a primary rate-limit reset a couple of seconds away and completes", async () => {
    const truth = hs.sim.control.org("acme");
    // Revoking the oldest grant shifts every page (oldest first), so the sweep needs several points.
    hs.sim.control.revokeGrant("acme", truth.grants[truth.grants.length - 1]!.id);
    // One point left: the sweep runs dry on its second call and the window reopens 2 s later.
    hs.sim.control.setRateLimit(truth.installationId, { remaining: 1, resetAt: new Date(Date.now() + 2000) });
    const result = await sync();
    expect(result.status, result.error).toBe("succeeded");
    expect(result.grants.removed).toBe(1);
    expect(hs.sim.control.requestLog().some((e) => e.status === 403)).toBe(true);
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("fails fast when the reset is far away: run recorded as failed with why, nothing removed", async () => {
    const truth = hs.sim.control.org("acme");
    const before = await activeGrants({ db: hs.h.db, orgId: org.id });
    // Revoked behind our back: a completed sweep would remove these two; this one must not.
    hs.sim.control.revokeGrant("acme", truth.grants[10]!.id);
    hs.sim.control.revokeGrant("acme", truth.grants[200]!.id);
    const resetAt = new Date(Date.now() + 3_600_000);
    hs.sim.control.setRateLimit(truth.installationId, { remaining: 2, resetAt });
    const started = Date.now();
    const result = await sync();
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.status).toBe("failed");
    expect(result.errorKind).toBe("RateLimited");
    expect(result.error).toContain(new Date(Math.ceil(resetAt.getTime() / 1000) * 1000).toISOString());
    const run = await getSyncRun({ db: hs.h.db, runId: result.runId! });
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatch(/rate limit/);
    expect(run?.apiCalls).toBe(result.apiCalls);
    expect(run?.grantsRemoved).toBe(0);
    const after = await activeGrants({ db: hs.h.db, orgId: org.id });
    expect(after.map((g) => g.id).sort()).toEqual(before.map((g) => g.id).sort());
    // Once the limit resets, the next sweep completes and removes exactly the two.
    hs.sim.control.setRateLimit(truth.installationId, { remaining: 5000, resetAt: new Date(Date.now() + 3_600_000) });
    const again = await sync();
    expect(again.status, again.error).toBe("succeeded");
    expect(again.grants.removed).toBe(2);
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("an interrupted sweep (page 3 keeps failing) removes nothing and keeps the earlier inventory", async () => {
    const truth = hs.sim.control.org("acme");
    const before = await activeGrants({ db: hs.h.db, orgId: org.id });
    hs.sim.control.revokeGrant("acme", truth.grants[0]!.id);
    hs.sim.control.injectFault({ path: PAGE_3, status: 500, count: -1 });
    const result = await sync();
    expect(result.status).toBe("failed");
    expect(result.errorKind).toBe("GitHubUnavailable");
    expect(result.error).toMatch(/page=3/);
    expect(result.grants.removed).toBe(0);
    const after = await activeGrants({ db: hs.h.db, orgId: org.id });
    expect(after.map((g) => g.id).sort()).toEqual(before.map((g) => g.id).sort());
    hs.sim.control.clearFaults();
    const again = await sync();
    expect(again.status, again.error).toBe("succeeded");
    expect(again.grants.removed).toBe(1);
  });

  it("a member listing that keeps failing fails the run; the grant sweep beside it removes nothing and lands nothing after", async () => {
    const gone = hs.sim.control.org("acme").grants[5]!.id;
    hs.sim.control.revokeGrant("acme", gone);
    const activeIds = async () => (await activeGrants({ db: hs.h.db, orgId: org.id })).map((g) => g.id).sort((x, y) => x - y);
    const before = await activeIds();
    expect(before).toContain(gone);
    hs.sim.control.injectFault({ path: "/members", status: 422, count: -1 });
    const result = await sync();
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/members/);
    expect(result.grants.removed).toBe(0);
    expect(await activeIds()).toEqual(before);
    // Every call the parts made was counted before the run was recorded.
    // (An injected fault is logged without an installation: count the org's calls by path.)
    const logged = hs.sim.control.requestLog().filter((e) => e.path.startsWith("/orgs/acme/"));
    expect((await getSyncRun({ db: hs.h.db, runId: result.runId! }))?.apiCalls).toBe(logged.length);
    hs.sim.control.clearFaults();
    const again = await sync();
    expect(again.status, again.error).toBe("succeeded");
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("renews an installation token that expired before GitHub said it would", async () => {
    hs.sim.control.setTokenTtl(4);
    try {
      // A fresh client (empty token cache) mints a 4-second token, which auth-app caches for 59 minutes.
      const app = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, retryBaseMs: 20, log: quietLog });
      const octokit = app.installationOctokit(org.installationId);
      await octokit.request("GET /orgs/{org}/members", { org: "acme", per_page: 1 });
      await new Promise((r) => setTimeout(r, 4500));
      hs.sim.control.clearRequestLog();
      const result = await syncOrg({ db: hs.h.db, octokit, org, kind: "full", trigger: "test" });
      expect(result.status, result.error).toBe("succeeded");
      const log = hs.sim.control.requestLog();
      expect(log.some((e) => e.status === 401)).toBe(true);
      // At least one fresh token (more when the renewed 4-second token also runs out on a slow machine).
      expect(log.filter((e) => e.method === "POST" && e.path.endsWith("/access_tokens")).length).toBeGreaterThanOrEqual(1);
      await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
    } finally {
      hs.sim.control.setTokenTtl(3600);
    }
  });
});
