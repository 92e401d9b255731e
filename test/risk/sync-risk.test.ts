// Risk scores as the sync stores them (computed per page, owner-left folded in by the database)
// and as the daily recompute refreshes them, always equal to scoreGrant on the stored row.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeRiskScores } from "../../bot/risk/recompute.ts";
import { scoreGrant } from "../../bot/risk/score.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { grants, type Grant } from "../../db/schema.ts";
import { startHarness, type Harness } from "../sync/harness.ts";

const DAY = 86_400_000;

describe("stored risk scores", () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  const sync = async () => {
    const r = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
    expect(r.status, r.error).toBe("succeeded");
  };
  const active = async (): Promise<Grant[]> => hs.h.db.select().from(grants).where(and(eq(grants.orgId, org.id), isNull(grants.removedAt)));
  /** Reason codes and points (idle texts name days, which move with the clock). */
  const shape = (r: { code: string; points: number }[]) => r.map((x) => `${x.code}:${x.points}`);

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "riskorg", grants: 50, requests: 2 }] } });
    org = await hs.orgRef(hs.sim.control.orgs()[0]!);
    await sync();
  });
  afterAll(async () => hs?.close());

  it("stores scoreGrant's score and reasons for every grant after a full sync, owner-left included", async () => {
    const now = new Date();
    const rows = await active();
    expect(rows.length).toBe(50);
    for (const g of rows) {
      const expected = scoreGrant(g, now);
      expect(shape(g.riskReasons), `grant ${g.id}`).toEqual(shape(expected.reasons));
      expect(g.riskScore, `grant ${g.id}`).toBe(expected.score);
    }
    expect(rows.some((g) => g.riskScore > 50)).toBe(true);
    const left = rows.filter((g) => g.ownerIsMember === false);
    expect(left.length).toBeGreaterThan(0);
    for (const g of left) expect(g.riskReasons.map((r) => r.code)).toContain("owner_left");
  });

  it("rescored on change: an ex-member's grant gains admin write and keeps owner_left, in points order", async () => {
    const target = (await active()).find((g) => g.ownerIsMember === false)!;
    hs.sim.control.updateGrant(org.login, target.id, { permissions: { repository: { metadata: "read", administration: "write" } } });
    await sync();
    const row = (await active()).find((g) => g.id === target.id)!;
    expect(row.riskReasons.slice(0, 2).map((r) => r.code)).toEqual(["permission_sensitive_write", "owner_left"]);
    expect(shape(row.riskReasons)).toEqual(shape(scoreGrant(row, new Date()).reasons));
    expect(row.riskScore).toBe(Math.min(100, row.riskReasons.reduce((n, r) => n + r.points, 0)));
  });

  it("an owner leaving adds owner_left to their grants at the next sync", async () => {
    const member = (await active()).find((g) => g.ownerIsMember === true)!;
    const before = member.riskScore;
    await hs.sim.control.removeMember(org.login, member.ownerLogin);
    await sync();
    const row = (await active()).find((g) => g.id === member.id)!;
    expect(row.ownerIsMember).toBe(false);
    expect(row.riskReasons.map((r) => r.code)).toContain("owner_left");
    expect(row.riskScore).toBe(Math.min(100, before + 25));
  });

  it("recomputeRiskScores brings idle days up to a later clock, then changes nothing", async () => {
    const later = new Date(Date.now() + 200 * DAY);
    const first = await recomputeRiskScores({ db: hs.h.db, orgId: org.id, now: later });
    expect(first.scanned).toBe((await active()).length);
    expect(first.changed).toBeGreaterThan(0);
    for (const g of await active()) {
      const expected = scoreGrant(g, later);
      expect(g.riskReasons).toEqual(expected.reasons);
      expect(g.riskScore).toBe(expected.score);
    }
    expect(await recomputeRiskScores({ db: hs.h.db, orgId: org.id, now: later })).toEqual({ scanned: first.scanned, changed: 0 });
  });
});
