// Grant timelines written by the sync: first sighting, one event per real change with its
// before/after, removal with its reason, and nothing for a re-sync that changes nothing.
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncOrg } from "../../bot/sync/index.ts";
import { listGrantEvents } from "../../db/queries/grant-events.ts";
import { grantEvents, type GrantEvent } from "../../db/schema.ts";
import { startHarness, type Harness } from "./harness.ts";

describe("grant timelines from the sync", () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  let lastId = 0;
  const sync = async () => {
    const r = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
    expect(r.status, r.error).toBe("succeeded");
  };
  /** Events recorded since the previous call. */
  const newEvents = async (): Promise<GrantEvent[]> => {
    const rows = await hs.h.db.select().from(grantEvents).where(and(eq(grantEvents.orgId, org.id), gt(grantEvents.id, lastId))).orderBy(grantEvents.id);
    lastId = rows.at(-1)?.id ?? lastId;
    return rows;
  };

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "timeline", grants: 40, requests: 2 }] } });
    org = await hs.orgRef(hs.sim.control.orgs()[0]!);
  });
  afterAll(async () => hs?.close());

  it("records first_seen once per grant on the first sync, with what the grant was", async () => {
    await sync();
    const events = await newEvents();
    const truth = hs.sim.control.org(org.login);
    expect(events.every((e) => e.kind === "first_seen")).toBe(true);
    expect(events.map((e) => e.grantId).sort((a, b) => a - b)).toEqual(truth.grants.map((g) => g.id).sort((a, b) => a - b));
    const g = truth.grants[0]!;
    expect(events.find((e) => e.grantId === g.id)!.details).toMatchObject({ tokenName: g.token_name, owner: g.owner.login, repositorySelection: g.repository_selection, permissions: g.permissions });
  });

  it("records nothing when nothing changed", async () => {
    await sync();
    expect(await newEvents()).toEqual([]);
  });

  it("records exactly one permissions_changed with before and after", async () => {
    const g = hs.sim.control.org(org.login).grants[5]!;
    const after = { repository: { metadata: "read" as const, administration: "write" as const } };
    hs.sim.control.updateGrant(org.login, g.id, { permissions: after });
    await sync();
    const events = await newEvents();
    expect(events.map((e) => [e.grantId, e.kind])).toEqual([[g.id, "permissions_changed"]]);
    expect(events[0]!.details).toEqual({ before: g.permissions, after });
  });

  it("records expiry_changed with the dates before and after", async () => {
    const g = hs.sim.control.org(org.login).grants[6]!;
    const next = new Date(Date.now() + 10 * 86_400_000);
    next.setUTCMilliseconds(0);
    hs.sim.control.updateGrant(org.login, g.id, { token_expires_at: next.toISOString() });
    await sync();
    const events = await newEvents();
    expect(events.map((e) => [e.grantId, e.kind])).toEqual([[g.id, "expiry_changed"]]);
    expect(events[0]!.details).toEqual({ before: g.token_expires_at === null ? null : new Date(g.token_expires_at).toISOString(), after: next.toISOString() });
  });

  it("records repositories_changed for a subset grant's added and removed repositories, and for a selection change", async () => {
    const truth = hs.sim.control.org(org.login);
    const subset = truth.grants.find((g) => g.repository_selection === "subset" && g.repositories.length >= 2)!;
    const kept = subset.repositories[0]!.name;
    const dropped = subset.repositories.slice(1).map((r) => r.name).sort();
    const extra = truth.repos.find((r) => !subset.repositories.some((x) => x.name === r.name))!.name;
    hs.sim.control.updateGrant(org.login, subset.id, { repositories: [kept, extra] });
    const all = truth.grants.find((g) => g.repository_selection === "all")!;
    hs.sim.control.updateGrant(org.login, all.id, { repository_selection: "none" });
    await sync();
    const events = await newEvents();
    expect(events.map((e) => [e.grantId, e.kind]).sort()).toEqual([[all.id, "repositories_changed"], [subset.id, "repositories_changed"]].sort());
    expect(events.find((e) => e.grantId === subset.id)!.details).toEqual({
      added: [extra], removed: dropped, before: { count: subset.repositories.length }, after: { count: 2 },
    });
    expect(events.find((e) => e.grantId === all.id)!.details).toEqual({ before: { selection: "all" }, after: { selection: "none" } });
  });

  it("records removed with the reason, and the timeline reads in order", async () => {
    const g = hs.sim.control.org(org.login).grants[5]!;
    hs.sim.control.revokeGrant(org.login, g.id);
    await sync();
    const events = await newEvents();
    expect(events.map((e) => [e.grantId, e.kind])).toEqual([[g.id, "removed"]]);
    expect(events[0]!.details).toMatchObject({ reason: "revoked_elsewhere" });
    const timeline = await listGrantEvents({ db: hs.h.db, orgId: org.id, grantId: g.id });
    expect(timeline.map((e) => e.kind)).toEqual(["first_seen", "permissions_changed", "removed"]);
  });
});
