// Revoking grants and reviewing requests through the API: both bulk-revoke behaviours for unknown
// ids, validation (422), unparseable bodies (400), and the state each action leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let token: string;
const post = (path: string, body: unknown) => simFetch(sim, path, { token, method: "POST", body });
const grantIds = () => new Set(sim.control.org("acme").grants.map((g) => g.id));

beforeAll(async () => {
  sim = await withSimulator({ orgs: [{ login: "acme", grants: 300, requests: 12 }, { login: "globex", grants: 5 }] });
  token = await installationToken(sim, "acme");
});
afterAll(() => sim?.close());

describe("bulk revoke", () => {
  it("revokes up to 100 grants with 202 {}; they leave the list", async () => {
    const ids = sim.control.org("acme").grants.slice(0, 100).map((g) => g.id);
    const res = await post("/orgs/acme/personal-access-tokens", { action: "revoke", pat_ids: ids });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({});
    const left = grantIds();
    expect(left.size).toBe(200);
    for (const id of ids) expect(left.has(id)).toBe(false);
  });

  it("reject (default): one unknown or already revoked id fails the whole call with 422, nothing applied", async () => {
    const [a, b] = sim.control.org("acme").grants;
    const globexGrant = sim.control.org("globex").grants[0]!.id;
    for (const stranger of [999_999_999, globexGrant]) {
      const res = await post("/orgs/acme/personal-access-tokens", { action: "revoke", pat_ids: [a!.id, stranger, b!.id] });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain(String(stranger));
    }
    expect(grantIds().has(a!.id) && grantIds().has(b!.id)).toBe(true);
  });

  it("partial: known ids are revoked, unknown ignored, 202", async () => {
    const [a, b] = sim.control.org("acme").grants;
    sim.control.setBehaviour({ bulkRevokeUnknown: "partial" });
    try {
      const res = await post("/orgs/acme/personal-access-tokens", { action: "revoke", pat_ids: [a!.id, 999_999_999, b!.id] });
      expect(res.status).toBe(202);
    } finally {
      sim.control.setBehaviour({ bulkRevokeUnknown: "reject" });
    }
    expect(grantIds().has(a!.id) || grantIds().has(b!.id)).toBe(false);
  });

  const invalid: Array<[string, unknown]> = [
    ["missing action", { pat_ids: [1] }],
    ["action other than revoke", { action: "restore", pat_ids: [1] }],
    ["missing pat_ids", { action: "revoke" }],
    ["empty pat_ids", { action: "revoke", pat_ids: [] }],
    ["101 pat_ids", { action: "revoke", pat_ids: Array.from({ length: 101 }, (_, i) => i + 1) }],
    ["non-integer ids", { action: "revoke", pat_ids: ["12"] }],
    ["fractional ids", { action: "revoke", pat_ids: [1.5] }],
  ];
  for (const [name, body] of invalid) {
    it(`422 for ${name}`, async () => {
      const before = grantIds().size;
      const res = await post("/orgs/acme/personal-access-tokens", body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ message: "Validation Failed" });
      expect(grantIds().size).toBe(before);
    });
  }

  it("400 'Problems parsing JSON' for a body that is not JSON, 400 for a JSON array", async () => {
    const res = await post("/orgs/acme/personal-access-tokens", "action=revoke");
    expect(res.status).toBe(400);
    expect((res.body as { message: string }).message).toBe("Problems parsing JSON");
    expect((await post("/orgs/acme/personal-access-tokens", "[1,2]")).status).toBe(400);
  });
});

describe("single revoke", () => {
  it("204, then 404 for the same id; 422 without action; 404 for a non-numeric id", async () => {
    const id = sim.control.org("acme").grants[0]!.id;
    expect((await post(`/orgs/acme/personal-access-tokens/${id + 0}`, {})).status).toBe(422);
    const res = await post(`/orgs/acme/personal-access-tokens/${id}`, { action: "revoke" });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await post(`/orgs/acme/personal-access-tokens/${id}`, { action: "revoke" })).status).toBe(404);
    expect((await post("/orgs/acme/personal-access-tokens/abc", { action: "revoke" })).status).toBe(404);
  });
});

describe("reviewing requests", () => {
  it("bulk approve turns requests into grants with the same token_id; bulk deny removes them", async () => {
    const [a, b, c] = sim.control.org("acme").requests;
    const approved = await post("/orgs/acme/personal-access-token-requests", { pat_request_ids: [a!.id, b!.id], action: "approve", reason: null });
    expect(approved.status).toBe(202);
    const org = sim.control.org("acme");
    for (const r of [a!, b!]) {
      const grant = org.grants.find((g) => g.token_id === r.token_id);
      expect(grant, `grant for token ${r.token_id}`).toBeDefined();
      expect(grant!.id).not.toBe(r.id);
      expect(grant).toMatchObject({ owner: { login: r.owner.login }, repository_selection: r.repository_selection, permissions: r.permissions, token_name: r.token_name });
      expect(grant!.repositories).toEqual(r.repositories);
    }
    expect(org.requests.map((r) => r.id)).not.toContain(a!.id);
    const denied = await post("/orgs/acme/personal-access-token-requests", { pat_request_ids: [c!.id], action: "deny", reason: "Access is too broad." });
    expect(denied.status).toBe(202);
    const after = sim.control.org("acme");
    expect(after.requests.map((r) => r.id)).not.toContain(c!.id);
    expect(after.grants.some((g) => g.token_id === c!.token_id)).toBe(false);
  });

  it("bulk: an already reviewed id fails the whole call with 422; validation 422s", async () => {
    const reviewed = sim.control.org("acme").grants.at(-1)!; // not a request id at all
    const [d] = sim.control.org("acme").requests;
    expect((await post("/orgs/acme/personal-access-token-requests", { pat_request_ids: [d!.id, reviewed.id], action: "approve" })).status).toBe(422);
    expect(sim.control.org("acme").requests.map((r) => r.id)).toContain(d!.id);
    for (const body of [{ action: "approve" }, { pat_request_ids: [d!.id] }, { pat_request_ids: [d!.id], action: "approve", reason: "x".repeat(1025) }, { pat_request_ids: [], action: "deny" }]) {
      expect((await post("/orgs/acme/personal-access-token-requests", body)).status).toBe(422);
    }
  });

  it("single: 204 then 404; approve creates the grant", async () => {
    const [d] = sim.control.org("acme").requests;
    const res = await post(`/orgs/acme/personal-access-token-requests/${d!.id}`, { action: "approve", reason: "ok" });
    expect(res.status).toBe(204);
    expect(sim.control.org("acme").grants.some((g) => g.token_id === d!.token_id)).toBe(true);
    expect((await post(`/orgs/acme/personal-access-token-requests/${d!.id}`, { action: "deny" })).status).toBe(404);
  });
});
