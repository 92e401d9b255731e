// The cheap refresh: grants used since the last sync (last_used_after), plus requests. It
// refreshes last-used times, picks up new grants, and never removes anything.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grants } from "../../db/schema.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { activeGrants } from "./inventory.ts";
import { startHarness, type Harness } from "./harness.ts";

describe("incremental sync", () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  const sync = (kind: "full" | "incremental") =>
    syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind, trigger: "test" });

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 300, requests: 3 }] } });
    org = await hs.orgRef("acme");
  });
  afterAll(async () => hs?.close());

  it("runs a full sweep when the org was never synced", async () => {
    const r = await sync("incremental");
    expect(r).toMatchObject({ status: "succeeded", kind: "full" });
    expect(r.grants.added).toBe(300);
  });

  it("refreshes recently used grants with one call per 100, adds new ones, removes nothing", async () => {
    const truth = hs.sim.control.org("acme");
    const used = truth.grants[7]!;
    const now = new Date();
    hs.sim.control.updateGrant("acme", used.id, { token_last_used_at: now.toISOString() });
    const revoked = truth.grants[20]!;
    hs.sim.control.revokeGrant("acme", revoked.id);
    const fresh = hs.sim.control.addGrant("acme", { token_last_used_at: now.toISOString(), repository_selection: "subset", repositories: [truth.repos[0]!.name] });
    hs.sim.control.clearRequestLog();
    const r = await sync("incremental");
    expect(r).toMatchObject({ status: "succeeded", kind: "incremental" });
    expect(r.grants.removed).toBe(0);
    expect(r.grants.added).toBe(1);
    const log = hs.sim.control.requestLog();
    const lists = log.filter((e) => e.path === "/orgs/acme/personal-access-tokens");
    expect(lists.every((e) => e.query.includes("last_used_after="))).toBe(true);
    const recentlyUsed = hs.sim.control.org("acme").grants.filter((g) => g.token_last_used_at && Date.parse(g.token_last_used_at) > Date.now() - 3 * 3_600_000);
    expect(lists).toHaveLength(Math.max(1, Math.ceil(recentlyUsed.length / 100)));
    // Only the new subset grant's repositories were listed; no member calls.
    expect(log.filter((e) => /personal-access-tokens\/\d+\/repositories$/.test(e.path)).map((e) => e.path)).toEqual([`/orgs/acme/personal-access-tokens/${fresh.id}/repositories`]);
    expect(log.some((e) => e.path === "/orgs/acme/members")).toBe(false);
    const [row] = await hs.h.db.select().from(grants).where(and(eq(grants.orgId, org.id), eq(grants.id, used.id)));
    expect(row!.tokenLastUsedAt?.getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000);
    const active = await activeGrants({ db: hs.h.db, orgId: org.id });
    expect(active.some((g) => g.id === revoked.id)).toBe(true); // still there: only a full sweep removes
    expect(active.find((g) => g.id === fresh.id)?.repositoryCount).toBe(1);
  });

  it("leaves removal to the next full sweep", async () => {
    const r = await sync("full");
    expect(r.grants.removed).toBe(1);
  });
});
