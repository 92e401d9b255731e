// Query parameters of the PAT list endpoints: each filter against a predicate written
// independently over the ground truth, both permission behaviours, and the 422 cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundGrant, GroundTruth, Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let token: string;
let acme: GroundTruth;
const RANK: Record<string, number> = { read: 1, write: 2, admin: 3 };

beforeAll(async () => {
  sim = await withSimulator({ orgs: [{ login: "acme", grants: 400, requests: 30 }] });
  token = await installationToken(sim, "acme");
  acme = sim.control.org("acme");
});
afterAll(() => sim?.close());

/** All ids a list query returns, following rel="next" like Octokit's paginate does. */
async function listIds(path: string): Promise<number[]> {
  const ids: number[] = [];
  let url: string | null = `${sim.apiUrl}${path}${path.includes("?") ? "&" : "?"}per_page=100`;
  while (url) {
    const res = await simFetch(sim, url, { token });
    expect(res.status, res.text).toBe(200);
    ids.push(...(res.body as Array<{ id: number }>).map((g) => g.id));
    url = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1] ?? null;
  }
  return ids;
}

const idsOf = (grants: GroundGrant[]) => grants.map((g) => g.id).sort((a, b) => a - b);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe("grant filters", () => {
  it("owner[]: repeated bracket keys, comma-joined, case-insensitive", async () => {
    const owners = [...new Set(acme.grants.map((g) => g.owner.login))].slice(0, 3);
    const expected = idsOf(acme.grants.filter((g) => owners.includes(g.owner.login)));
    expect(expected.length).toBeGreaterThan(2);
    expect(sorted(await listIds(`/orgs/acme/personal-access-tokens?${owners.map((o) => `owner[]=${o.toUpperCase()}`).join("&")}`))).toEqual(expected);
    expect(sorted(await listIds(`/orgs/acme/personal-access-tokens?owner=${owners.join(",")}`))).toEqual(expected);
  });

  it("repository: subset grants that include it plus all-repository grants", async () => {
    const repo = acme.repos[3]!;
    const expected = idsOf(acme.grants.filter((g) => g.repository_selection === "all" || g.repositories.some((r) => r.id === repo.id)));
    expect(sorted(await listIds(`/orgs/acme/personal-access-tokens?repository=${repo.name}`))).toEqual(expected);
    expect(await listIds("/orgs/acme/personal-access-tokens?repository=no-such-repo")).toEqual([]);
  });

  it("permission: at_least (default) and exact", async () => {
    const level = (g: GroundGrant, name: string) => {
      const p = g.permissions;
      return RANK[p.repository?.[name] ?? p.organization?.[name] ?? p.other?.[name] ?? ""] ?? 0;
    };
    const atLeast = idsOf(acme.grants.filter((g) => level(g, "contents") >= 1));
    const exactRead = idsOf(acme.grants.filter((g) => level(g, "contents") === 1));
    expect(atLeast.length).toBeGreaterThan(exactRead.length);
    expect(sorted(await listIds("/orgs/acme/personal-access-tokens?permission=contents_read"))).toEqual(atLeast);
    const orgPerm = idsOf(acme.grants.filter((g) => level(g, "organization_projects") >= 2));
    expect(sorted(await listIds("/orgs/acme/personal-access-tokens?permission=organization_projects_write"))).toEqual(orgPerm);
    sim.control.setBehaviour({ permissionFilter: "exact" });
    try {
      expect(sorted(await listIds("/orgs/acme/personal-access-tokens?permission=contents_read"))).toEqual(exactRead);
    } finally {
      sim.control.setBehaviour({ permissionFilter: "at_least" });
    }
  });

  it("last_used_before / last_used_after exclude never-used tokens", async () => {
    const cut = "2026-01-01T00:00:00Z";
    const used = acme.grants.filter((g) => g.token_last_used_at !== null);
    const before = idsOf(used.filter((g) => Date.parse(g.token_last_used_at!) < Date.parse(cut)));
    const after = idsOf(used.filter((g) => Date.parse(g.token_last_used_at!) > Date.parse(cut)));
    expect(sorted(await listIds(`/orgs/acme/personal-access-tokens?last_used_before=${cut}`))).toEqual(before);
    expect(sorted(await listIds(`/orgs/acme/personal-access-tokens?last_used_after=${cut}`))).toEqual(after);
    expect(before.length + after.length).toBeLessThan(acme.grants.length);
    // An offset whose "+" arrived unencoded (as a space) is still read as an offset.
    expect(sorted(await listIds("/orgs/acme/personal-access-tokens?last_used_before=2026-01-01T02:00:00+02:00"))).toEqual(before);
  });

  it("token_id[] selects exactly those tokens", async () => {
    const picks = acme.grants.slice(5, 9);
    const query = picks.map((g) => `token_id[]=${g.token_id}`).join("&");
    expect(sorted(await listIds(`/orgs/acme/personal-access-tokens?${query}`))).toEqual(idsOf(picks));
  });

  it("sort=created_at orders by access_granted_at (desc by default), id breaking ties", async () => {
    const desc = await listIds("/orgs/acme/personal-access-tokens?sort=created_at");
    const asc = await listIds("/orgs/acme/personal-access-tokens?direction=asc");
    const byTime = [...acme.grants].sort((a, b) => Date.parse(a.access_granted_at) - Date.parse(b.access_granted_at) || a.id - b.id).map((g) => g.id);
    expect(asc).toEqual(byTime);
    expect(desc).toEqual([...byTime].reverse());
  });

  it("combines filters (AND)", async () => {
    const repo = acme.repos[0]!;
    const cut = Date.parse("2026-01-01T00:00:00Z");
    const expected = idsOf(acme.grants.filter((g) =>
      (g.repository_selection === "all" || g.repositories.some((r) => r.id === repo.id)) &&
      (g.permissions.repository?.contents === "write") &&
      g.token_last_used_at !== null && Date.parse(g.token_last_used_at) > cut));
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(await listIds(`/orgs/acme/personal-access-tokens?repository=${repo.name}&permission=contents_write&last_used_after=2026-01-01T00:00:00Z`))).toEqual(expected);
  });
});

