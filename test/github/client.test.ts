// The App client against the simulator: JWT and installation auth, bracket arrays reaching the
// server intact, rate-limit refusals becoming RateLimited, and sync working through any Octokit.
import { Octokit } from "@octokit/core";
import type { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallCounters, getPage, withQuery, type OctokitLike } from "../../bot/github/calls.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { GrantSchema } from "../../bot/github/schemas.ts";
import { RateLimited } from "../../model/errors.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { installationToken } from "../helpers/sim.ts";
import { expectInventoryMatches } from "../sync/inventory.ts";
import { quietLog, startHarness, type Harness } from "../sync/harness.ts";

// Probot's context.octokit must satisfy what the sync functions take (checked when compiling).
export type ProbotFits = InstanceType<typeof ProbotOctokit> extends OctokitLike ? true : never;
const probotFits: ProbotFits = true;

describe("GitHub App client", () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 130, requests: 3 }] } });
  });
  afterAll(async () => hs?.close());

  it("authenticates as the App (JWT) and as an installation", async () => {
    expect(probotFits).toBe(true);
    const app = await hs.app.appOctokit.request("GET /app");
    expect(app.data?.id).toBe(hs.sim.app.id);
    const org = await hs.orgRef("acme");
    const members = await hs.app.installationOctokit(org.installationId).request("GET /orgs/{org}/members", { org: "acme" });
    expect(members.status).toBe(200);
    expect(hs.app.installationOctokit(org.installationId)).toBe(hs.app.installationOctokit(org.installationId)); // one client (and token cache) per installation
  });

  it("sends bracket arrays GitHub's way and counts calls, 304s and points from the responses", async () => {
    const org = await hs.orgRef("acme");
    const truth = hs.sim.control.org("acme");
    const owners = [...new Set(truth.grants.map((g) => g.owner.login))].slice(0, 2);
    const counters = createCallCounters();
    const octokit = hs.app.installationOctokit(org.installationId);
    const url = withQuery("/orgs/acme/personal-access-tokens", { per_page: 100, owner: owners });
    hs.sim.control.clearRequestLog();
    const page = await getPage({ octokit, url, schema: GrantSchema, counters, family: "grants" });
    expect(page.status).toBe(200);
    if (page.status !== 200) return;
    expect(page.items.map((g) => g.id).sort()).toEqual(truth.grants.filter((g) => owners.includes(g.owner.login)).map((g) => g.id).sort());
    expect(hs.sim.control.requestLog()[0]!.query).toBe(`per_page=100&owner[]=${owners[0]}&owner[]=${owners[1]}`);
    const again = await getPage({ octokit, url, etag: page.etag, schema: GrantSchema, counters, family: "grants" });
    expect(again.status).toBe(304);
    const bucket = hs.sim.control.rateLimit(org.installationId);
    expect(counters).toMatchObject({ calls: 2, notModified: 1, rateLimitSpent: 1, rateLimitRemaining: bucket.remaining, byFamily: { grants: 2 } });
  });

  it("fails with RateLimited (naming the reset) when the reset is beyond the longest wait", async () => {
    const org = await hs.orgRef("acme");
    const resetAt = new Date(Date.now() + 3_600_000);
    hs.sim.control.setRateLimit(org.installationId, { remaining: 0, resetAt });
    try {
      const octokit = hs.app.installationOctokit(org.installationId);
      const err = await getPage({ octokit, url: "/orgs/acme/members", schema: GrantSchema.pick({ id: true }), counters: createCallCounters(), family: "members" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimited);
      expect((err as RateLimited).resetAt?.getTime()).toBe(Math.ceil(resetAt.getTime() / 1000) * 1000);
    } finally {
      hs.sim.control.setRateLimit(org.installationId, { remaining: 5000, resetAt: new Date(Date.now() + 3_600_000) });
    }
  });

  it("syncs through a plain @octokit/core client (no patwarden plugins), as with Probot's", async () => {
    const org = await hs.orgRef("acme");
    const token = await installationToken(hs.sim, "acme");
    const plain = new Octokit({ auth: token, baseUrl: hs.sim.apiUrl, log: quietLog });
    const r = await syncOrg({ db: hs.h.db, octokit: plain, org, kind: "full", trigger: "test" });
    expect(r.status, r.error).toBe("succeeded");
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  });

  it("builds clients for GHES base URLs with or without a trailing slash", () => {
    const app = createGitHubApp({ appId: 1, privateKey: hs.sim.app.privateKey, baseUrl: "https://ghe.example.com/api/v3/" });
    expect(app.appOctokit.request.endpoint.DEFAULTS.baseUrl).toBe("https://ghe.example.com/api/v3");
  });
});
