// The SSO credential-authorization routes (GHEC only) through success and error paths, every body
// validated against @octokit/openapi's ghec.json: the list, the single remove, the org bulk revokes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { API_ROUTES } from "../../simulator/routes/index.ts";
import { installationToken, simFetch, userToken, withSimulator } from "../helpers/sim.ts";
import { ghecChecks } from "./openapi-schemas.ts";

let sim: Simulator;
let token: string;
const covered = new Set<string>();

async function check(method: string, template: string, path: string, expected: number, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await simFetch(sim, path, { method, token: init.token ?? token, body: init.body, headers: init.headers });
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(expected);
  const result = ghecChecks().checkResponse({ template, method, status: res.status, body: res.body });
  expect(result.valid, `${method} ${path} → ${res.status} does not match ghec.json: ${result.errors}`).toBe(true);
  if (res.status < 300) covered.add(`${method} ${template}`);
  return res;
}

beforeAll(async () => {
  sim = await withSimulator({ orgs: [{ login: "acme", grants: 40, sso: true, credentials: 60 }, { login: "globex", grants: 10 }] });
  token = await installationToken(sim, "acme");
});
afterAll(async () => {
  await sim?.close();
});

describe("credential authorizations against ghec.json", () => {
  const list = "/orgs/{org}/credential-authorizations";

  it("GET the list: every type valid, SSH keys without token fields, tokens without key fields", async () => {
    const res = await check("GET", list, "/orgs/acme/credential-authorizations?per_page=100", 200);
    const items = res.body as Array<Record<string, unknown>>;
    expect(items).toHaveLength(60);
    const types = new Set(items.map((c) => c.credential_type));
    expect(types).toContain("personal access token");
    expect(types).toContain("SSH key");
    for (const c of items) {
      if (c.credential_type === "SSH key") {
        expect(c.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
        expect(c).not.toHaveProperty("token_last_eight");
        expect(c).not.toHaveProperty("scopes");
      } else {
        expect(c.token_last_eight).toMatch(/^[A-Za-z0-9]{8}$/);
        expect(Array.isArray(c.scopes)).toBe(true);
        expect(c).not.toHaveProperty("fingerprint");
      }
    }
    expect(items).toEqual(sim.control.credentials("acme"));
  });

  it("GET: 404 without SSO, 403 without organization_administration, 304 on a matching ETag", async () => {
    const globex = await installationToken(sim, "globex");
    const notFound = await check("GET", list, "/orgs/globex/credential-authorizations", 404, { token: globex });
    expect(notFound.body).toMatchObject({ message: "Not Found" });
    const membersOnly = await installationToken(sim, "acme", { permissions: { members: "read" } });
    const forbidden = await check("GET", list, "/orgs/acme/credential-authorizations", 403, { token: membersOnly });
    expect(forbidden.body).toMatchObject({ message: "Resource not accessible by integration" });
    expect(forbidden.headers.get("x-accepted-github-permissions")).toBe("organization_administration=read");
    const ok = await check("GET", list, "/orgs/acme/credential-authorizations?per_page=5", 200);
    const again = await simFetch(sim, "/orgs/acme/credential-authorizations?per_page=5", { token, headers: { "if-none-match": ok.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("DELETE: 204, then 404 for the same id and for an unknown one; 403 with read only", async () => {
    const victim = sim.control.credentials("acme")[3]!;
    const t = "/orgs/{org}/credential-authorizations/{credential_id}";
    const readOnly = await installationToken(sim, "acme", { permissions: { organization_administration: "read" } });
    await check("DELETE", t, `/orgs/acme/credential-authorizations/${victim.credential_id}`, 403, { token: readOnly });
    await check("DELETE", t, `/orgs/acme/credential-authorizations/${victim.credential_id}`, 204);
    await check("DELETE", t, `/orgs/acme/credential-authorizations/${victim.credential_id}`, 404);
    await check("DELETE", t, "/orgs/acme/credential-authorizations/1", 404);
    expect(sim.control.credentials("acme").map((c) => c.credential_id)).not.toContain(victim.credential_id);
  });

  it("the bulk revokes: 202 {message}, 422 for a bad credential_type, 404 for an unknown user", async () => {
    const [a, b] = sim.control.credentials("acme").map((c) => c.login).filter((l, i, all) => all.indexOf(l) === i);
    await check("POST", "/orgs/{org}/credential-authorizations/{username}/revoke-credential-type", `/orgs/acme/credential-authorizations/${a}/revoke-credential-type`, 202, { body: { credential_type: "ssh_key" } });
    await check("POST", "/orgs/{org}/credential-authorizations/{username}/revoke-credential-type", `/orgs/acme/credential-authorizations/${a}/revoke-credential-type`, 422, { body: { credential_type: "github_app_token" } });
    await check("POST", "/orgs/{org}/credential-authorizations/{username}/revoke", `/orgs/acme/credential-authorizations/${b}/revoke`, 202);
    await check("POST", "/orgs/{org}/credential-authorizations/{username}/revoke", "/orgs/acme/credential-authorizations/no-such-user-here/revoke", 404);
    await check("POST", "/orgs/{org}/credential-authorizations/revoke-credential-type", "/orgs/acme/credential-authorizations/revoke-credential-type", 422, { body: {} });
    await check("POST", "/orgs/{org}/credential-authorizations/revoke-credential-type", "/orgs/acme/credential-authorizations/revoke-credential-type", 202, { body: { credential_type: "oauth_app_token" } });
    sim.control.setBehaviour({ credentialBulkRevoke: "forbidden" });
    await check("POST", "/orgs/{org}/credential-authorizations/revoke-all", "/orgs/acme/credential-authorizations/revoke-all", 403);
    sim.control.setBehaviour({ credentialBulkRevoke: "accepted" });
    await check("POST", "/orgs/{org}/credential-authorizations/revoke-all", "/orgs/acme/credential-authorizations/revoke-all", 202);
    expect(sim.control.credentials("acme")).toEqual([]);
  });

  it("an org owner's user token may call them; a plain member's may not", async () => {
    const truth = sim.control.org("acme");
    await check("GET", list, "/orgs/acme/credential-authorizations", 200, { token: await userToken(sim, truth.demoUsers.owner) });
    await check("GET", list, "/orgs/acme/credential-authorizations", 403, { token: await userToken(sim, truth.demoUsers.member) });
  });

  it("every credential route is in ghec.json and was driven to a success", () => {
    for (const r of API_ROUTES.filter((x) => x.path.startsWith("/orgs/:org/credential-authorizations"))) {
      const key = `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`;
      const [method, template] = key.split(" ") as [string, string];
      expect(ghecChecks().isDocumentedPath(template, method), key).toBe(true);
      expect(covered, `${key} was never driven to a success`).toContain(key);
    }
  });
});
