// GitHub misbehaving during one sweep, beyond test/sync/faults.test.ts (which covers each fault
// alone, and primary-limit exhaustion): many kinds of fault in one run, a 429 secondary limit, a
// retry-after too long to wait, an installation token that expires several times during a sync, and
// a page whose write fails half-way. Every run ends succeeded and equal to the simulator's ground
// truth, or failed with why in sync_runs.error and no grant removed that GitHub still has.
// Checked to fail without the protection: without the db.transaction in
// bot/sync/upsert-grant-page.ts the half-page test finds all 100 of page 2's grants written (run).
// The others assert the outcome directly: success with 2-second tokens needs the client's renewal
// on 401; "nothing removed" and ground-truth equality fail if a sweep removed after a failed page.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { getSyncRun } from "../../db/queries/sync-runs.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { installationToken, simFetch } from "../helpers/sim.ts";
import { quietLog, startHarness, type Harness } from "../sync/harness.ts";
import { activeGrants, expectInventoryMatches } from "../sync/inventory.ts";

let hs: Harness;
let org: { id: number; login: string; installationId: number };
const sync = () => syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
const ids = async () => new Set((await activeGrants({ db: hs.h.db, orgId: org.id })).map((g) => g.id));

beforeAll(async () => {
  hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 350, requests: 4 }] } });
  org = await hs.orgRef("acme");
}, 180_000);
afterAll(async () => hs?.close());
beforeEach(() => {
  hs.sim.control.clearFaults();
  hs.sim.control.clearRequestLog();
  hs.sim.control.setLatency(0);
  hs.sim.control.setRateLimit(org.installationId, { remaining: 5000, resetAt: new Date(Date.now() + 3_600_000) });
});

it("a page whose write fails half-way leaves none of it written; the rerun completes", async () => {
  // Page 2's grants, as GitHub lists them to the sweep (oldest first, 100 a page).
  const token = await installationToken(hs.sim, "acme");
  const page2 = await simFetch(hs.sim, "/orgs/acme/personal-access-tokens?per_page=100&sort=created_at&direction=asc&page=2", { token });
  const page2Ids = (page2.body as { id: number }[]).map((g) => g.id);
  expect(page2Ids).toHaveLength(100);
  // The page's ETag record is its last write: failing it comes after the grant rows were written.
  await hs.h.db.execute(sql`create or replace function pw_fail_page() returns trigger language plpgsql as $$
    begin raise exception 'injected: storage failed writing page 2'; end $$`);
  await hs.h.db.execute(sql`create trigger pw_fail_page before insert or update on sync_pages for each row
    when (new.resource = 'grants' and new.url ~ '[?&]page=2(&|$)') execute function pw_fail_page()`);
  try {
    const failed = await sync();
    expect(failed.status).toBe("failed");
    expect((await getSyncRun({ db: hs.h.db, runId: failed.runId! }))?.error).toMatch(/injected|page/);
    const stored = await ids();
    expect(page2Ids.filter((id) => stored.has(id))).toEqual([]);
    expect(stored.size % 100).toBe(0); // whole pages only
  } finally {
    await hs.h.db.execute(sql`drop trigger pw_fail_page on sync_pages`);
  }
  const again = await sync();
  expect(again.status, again.error).toBe("succeeded");
  await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
});

it("survives 500/502 bursts, a reset, a timeout and a 429 with retry-after in one sweep, and ends equal to GitHub", async () => {
  const truth = hs.sim.control.org("acme");
  hs.sim.control.revokeGrant("acme", truth.grants[3]!.id);
  hs.sim.control.revokeGrant("acme", truth.grants[300]!.id);
  const added = hs.sim.control.addGrant("acme");
  hs.sim.control.injectFault({ path: /personal-access-tokens\?.*\bpage=2\b/, status: 500, count: 2 });
  hs.sim.control.injectFault({ path: /personal-access-tokens\?.*\bpage=3\b/, reset: true, count: 1 });
  hs.sim.control.injectFault({ path: /personal-access-tokens\?.*\bpage=4\b/, secondaryRateLimit: { retryAfter: 1, status: 429 }, count: 1 });
  hs.sim.control.injectFault({ path: "/members", status: 502, count: 3 });
  hs.sim.control.injectFault({ path: "personal-access-token-requests", timeout: true, count: 1 });
  const started = Date.now();
  const result = await sync();
  expect(result.status, result.error).toBe("succeeded");
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(result.grants.removed).toBe(2);
  expect((await ids()).has(added.id)).toBe(true);
  expect(hs.sim.control.requestLog().filter((e) => e.status === 429)).toHaveLength(1);
  await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
});

it("a secondary limit asking for a wait longer than allowed stops the sweep with why; nothing removed", async () => {
  const truth = hs.sim.control.org("acme");
  const before = await ids();
  const gone = truth.grants[20]!.id;
  hs.sim.control.revokeGrant("acme", gone);
  hs.sim.control.injectFault({ path: /personal-access-tokens\?.*\bpage=2\b/, secondaryRateLimit: { retryAfter: 3600, status: 403 }, count: -1 });
  const result = await sync();
  expect(result.status).toBe("failed");
  expect(result.grants.removed).toBe(0);
  expect((await getSyncRun({ db: hs.h.db, runId: result.runId! }))?.error).toMatch(/rate limit|retry/i);
  expect(await ids()).toEqual(before);
  hs.sim.control.clearFaults();
  const again = await sync();
  expect(again.status, again.error).toBe("succeeded");
  expect((await ids()).has(gone)).toBe(false);
});

it("renews installation tokens that expire several times during one long sync", async () => {
  hs.sim.control.setTokenTtl(2);
  try {
    hs.sim.control.setLatency(25);
    const truth = hs.sim.control.org("acme");
    hs.sim.control.updateGrant("acme", truth.grants[50]!.id, { token_name: "renamed during a long sync" });
    // A fresh client: the harness's caches a token minted before the TTL changed.
    const app = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, retryBaseMs: 20, log: quietLog });
    const started = Date.now();
    const result = await syncOrg({ db: hs.h.db, octokit: app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
    expect(result.status, result.error).toBe("succeeded");
    expect(Date.now() - started).toBeGreaterThan(2000); // longer than a token lives
    const minted = hs.sim.control.requestLog().filter((e) => e.method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(e.path));
    expect(minted.length).toBeGreaterThanOrEqual(2);
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth: hs.sim.control.org("acme") });
  } finally {
    hs.sim.control.setTokenTtl(3600);
  }
});
