// App JWTs, installation tokens (expiry, scope, permissions, suspension), User-Agent and API
// version checks, and Octokit's own App auth end to end (including its clock-skew recovery).
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { createAppJwt, installationToken, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let clock = new Date("2026-05-01T10:00:00Z");
const at = () => clock;
const nowSec = () => Math.floor(clock.getTime() / 1000);

beforeAll(async () => {
  sim = await withSimulator({ now: () => clock });
});
afterAll(() => sim?.close());

async function appCall(jwt: string) {
  return simFetch(sim, "/app", { headers: { authorization: `Bearer ${jwt}` } });
}

describe("App JWT", () => {
  it("accepts iss as the numeric id, the id as a string, or the client id", async () => {
    for (const iss of [sim.app.id, String(sim.app.id), sim.app.clientId]) {
      const res = await appCall(createAppJwt(sim, { iss, at: at() }));
      expect(res.status).toBe(200);
      expect((res.body as { id: number }).id).toBe(sim.app.id);
    }
  });

  const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const rejections: Array<[string, () => string, string]> = [
    ["another key", () => createAppJwt(sim, { key: other, at: at() }), "A JSON web token could not be decoded"],
    ["alg HS256", () => createAppJwt(sim, { alg: "HS256", at: at() }), "A JSON web token could not be decoded"],
    ["garbage", () => "eyJhbGciOi.nope.nope", "A JSON web token could not be decoded"],
    ["unknown iss", () => createAppJwt(sim, { iss: 42, at: at() }), "Integration not found"],
    ["exp in the past", () => createAppJwt(sim, { iat: nowSec() - 700, exp: nowSec() - 1 }), "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"],
    ["exp more than 10 min ahead", () => createAppJwt(sim, { iat: nowSec(), exp: nowSec() + 660 }), "'Expiration time' claim ('exp') is too far in the future"],
    ["iat in the future beyond drift", () => createAppJwt(sim, { iat: nowSec() + 120, exp: nowSec() + 500 }), "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"],
  ];
  for (const [name, make, message] of rejections) {
    it(`rejects ${name} with 401`, async () => {
      const res = await appCall(make());
      expect(res.status).toBe(401);
      expect((res.body as { message: string }).message).toBe(message);
    });
  }

  it("tolerates 60 s of iat drift", async () => {
    expect((await appCall(createAppJwt(sim, { iat: nowSec() + 50, exp: nowSec() + 540 }))).status).toBe(200);
  });

  it("JWTs are not installation tokens, and installation tokens are not JWTs", async () => {
    const token = await installationToken(sim, "acme", { at: at() });
    expect((await simFetch(sim, "/app/installations", { token })).status).toBe(401);
    const jwtOnTokenRoute = await simFetch(sim, "/orgs/acme/personal-access-tokens", { headers: { authorization: `Bearer ${createAppJwt(sim, { at: at() })}` } });
    expect(jwtOnTokenRoute.status).toBe(403);
  });
});

describe("installation tokens", () => {
  it("expire after an hour of simulator time (or the TTL set by setTokenTtl)", async () => {
    const token = await installationToken(sim, "acme", { at: at() });
    expect((await simFetch(sim, "/orgs/acme/members", { token })).status).toBe(200);
    expect((await simFetch(sim, "/orgs/acme/members", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    clock = new Date(clock.getTime() + 3600_000);
    const expired = await simFetch(sim, "/orgs/acme/members", { token });
    expect(expired.status).toBe(401);
    expect((expired.body as { message: string }).message).toBe("Bad credentials");
    sim.control.setTokenTtl(30);
    try {
      const res = await simFetch(sim, `/app/installations/${sim.control.org("acme").installationId}/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${createAppJwt(sim, { at: at() })}` } });
      expect(Date.parse((res.body as { expires_at: string }).expires_at)).toBe(clock.getTime() + 30_000);
      const short = (res.body as { token: string }).token;
      clock = new Date(clock.getTime() + 31_000);
      expect((await simFetch(sim, "/orgs/acme/members", { token: short })).status).toBe(401);
    } finally {
      sim.control.setTokenTtl(3600);
    }
  });

  it("reach only their own installation's org (404 elsewhere), and need the permission (403 naming it)", async () => {
    const token = await installationToken(sim, "acme", { at: at() });
    expect((await simFetch(sim, "/orgs/globex/personal-access-tokens", { token })).status).toBe(404);
    sim.control.setInstallationPermissions("acme", { members: "read" });
    try {
      const res = await simFetch(sim, "/orgs/acme/personal-access-tokens", { token });
      expect(res.status).toBe(403);
      expect((res.body as { message: string }).message).toBe("Resource not accessible by integration");
      expect(res.headers.get("x-accepted-github-permissions")).toBe("organization_personal_access_tokens=read");
    } finally {
      sim.control.setInstallationPermissions("acme", { organization_personal_access_tokens: "write", organization_personal_access_token_requests: "write", members: "read" });
    }
    expect((await simFetch(sim, "/orgs/acme/personal-access-tokens", { token })).status).toBe(200);
  });

  it("stop working while the installation is suspended, and after it is uninstalled", async () => {
    const token = await installationToken(sim, "globex", { at: at() });
    await sim.control.suspendInstallation("globex");
    const suspended = await simFetch(sim, "/orgs/globex/members", { token });
    expect(suspended.status).toBe(403);
    await sim.control.unsuspendInstallation("globex");
    expect((await simFetch(sim, "/orgs/globex/members", { token })).status).toBe(200);
    await sim.control.addOrg({ login: "initech", grants: 3 });
    const doomed = await installationToken(sim, "initech", { at: at() });
    await sim.control.uninstall("initech");
    expect((await simFetch(sim, "/orgs/initech/members", { token: doomed })).status).toBe(401);
    const jwt = `Bearer ${createAppJwt(sim, { at: at() })}`;
    expect((await simFetch(sim, "/orgs/initech/installation", { headers: { authorization: jwt } })).status).toBe(404);
    const listed = await simFetch(sim, "/app/installations", { headers: { authorization: jwt } });
    expect((listed.body as Array<{ account: { login: string } }>).map((i) => i.account.login)).toEqual(["acme", "globex"]);
  });
});

describe("request checks", () => {
  it("403 without a User-Agent, 400 for an unknown X-GitHub-Api-Version, 401 for an unknown token", async () => {
    const noUa = await fetch(`${sim.apiUrl}/rate_limit`, { headers: { "user-agent": "" } });
    expect(noUa.status).toBe(403);
    const badVersion = await simFetch(sim, "/rate_limit", { headers: { "x-github-api-version": "2019-01-01" } });
    expect(badVersion.status).toBe(400);
    expect((await simFetch(sim, "/rate_limit", { headers: { "x-github-api-version": "2022-11-28" } })).status).toBe(200);
    expect((await simFetch(sim, "/orgs/acme/members", { token: "ghs_nope" })).status).toBe(401);
    expect((await simFetch(sim, "/orgs/acme/members", {})).status).toBe(401);
  });

  it("serves /api/v3 and root paths identically, with GitHub's headers", async () => {
    const token = await installationToken(sim, "acme", { at: at() });
    const a = await simFetch(sim, `${sim.apiUrl}/orgs/acme/members?per_page=3`, { token });
    const b = await simFetch(sim, `${sim.url}/orgs/acme/members?per_page=3`, { token });
    expect(a.body).toEqual(b.body);
    expect(a.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(a.headers.get("x-github-media-type")).toBe("github.v3; format=json");
    expect(a.headers.get("x-github-request-id")).toBeTruthy();
    expect(new Date(a.headers.get("date")!).getTime()).toBe(Math.floor(clock.getTime() / 1000) * 1000);
  });
});

describe("Octokit end to end", () => {
  it("createAppAuth gets installation tokens and paginates grants; it recovers from clock skew via the Date header", async () => {
    const MyOctokit = Octokit.plugin(paginateRest);
    const installationId = sim.control.org("acme").installationId;
    // The simulator clock is months behind this machine's: Octokit's first JWT is "too far in
    // the future" and @octokit/auth-app must retry using the server's Date header.
    const octokit = new MyOctokit({
      baseUrl: sim.apiUrl,
      authStrategy: createAppAuth,
      auth: { appId: sim.app.id, privateKey: sim.app.privateKey, installationId },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    const grants = await octokit.paginate("GET /orgs/{org}/personal-access-tokens", { org: "acme", per_page: 50 });
    expect(grants.map((g) => g.id).sort()).toEqual(sim.control.org("acme").grants.map((g) => g.id).sort());
    const app = new MyOctokit({ baseUrl: sim.apiUrl, authStrategy: createAppAuth, auth: { appId: sim.app.id, privateKey: sim.app.privateKey }, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
    const { data } = await app.request("GET /orgs/{org}/installation", { org: "acme" });
    expect(data.id).toBe(installationId);
  });
});
