// The OAuth web flow for dashboard sign-in: demo-user page, redirect with code and state, code
// exchange (JSON and form), and what the user token can see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth, Simulator } from "../../simulator/index.ts";
import { simFetch, userToken, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let acme: GroundTruth;
const callback = "http://127.0.0.1:3000/api/auth/callback";

beforeAll(async () => {
  sim = await withSimulator();
  acme = sim.control.org("acme");
});
afterAll(() => sim?.close());

function authorizeUrl(extra: Record<string, string> = {}): string {
  return `${sim.url}/login/oauth/authorize?${new URLSearchParams({ client_id: sim.app.clientId, redirect_uri: callback, state: "xyz", ...extra })}`;
}

async function codeFor(login: string): Promise<string> {
  const res = await fetch(authorizeUrl({ login }), { redirect: "manual" });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(callback);
  expect(location.searchParams.get("state")).toBe("xyz");
  return location.searchParams.get("code")!;
}

describe("authorize", () => {
  it("without login shows a page listing an owner, a member, a security-team member and a non-member", async () => {
    const res = await fetch(authorizeUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    for (const login of Object.values(acme.demoUsers)) expect(page).toContain(`login=${login}`);
  });

  it("rejects an unknown client or user", async () => {
    expect((await fetch(authorizeUrl({ client_id: "Iv1.nope" }))).status).toBe(404);
    expect((await fetch(authorizeUrl({ login: "ghost-of-nobody" }), { redirect: "manual" })).status).toBe(404);
  });
});

describe("access_token", () => {
  it("exchanges a code once, as JSON (Accept: application/json) or as a form answer", async () => {
    const code = await codeFor(acme.demoUsers.owner);
    const form = new URLSearchParams({ client_id: sim.app.clientId, client_secret: sim.app.clientSecret, code, redirect_uri: callback });
    const res = await fetch(`${sim.url}/login/oauth/access_token`, { method: "POST", body: form });
    const answer = new URLSearchParams(await res.text());
    expect(answer.get("access_token")).toMatch(/^ghu_/);
    expect(answer.get("token_type")).toBe("bearer");
    const reused = await fetch(`${sim.url}/login/oauth/access_token`, { method: "POST", headers: { accept: "application/json" }, body: form });
    expect(await reused.json()).toMatchObject({ error: "bad_verification_code" });
    const json = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({ client_id: sim.app.clientId, client_secret: sim.app.clientSecret, code: await codeFor(acme.demoUsers.member) }),
    });
    expect(await json.json()).toMatchObject({ access_token: expect.stringMatching(/^ghu_/), token_type: "bearer", scope: "" });
  });

  it("refuses a wrong client secret", async () => {
    const code = await codeFor(acme.demoUsers.owner);
    const res = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json" },
      body: new URLSearchParams({ client_id: sim.app.clientId, client_secret: "wrong", code }),
    });
    expect(await res.json()).toMatchObject({ error: "incorrect_client_credentials" });
  });
});

describe("what a user token sees", () => {
  it("owner: /user, admin membership, the installation; PAT endpoints allowed", async () => {
    const token = await userToken(sim, acme.demoUsers.owner);
    expect((await simFetch(sim, "/user", { token })).body).toMatchObject({ login: acme.demoUsers.owner });
    expect((await simFetch(sim, "/user/memberships/orgs/acme", { token })).body).toMatchObject({ role: "admin", state: "active", organization: { login: "acme" } });
    expect((await simFetch(sim, "/user/memberships/orgs/globex", { token })).status).toBe(404);
    const inst = (await simFetch(sim, "/user/installations", { token })).body as { total_count: number; installations: Array<{ id: number }> };
    expect(inst.installations.map((i) => i.id)).toEqual([acme.installationId]);
    expect((await simFetch(sim, "/orgs/acme/personal-access-tokens?per_page=1", { token })).status).toBe(200);
  });

  it("member: role member, not allowed on PAT endpoints; security team membership visible", async () => {
    const member = await userToken(sim, acme.demoUsers.member);
    expect((await simFetch(sim, "/user/memberships/orgs/acme", { token: member })).body).toMatchObject({ role: "member" });
    expect((await simFetch(sim, "/orgs/acme/personal-access-tokens", { token: member })).status).toBe(403);
    const secops = await userToken(sim, acme.demoUsers.securityTeamMember);
    expect((await simFetch(sim, `/orgs/acme/teams/security/memberships/${acme.demoUsers.securityTeamMember}`, { token: secops })).body).toMatchObject({ role: "member", state: "active" });
    expect((await simFetch(sim, `/orgs/acme/teams/security/memberships/${acme.demoUsers.member}`, { token: secops })).status).toBe(404);
  });

  it("non-member: no membership, no installations, no team view", async () => {
    const outsider = await userToken(sim, acme.demoUsers.nonMember);
    expect((await simFetch(sim, "/user/memberships/orgs/acme", { token: outsider })).status).toBe(404);
    expect((await simFetch(sim, "/user/installations", { token: outsider })).body).toEqual({ total_count: 0, installations: [] });
    expect((await simFetch(sim, `/orgs/acme/teams/security/memberships/${acme.demoUsers.securityTeamMember}`, { token: outsider })).status).toBe(403);
  });
});
