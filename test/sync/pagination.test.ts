// Page boundaries: 0, 1, 100 and 101 grants, each synced in full and compared with GitHub's
// ground truth; the list endpoint is called ⌈N/100⌉ times (at least once), never more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncOrg } from "../../bot/sync/index.ts";
import { callsByFamily, expectInventoryMatches } from "./inventory.ts";
import { startHarness, type Harness } from "./harness.ts";

const SIZES = [0, 1, 100, 101];

describe("full sweep at page boundaries", () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: SIZES.map((n) => ({ login: `p${n}`, grants: n, requests: 3 })) } });
  });
  afterAll(async () => hs?.close());

  for (const n of SIZES) {
    it(`${n} grants: ${Math.max(1, Math.ceil(n / 100))} list call(s), inventory equals GitHub's`, async () => {
      const org = await hs.orgRef(`p${n}`);
      hs.sim.control.clearRequestLog();
      const result = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
      expect(result.status, result.error).toBe("succeeded");
      const truth = hs.sim.control.org(org.login);
      await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth });
      const calls = callsByFamily(hs.sim.control.requestLog(), org.login);
      expect(calls.grantLists).toHaveLength(Math.max(1, Math.ceil(n / 100)));
      // One repository listing per subset grant (none here has more than 100 repositories).
      const subset = truth.grants.filter((g) => g.repository_selection === "subset");
      expect(calls.grantRepositories).toHaveLength(subset.length);
      expect(result.grants).toEqual({ seen: n, added: n, updated: 0, removed: 0 });
      expect(result.apiCalls).toBe(hs.sim.control.requestLog().filter((e) => e.path.startsWith(`/orgs/${org.login}/`)).length);
      expect(result.rateLimitSpent).toBe(calls.cost);
    });
  }

  it("a re-sync of unchanged orgs spends at most one point each (the probe after a full last page)", async () => {
    for (const n of SIZES) {
      const org = await hs.orgRef(`p${n}`);
      const result = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
      expect(result.status).toBe("succeeded");
      expect(result.grants).toEqual({ seen: n, added: 0, updated: 0, removed: 0 });
      // 100 grants fill page 1 exactly and a 304 has no Link header: page 2 is looked at once.
      expect(result.rateLimitSpent).toBe(n === 100 ? 1 : 0);
      expect(result.notModified).toBe(result.apiCalls - result.rateLimitSpent);
    }
  });
});
