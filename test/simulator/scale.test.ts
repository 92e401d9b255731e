// 100,000 grants: generated at start, paged from either end, filtered, revoked — correct results
// at the size the sync engine must handle (timings are measured in benchmarks, not asserted).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await withSimulator({ orgs: [{ login: "huge", grants: 100_000, requests: 50 }] });
  token = await installationToken(sim, "huge");
}, 120_000);
afterAll(() => sim?.close());

describe("100,000 grants", () => {
  it("pages from both ends with a correct last link, filters, and revokes", async () => {
    const first = await simFetch(sim, "/orgs/huge/personal-access-tokens?per_page=100", { token });
    expect((first.body as unknown[]).length).toBe(100);
    expect(first.headers.get("link")).toContain('page=1000>; rel="last"');
    const last = await simFetch(sim, "/orgs/huge/personal-access-tokens?per_page=100&page=1000", { token });
    const asc = await simFetch(sim, "/orgs/huge/personal-access-tokens?per_page=100&direction=asc", { token });
    expect((last.body as Array<{ id: number }>).map((g) => g.id).reverse()).toEqual((asc.body as Array<{ id: number }>).map((g) => g.id));

    const filtered = await simFetch(sim, "/orgs/huge/personal-access-tokens?per_page=100&permission=administration_write", { token });
    const items = filtered.body as Array<{ permissions: { repository?: Record<string, string> } }>;
    expect(items.length).toBeGreaterThan(0);
    for (const g of items) expect(g.permissions.repository?.administration).toBe("write");

    const ids = (first.body as Array<{ id: number }>).map((g) => g.id);
    const revoke = await simFetch(sim, "/orgs/huge/personal-access-tokens", { token, method: "POST", body: { action: "revoke", pat_ids: ids } });
    expect(revoke.status).toBe(202);
    const next = await simFetch(sim, "/orgs/huge/personal-access-tokens?per_page=100", { token });
    const nextIds = new Set((next.body as Array<{ id: number }>).map((g) => g.id));
    for (const id of ids) expect(nextIds.has(id)).toBe(false);
    expect(next.headers.get("link")).toContain('page=999>; rel="last"');
  });
});
