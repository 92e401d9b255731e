// 10,000 grants: the first sweep makes 100 list calls plus what subset repositories, requests
// and members need; a re-sync of the unchanged org spends at most a handful of points.
// Two syncs only: the CPU is shared.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncOrg } from "../../bot/sync/index.ts";
import type { SyncResult } from "../../bot/sync/index.ts";
import { callsByFamily, expectInventoryMatches } from "./inventory.ts";
import { startHarness, type Harness } from "./harness.ts";

const N = 10_000;
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

describe(`full sync of ${N} grants`, () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  let first: SyncResult;
  const sync = () => syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "bigco", grants: N }] }, client: { requestTimeoutMs: 15_000 } });
    org = await hs.orgRef("bigco");
    // GitHub grants installations 5,000/h + 50/h per org member above 20, capped at 12,500 (docs/github-api.md §7):
    // with ~3,300 members this org gets the cap. The first sweep needs more than the base 5,000.
    hs.sim.control.setRateLimit(org.installationId, { limit: 12_500, remaining: 12_500 });
  }, 120_000);
  afterAll(async () => hs?.close());

  it("first sync: ⌈N/100⌉ list calls plus only what repositories, requests and members need", async () => {
    hs.sim.control.clearRequestLog();
    first = await sync();
    expect(first.status, first.error).toBe("succeeded");
    const truth = hs.sim.control.org("bigco");
    const calls = callsByFamily(hs.sim.control.requestLog(), "bigco");
    const subset = truth.grants.filter((g) => g.repository_selection === "subset");
    const subsetRequests = truth.requests.filter((r) => r.repository_selection === "subset");
    expect(calls.grantLists).toHaveLength(100);
    expect(calls.grantRepositories).toHaveLength(subset.reduce((n, g) => n + pages(g.repositories.length), 0));
    expect(calls.requestLists).toHaveLength(pages(truth.requests.length));
    expect(calls.requestRepositories).toHaveLength(subsetRequests.reduce((n, r) => n + pages(r.repositories.length), 0));
    expect(calls.members).toHaveLength(pages(truth.members.length) + pages(truth.owners.length));
    expect(first.rateLimitSpent).toBe(calls.cost);
    expect(first.grants).toEqual({ seen: N, added: N, updated: 0, removed: 0 });
    await expectInventoryMatches({ db: hs.h.db, orgId: org.id, truth, sample: 500 });
    console.log(
      `[sync 10k] first sync: ${first.apiCalls} calls = ${calls.grantLists.length} grant lists + ${calls.grantRepositories.length} subset-repository lists ` +
        `(${subset.length} subset grants) + ${calls.requestLists.length} request lists + ${calls.requestRepositories.length} request-repository lists + ` +
        `${calls.members.length} member lists; ${first.rateLimitSpent} rate-limit points; ${first.durationMs} ms`,
    );
  }, 600_000);

  it("re-sync of the unchanged org spends at most 5 rate-limit points", async () => {
    hs.sim.control.clearRequestLog();
    const again = await sync();
    expect(again.status, again.error).toBe("succeeded");
    const calls = callsByFamily(hs.sim.control.requestLog(), "bigco");
    expect(again.rateLimitSpent).toBe(calls.cost);
    expect(again.rateLimitSpent).toBeLessThanOrEqual(5);
    expect(again.grants).toEqual({ seen: N, added: 0, updated: 0, removed: 0 });
    console.log(
      `[sync 10k] unchanged re-sync: ${again.apiCalls} calls, ${again.notModified} answered 304, ${again.rateLimitSpent} rate-limit points; ${again.durationMs} ms; ` +
        `paid for: ${hs.sim.control.requestLog().filter((e) => e.cost > 0).map((e) => `${e.path}?${e.query}`).join(", ") || "nothing"}`,
    );
  }, 600_000);
});
