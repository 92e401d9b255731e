// Fault injection: status bursts consumed in order, path regex and method matching, secondary
// rate limits, held (timeout) and reset sockets, latency, and the same over /_sim/faults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let token: string;
const list = () => simFetch(sim, "/orgs/acme/personal-access-tokens?per_page=5", { token });

beforeAll(async () => {
  sim = await withSimulator();
  token = await installationToken(sim, "acme");
});
afterAll(() => sim?.close());

describe("status faults", () => {
  it("apply `count` times, in the order they were added, then the endpoint recovers", async () => {
    sim.control.injectFault({ path: "/personal-access-tokens", status: 502, count: 2 });
    sim.control.injectFault({ path: "/personal-access-tokens", status: 503 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await list()).status);
    expect(statuses).toEqual([502, 502, 503, 200]);
    const body = (await (sim.control.injectFault({ status: 500 }), list())).body as { message: string };
    expect(body.message).toBe("Server Error");
  });

  it("match a /regex/ on path and query, and a method", async () => {
    sim.control.injectFault({ path: "/page=2\\b/", status: 500 });
    expect((await simFetch(sim, "/orgs/acme/personal-access-tokens?page=3", { token })).status).toBe(200);
    expect((await simFetch(sim, "/orgs/acme/personal-access-tokens?page=2", { token })).status).toBe(500);
    sim.control.injectFault({ path: "/orgs/acme/personal-access-tokens", method: "POST", status: 503 });
    expect((await list()).status).toBe(200);
    const post = await simFetch(sim, "/orgs/acme/personal-access-tokens", { token, method: "POST", body: { action: "revoke", pat_ids: [1] } });
    expect(post.status).toBe(503);
  });

  it("count -1 keeps failing until clearFaults", async () => {
    sim.control.injectFault({ path: "/members", status: 500, count: -1 });
    for (let i = 0; i < 3; i++) expect((await simFetch(sim, "/orgs/acme/members", { token })).status).toBe(500);
    sim.control.clearFaults();
    expect((await simFetch(sim, "/orgs/acme/members", { token })).status).toBe(200);
  });

  it("faults spend no rate limit and are logged", async () => {
    const id = sim.control.org("acme").installationId;
    const before = sim.control.rateLimit(id).remaining;
    sim.control.injectFault({ status: 500 });
    await list();
    expect(sim.control.rateLimit(id).remaining).toBe(before);
    expect(sim.control.requestLog().at(-1)).toMatchObject({ status: 500, cost: 0, path: "/orgs/acme/personal-access-tokens", query: "per_page=5" });
  });
});

describe("secondary rate limit", () => {
  it("answers 403 (default) or 429 with retry-after and GitHub's message", async () => {
    sim.control.injectFault({ secondaryRateLimit: { retryAfter: 7 } });
    sim.control.injectFault({ secondaryRateLimit: { retryAfter: 1, status: 429 } });
    const a = await list();
    expect(a.status).toBe(403);
    expect(a.headers.get("retry-after")).toBe("7");
    expect((a.body as { message: string }).message).toMatch(/secondary rate limit/);
    const b = await list();
    expect(b.status).toBe(429);
    expect(b.headers.get("retry-after")).toBe("1");
  });
});

describe("connection faults", () => {
  it("timeout holds the request until the client gives up; the next call is answered", async () => {
    sim.control.injectFault({ path: "/personal-access-tokens", timeout: true });
    const held = fetch(`${sim.apiUrl}/orgs/acme/personal-access-tokens`, { headers: { "user-agent": "t", authorization: `token ${token}` }, signal: AbortSignal.timeout(300) });
    await expect(held).rejects.toThrow();
    expect((await list()).status).toBe(200);
  });

  it("reset destroys the socket", async () => {
    sim.control.injectFault({ path: "/personal-access-tokens", reset: true });
    await expect(list()).rejects.toThrow(/fetch failed/);
    expect((await list()).status).toBe(200);
  });

  it("delayMs delays and then answers normally; setLatency applies to every call", async () => {
    sim.control.injectFault({ path: "/personal-access-tokens", delayMs: 50 });
    expect((await list()).status).toBe(200);
    sim.control.setLatency(20);
    try {
      expect((await list()).status).toBe(200);
    } finally {
      sim.control.setLatency(0);
    }
    expect(sim.control.requestLog().slice(-2).map((e) => e.status)).toEqual([200, 200]);
  });

  it("answerDelayMs (slow then succeed): the write happens at once, its answer comes late", async () => {
    sim.control.addRepo("acme", "slow-notices");
    sim.control.injectFault({ path: "/repos/acme/slow-notices/issues", method: "POST", answerDelayMs: 400 });
    const started = Date.now();
    const answer = simFetch(sim, "/repos/acme/slow-notices/issues", { token, method: "POST", body: { title: "once" } });
    await new Promise((r) => setTimeout(r, 150));
    // Performed before the answer left: a client that gave up now would find the issue.
    expect(sim.control.issues("acme", "slow-notices").map((i) => i.title)).toEqual(["once"]);
    const res = await answer;
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(sim.control.issues("acme", "slow-notices")).toHaveLength(1);
  });
});

describe("over HTTP", () => {
  it("POST /_sim/faults accepts the same spec (regex as a string), DELETE clears", async () => {
    const post = await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ path: "/personal-access-token-requests/", status: 502, count: -1 }) });
    expect(post.status).toBe(204);
    expect((await simFetch(sim, "/orgs/acme/personal-access-token-requests", { token })).status).toBe(502);
    expect((await list()).status).toBe(200);
    expect((await fetch(`${sim.url}/_sim/faults`, { method: "DELETE" })).status).toBe(204);
    expect((await simFetch(sim, "/orgs/acme/personal-access-token-requests", { token })).status).toBe(200);
    const bad = await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ status: "500" }) });
    expect(bad.status).toBe(422);
  });
});
