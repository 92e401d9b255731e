// /_sim/* mirrors the in-process control surface: every route changes the same state and answers
// JSON; bad input is a 4xx with a message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth, Simulator } from "../../simulator/index.ts";
import { startWebhookReceiver, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

async function ctl(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await withSimulator();
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

describe("/_sim/orgs", () => {
  it("GET returns the same ground truth as control.org; unknown org is 404", async () => {
    const res = await ctl("GET", "/orgs/acme");
    expect(res.status).toBe(200);
    expect(res.json).toEqual(JSON.parse(JSON.stringify(sim.control.org("acme"))));
    expect((await ctl("GET", "/orgs/nope")).status).toBe(404);
    expect((await ctl("GET", "/orgs")).json).toEqual(["acme", "globex"]);
  });

  it("grants: add, patch, revoke", async () => {
    const added = await ctl("POST", "/orgs/acme/grants", { owner: "acme-dev", repository_selection: "all", permissions: { repository: { metadata: "read", contents: "write" } }, token_last_used_at: null });
    expect(added.status).toBe(200);
    const grant = added.json as GroundTruth["grants"][number];
    expect(grant).toMatchObject({ owner: { login: "acme-dev" }, repository_selection: "all", token_last_used_at: null });
    const patched = await ctl("PATCH", `/orgs/acme/grants/${grant.id}`, { token_expires_at: "2020-01-01T00:00:00Z", repositories: [sim.control.org("acme").repos[1]!.name] });
    expect(patched.json).toMatchObject({ token_expired: true, repository_selection: "subset", repositories: [{ name: sim.control.org("acme").repos[1]!.name }] });
    expect((await ctl("PATCH", `/orgs/acme/grants/${grant.id}`, { permissions: { repository: { workflows: "read" } } })).status).toBe(422);
    expect((await ctl("PATCH", `/orgs/acme/grants/${grant.id}`, { colour: "blue" })).status).toBe(422);
    expect((await ctl("POST", `/orgs/acme/grants/${grant.id}/revoke`)).status).toBe(204);
    expect(sim.control.org("acme").grants.some((g) => g.id === grant.id)).toBe(false);
    expect((await ctl("POST", `/orgs/acme/grants/${grant.id}/revoke`)).status).toBe(404);
  });

  it("requests: create (webhook), approve, deny, cancel; members: remove", async () => {
    expect((await ctl("POST", "/webhook-url", { url: receiver.url })).status).toBe(204);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await ctl("POST", "/orgs/globex/requests", { reason: `r${i}` })).json as { id: number }).id);
    const grant = await ctl("POST", `/orgs/globex/requests/${ids[0]}/approve`);
    expect(grant.status).toBe(200);
    expect((await ctl("POST", `/orgs/globex/requests/${ids[1]}/deny`)).status).toBe(204);
    expect((await ctl("POST", `/orgs/globex/requests/${ids[2]}/cancel`)).status).toBe(204);
    expect((await ctl("POST", `/orgs/globex/requests/${ids[2]}/cancel`)).status).toBe(404);
    expect((await ctl("POST", "/orgs/globex/members/globex-dev/remove")).status).toBe(204);
    expect((await ctl("POST", "/orgs/globex/members/globex-dev/remove")).status).toBe(404);
    const actions = receiver.received.map((d) => (d.json as { action: string }).action);
    expect(actions).toEqual(["created", "created", "created", "approved", "denied", "cancelled", "member_removed"]);
    expect(sim.control.org("globex").grants.find((g) => g.id === (grant.json as { id: number }).id)).toBeDefined();
  });
});

describe("knobs and logs", () => {
  it("latency, token TTL, behaviour, rate limit", async () => {
    expect((await ctl("POST", "/latency", { ms: 0 })).status).toBe(204);
    expect((await ctl("POST", "/token-ttl", { seconds: 600 })).status).toBe(204);
    expect((await ctl("POST", "/behaviour", { bulkRevokeUnknown: "partial" })).json).toEqual({ bulkRevokeUnknown: "partial", permissionFilter: "at_least", credentialLinks: true, credentialBulkRevoke: "accepted" });
    expect((await ctl("POST", "/behaviour", { permissionFilter: "fuzzy" })).status).toBe(422);
    await ctl("POST", "/behaviour", { bulkRevokeUnknown: "reject" });
    const id = sim.control.org("acme").installationId;
    const resetAt = new Date(Date.now() + 5000).toISOString();
    expect((await ctl("POST", `/rate-limit/${id}`, { remaining: 7, resetAt })).json).toMatchObject({ limit: 5000, remaining: 7, resetAt });
    expect((await ctl("GET", `/rate-limit/${id}`)).json).toMatchObject({ remaining: 7 });
    expect((await ctl("GET", "/rate-limit/1")).status).toBe(404);
  });

  it("requests-log and webhooks-log; installation switches; app credentials; unknown routes 404; bad JSON 400", async () => {
    await fetch(`${sim.apiUrl}/rate_limit`, { headers: { "user-agent": "t" } });
    const log = (await ctl("GET", "/requests-log")).json as Array<{ path: string }>;
    expect(log.at(-1)).toMatchObject({ method: "GET", path: "/rate_limit", status: 200 });
    expect((await ctl("DELETE", "/requests-log")).status).toBe(204);
    expect((await ctl("GET", "/requests-log")).json).toEqual([]);
    expect(((await ctl("GET", "/webhooks-log")).json as unknown[]).length).toBeGreaterThan(0);
    expect((await ctl("POST", "/orgs/globex/installation/suspend")).status).toBe(204);
    expect(sim.control.org("globex").installation.suspended).toBe(true);
    await ctl("POST", "/orgs/globex/installation/unsuspend");
    expect((await ctl("PUT", "/orgs/globex/installation/permissions", { members: "read" })).status).toBe(204);
    expect(sim.control.org("globex").installation.permissions).toEqual({ members: "read" });
    const app = (await ctl("GET", "/app")).json as { id: number; privateKey: string; apiUrl: string };
    expect(app).toMatchObject({ id: sim.app.id, privateKey: sim.app.privateKey, apiUrl: sim.apiUrl });
    expect((await ctl("GET", "/nope")).status).toBe(404);
    const bad = await fetch(`${sim.url}/_sim/orgs/acme/grants`, { method: "POST", body: "{" });
    expect(bad.status).toBe(400);
    expect((await ctl("POST", "/orgs", { login: "initech", grants: 4 })).json).toMatchObject({ login: "initech", grants: expect.any(Array) });
    expect((await ctl("POST", "/orgs", { login: "initech", grants: 4 })).status).toBe(409);
  });
});
