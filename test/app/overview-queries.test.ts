import { summaryBounds } from "../../db/queries/org-summary.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countGrants, listGrants } from "../../db/queries/grants.ts";
import { parseGrantQuery } from "../../model/grant-filter.ts";
import {
  countActiveGrantsByOrg, deleteOrgData, findDashboardOrg, listActiveGrantHistory, listDashboardOrgs, listLatestSyncRuns,
  listTopOwners, listTopWritePermissions, summarizeGrants,
} from "../../db/queries/overview.ts";
import { grants, orgs } from "../../db/schema.ts";
import { shapeExpiry, shapeLastUse, shapeSelection } from "../../app/_lib/charts.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertGrant, insertOrg, insertSyncRun } from "./factories.ts";
import type { DbHandle } from "../../db/client.ts";
import { eq } from "drizzle-orm";

const now = new Date("2026-06-15T12:00:00Z");
let h: DbHandle;
let acme: { id: number; login: string };
let globex: { id: number; login: string };

beforeAll(async () => {
  h = await createTestDb();
  acme = await insertOrg({ db: h.db, login: "acme" });
  globex = await insertOrg({ db: h.db, login: "Globex", installation: { status: "suspended" } });
  const g = (spec: Parameters<typeof insertGrant>[0]["spec"]) => insertGrant({ db: h.db, orgId: acme.id, now, spec });
  await g({ lastUsedDaysAgo: 1, expiresInDays: 3, ownerLogin: "alice", permissions: { repository: { contents: "write", issues: "read" } } });
  await g({ lastUsedDaysAgo: 6.9, expiresInDays: 20, ownerLogin: "alice", permissions: { repository: { contents: "write", administration: "write" } } });
  await g({ lastUsedDaysAgo: 10, expiresInDays: 100, ownerLogin: "bob", repositories: ["api", "web"], permissions: { organization: { organization_projects: "admin" } } });
  await g({ lastUsedDaysAgo: 45, expiresInDays: -2, ownerLogin: "bob" });
  await g({ lastUsedDaysAgo: 200, expiresInDays: null, ownerLogin: "carol", tokenExpired: false, repositorySelection: "none" });
  await g({ lastUsedDaysAgo: null, expiresInDays: 5, tokenExpired: true, ownerLogin: "carol", ownerIsMember: false });
  await g({ lastUsedDaysAgo: null, expiresInDays: null, ownerLogin: "dave" });
  await g({ lastUsedDaysAgo: 2, ownerLogin: "alice", removedAt: now, removalReason: "revoked_elsewhere" }); // removed: never counted
  await insertGrant({ db: h.db, orgId: globex.id, now, spec: { lastUsedDaysAgo: 1, ownerLogin: "alice" } });
});
afterAll(async () => h?.close());

describe("overview aggregates", () => {
  it("buckets active grants by last use, expiry and selection, each bucket disjoint", async () => {
    const s = await summarizeGrants({ db: h.db, orgId: acme.id, bounds: summaryBounds(now) });
    expect(s.total).toBe(7);
    expect([s.used7, s.used30, s.used90, s.usedOlder, s.neverUsed]).toEqual([2, 1, 1, 1, 2]);
    expect([s.expired, s.expires7, s.expires30, s.expiresLater, s.noExpiry]).toEqual([2, 1, 1, 1, 2]);
    expect([s.selectionAll, s.selectionSubset, s.selectionNone]).toEqual([5, 1, 1]);
    expect(s.ownerLeft).toBe(1);
  });

  it("each chart link opens a grants table with the same count (where the filters can say so)", async () => {
    const bounds = summaryBounds(now);
    const summary = await summarizeGrants({ db: h.db, orgId: acme.id, bounds });
    const bars = [...shapeLastUse({ org: "acme", summary, bounds }), ...shapeExpiry({ org: "acme", summary }), ...shapeSelection({ org: "acme", summary })];
    for (const bar of bars.filter((b) => !b.linkNote)) {
      const params = Object.fromEntries([...new URL(bar.href, "http://x").searchParams.keys()].map((k) => [k, new URL(bar.href, "http://x").searchParams.getAll(k)]));
      const q = parseGrantQuery({ input: params });
      expect({ bar: bar.href, n: await countGrants({ db: h.db, orgId: acme.id, filter: q.filter, now }) }).toEqual({ bar: bar.href, n: bar.count });
    }
  });

  it("ranks write/admin permissions and owners", async () => {
    expect(await listTopWritePermissions({ db: h.db, orgId: acme.id })).toEqual([
      { name: "contents", writeOrHigher: 2, admin: 0 },
      { name: "administration", writeOrHigher: 1, admin: 0 },
      { name: "organization_projects", writeOrHigher: 1, admin: 1 },
    ]);
    expect(await listTopOwners({ db: h.db, orgId: acme.id, limit: 2 })).toEqual([{ login: "alice", grants: 2 }, { login: "bob", grants: 2 }]);
  });

  it("reads the trend from successful syncs only", async () => {
    await insertSyncRun({ db: h.db, orgId: acme.id, startedAt: new Date("2026-06-10T00:00:00Z"), activeGrants: 5 });
    await insertSyncRun({ db: h.db, orgId: acme.id, startedAt: new Date("2026-06-12T00:00:00Z"), activeGrants: 9, status: "failed", error: "boom" });
    await insertSyncRun({ db: h.db, orgId: acme.id, startedAt: new Date("2026-06-14T00:00:00Z"), activeGrants: 7 });
    const history = await listActiveGrantHistory({ db: h.db, orgId: acme.id, since: new Date("2026-06-01T00:00:00Z") });
    expect(history.map((p) => p.activeGrants)).toEqual([5, 7]);
    const latest = await listLatestSyncRuns({ db: h.db, orgIds: [acme.id, globex.id] });
    expect(latest.get(acme.id)?.startedAt.toISOString()).toBe("2026-06-14T00:00:00.000Z");
    expect(latest.has(globex.id)).toBe(false);
  });
});

describe("org list and connection switches", () => {
  it("lists orgs with their installation, finds them case-insensitively, counts active grants", async () => {
    const list = await listDashboardOrgs({ db: h.db });
    expect(list.map((o) => [o.login, o.installationStatus])).toEqual([["acme", "active"], ["Globex", "suspended"]]);
    expect((await findDashboardOrg({ db: h.db, login: "GLOBEX" }))?.id).toBe(globex.id);
    expect(await findDashboardOrg({ db: h.db, login: "nope" })).toBeNull();
    const counts = await countActiveGrantsByOrg({ db: h.db });
    expect([counts.get(acme.id), counts.get(globex.id)]).toEqual([7, 1]);
  });

  it("disconnect deletes one org's data and leaves the other org alone", async () => {
    expect(await deleteOrgData({ db: h.db, orgId: globex.id })).toEqual({ grants: 1 });
    expect(await h.db.select().from(orgs).where(eq(orgs.id, globex.id))).toEqual([]);
    expect(await h.db.select().from(grants).where(eq(grants.orgId, globex.id))).toEqual([]);
    expect((await listGrants({ db: h.db, orgId: acme.id, filter: {}, now })).total).toBe(7);
  });
});