describe("request filters", () => {
  it("owner, token_id and direction work on requests, ordered by created_at", async () => {
    const r = acme.requests[0]!;
    expect(await listIds(`/orgs/acme/personal-access-token-requests?token_id[]=${r.token_id}`)).toEqual([r.id]);
    expect(sorted(await listIds(`/orgs/acme/personal-access-token-requests?owner[]=${r.owner.login}`))).toEqual(idsOf(acme.requests.filter((x) => x.owner.login === r.owner.login) as never));
    const asc = await listIds("/orgs/acme/personal-access-token-requests?direction=asc");
    expect(asc).toEqual([...acme.requests].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id).map((x) => x.id));
  });
});

describe("422 validation", () => {
  const cases: Array<[string, string]> = [
    ["11 owners", Array.from({ length: 11 }, (_, i) => `owner[]=u${i}`).join("&")],
    ["51 token ids", Array.from({ length: 51 }, (_, i) => `token_id[]=${i + 1}`).join("&")],
    ["non-integer token id", "token_id[]=abc"],
    ["permission without level", "permission=contents"],
    ["unknown permission", "permission=teleport_write"],
    ["bad level", "permission=contents_owner"],
    ["bad date", "last_used_before=yesterday"],
    ["bad date-time", "last_used_after=2026-13-45T99:00:00Z"],
    ["sort", "sort=updated_at"],
    ["direction", "direction=up"],
  ];
  for (const [name, query] of cases) {
    it(`rejects ${name}`, async () => {
      for (const list of ["personal-access-tokens", "personal-access-token-requests"]) {
        const res = await simFetch(sim, `/orgs/acme/${list}?${query}`, { token });
        expect(res.status, `${list}?${query}`).toBe(422);
        expect((res.body as { message: string; errors: unknown[] }).errors.length).toBeGreaterThan(0);
      }
    });
  }

  it("accepts 10 owners and 50 token ids; caps per_page at 100 silently", async () => {
    const tenOwners = Array.from({ length: 10 }, (_, i) => `owner[]=u${i}`).join("&");
    expect((await simFetch(sim, `/orgs/acme/personal-access-tokens?${tenOwners}`, { token })).status).toBe(200);
    const fifty = Array.from({ length: 50 }, (_, i) => `token_id[]=${i + 1}`).join("&");
    expect((await simFetch(sim, `/orgs/acme/personal-access-tokens?${fifty}`, { token })).status).toBe(200);
    const big = await simFetch(sim, "/orgs/acme/personal-access-tokens?per_page=500", { token });
    expect((big.body as unknown[]).length).toBe(100);
    const dflt = await simFetch(sim, "/orgs/acme/personal-access-tokens", { token });
    expect((dflt.body as unknown[]).length).toBe(30);
  });
});
