// Link headers at 0/1/100/101 items in GitHub's exact format, path style kept, ETag → 304 that
// costs no rate limit, and the rate-limit headers and refill.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let clock = new Date("2026-03-01T00:00:00Z");
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sim = await withSimulator({
    now: () => clock,
    orgs: [{ login: "zero", grants: 0 }, { login: "one", grants: 1 }, { login: "hundred", grants: 100 }, { login: "hundredone", grants: 101 }],
  });
  for (const org of ["zero", "one", "hundred", "hundredone"]) tokens[org] = await installationToken(sim, org, { at: clock });
});
afterAll(() => sim?.close());

describe("Link header", () => {
  it("is absent when everything fits on one page (0, 1, 100 items at per_page=100)", async () => {
    for (const [org, n] of [["zero", 0], ["one", 1], ["hundred", 100]] as const) {
      const res = await simFetch(sim, `/orgs/${org}/personal-access-tokens?per_page=100`, { token: tokens[org] });
      expect((res.body as unknown[]).length).toBe(n);
      expect(res.headers.get("link")).toBeNull();
    }
  });

  it("has next and last on page 1 of 101 items, prev and first on page 2 — exact format, params kept", async () => {
    const base = `${sim.apiUrl}/orgs/hundredone/personal-access-tokens`;
    const first = await simFetch(sim, "/orgs/hundredone/personal-access-tokens?per_page=100&owner[]=x&owner[]=y", { token: tokens.hundredone });
    expect(first.headers.get("link")).toBeNull(); // the owner filter matches nothing
    const p1 = await simFetch(sim, "/orgs/hundredone/personal-access-tokens?per_page=100&direction=asc", { token: tokens.hundredone });
    expect((p1.body as unknown[]).length).toBe(100);
    expect(p1.headers.get("link")).toBe(`<${base}?per_page=100&direction=asc&page=2>; rel="next", <${base}?per_page=100&direction=asc&page=2>; rel="last"`);
    const p2 = await simFetch(sim, "/orgs/hundredone/personal-access-tokens?per_page=100&direction=asc&page=2", { token: tokens.hundredone });
    expect((p2.body as unknown[]).length).toBe(1);
    expect(p2.headers.get("link")).toBe(`<${base}?per_page=100&direction=asc&page=1>; rel="prev", <${base}?per_page=100&direction=asc&page=1>; rel="first"`);
  });

  it("has all four relations on a middle page, in GitHub's order, and keeps bracket arrays verbatim", async () => {
    const owner = sim.control.org("hundredone").grants[0]!.owner.login;
    const res = await simFetch(sim, `/orgs/hundredone/personal-access-tokens?per_page=10&page=5&token_id[]=1&owner[]=${owner}`, { token: tokens.hundredone });
    expect(res.status).toBe(200);
    const all = await simFetch(sim, "/orgs/hundredone/personal-access-tokens?per_page=10&page=5", { token: tokens.hundredone });
    const rels = [...(all.headers.get("link") ?? "").matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [m[2], new URL(m[1]!).searchParams.get("page")]);
    expect(rels).toEqual([["prev", "4"], ["next", "6"], ["last", "11"], ["first", "1"]]);
  });

  it("follows the client's path style: root paths get root links", async () => {
    const res = await simFetch(sim, `${sim.url}/orgs/hundredone/personal-access-tokens?per_page=50`, { token: tokens.hundredone });
    expect(res.headers.get("link")).toContain(`<${sim.url}/orgs/hundredone/personal-access-tokens?per_page=50&page=2>; rel="next"`);
  });

  it("pages never overlap and cover every grant exactly once", async () => {
    const seen: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const res = await simFetch(sim, `/orgs/hundredone/personal-access-tokens?per_page=30&page=${page}`, { token: tokens.hundredone });
      seen.push(...(res.body as Array<{ id: number }>).map((g) => g.id));
    }
    expect(new Set(seen).size).toBe(101);
    const beyond = await simFetch(sim, "/orgs/hundredone/personal-access-tokens?per_page=30&page=9", { token: tokens.hundredone });
    expect(beyond.body).toEqual([]);
  });
});

describe("ETag and rate limit", () => {
  it("304 with an empty body for a matching If-None-Match, without spending a point", async () => {
    const id = sim.control.org("one").installationId;
    const res = await simFetch(sim, "/orgs/one/personal-access-tokens", { token: tokens.one });
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const before = sim.control.rateLimit(id).remaining;
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBe(before);
    const cached = await simFetch(sim, "/orgs/one/personal-access-tokens", { token: tokens.one, headers: { "if-none-match": `W/${etag}` } });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe("");
    expect(sim.control.rateLimit(id).remaining).toBe(before);
    const log = sim.control.requestLog().at(-1)!;
    expect(log).toMatchObject({ status: 304, notModified: true, cost: 0, installationId: id });
    // A change behind the App's back changes the body, so the old ETag no longer matches.
    sim.control.updateGrant("one", sim.control.org("one").grants[0]!.id, { token_name: "renamed" });
    const changed = await simFetch(sim, "/orgs/one/personal-access-tokens", { token: tokens.one, headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(sim.control.rateLimit(id).remaining).toBe(before - 1);
  });

  it("spends one point per call with x-ratelimit-* headers; 403 at zero; refills after reset", async () => {
    const id = sim.control.org("zero").installationId;
    const r1 = await simFetch(sim, "/orgs/zero/personal-access-tokens", { token: tokens.zero });
    const used = Number(r1.headers.get("x-ratelimit-used"));
    expect(r1.headers.get("x-ratelimit-limit")).toBe("5000");
    expect(Number(r1.headers.get("x-ratelimit-remaining"))).toBe(5000 - used);
    expect(r1.headers.get("x-ratelimit-resource")).toBe("core");
    const post = await simFetch(sim, "/orgs/zero/personal-access-token-requests", { token: tokens.zero, method: "POST", body: { pat_request_ids: [1], action: "deny" } });
    expect(post.status).toBe(422);
    expect(Number(post.headers.get("x-ratelimit-used"))).toBe(used + 1);

    const resetAt = new Date(clock.getTime() + 2000);
    sim.control.setRateLimit(id, { remaining: 0, resetAt });
    const limited = await simFetch(sim, "/orgs/zero/personal-access-tokens", { token: tokens.zero });
    expect(limited.status).toBe(403);
    expect((limited.body as { message: string }).message).toBe(`API rate limit exceeded for installation ID ${id}.`);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("x-ratelimit-reset")).toBe(String(Math.ceil(resetAt.getTime() / 1000)));
    const free = await simFetch(sim, "/rate_limit", { token: tokens.zero });
    expect((free.body as { resources: { core: { remaining: number } } }).resources.core.remaining).toBe(0);
    expect(free.status).toBe(200);
    expect(free.headers.get("x-ratelimit-remaining")).toBe("0");

    clock = new Date(clock.getTime() + 3000);
    const after = await simFetch(sim, "/orgs/zero/personal-access-tokens", { token: tokens.zero });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(sim.control.rateLimit(id)).toMatchObject({ limit: 5000, remaining: 4999, used: 1 });
  });

  it("setRateLimit can lower the limit", () => {
    const id = sim.control.org("hundred").installationId;
    expect(sim.control.setRateLimit(id, { limit: 10, remaining: 3 })).toMatchObject({ limit: 10, remaining: 3, used: 7 });
  });
});
