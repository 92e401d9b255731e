// How the simulator serves SSO credential authorizations: paging with and without a Link header
// (unknown on GitHub), the login filter, removal seen by the list, the control surface over /_sim/,
// the world file keeping them, and SSO turned on and off.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type CredentialAuthorization, type Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let token: string;

async function page(query: string): Promise<{ items: CredentialAuthorization[]; link: string | null; status: number }> {
  const res = await simFetch(sim, `/orgs/acme/credential-authorizations${query}`, { token });
  return { items: res.body as CredentialAuthorization[], link: res.headers.get("link"), status: res.status };
}

async function ctl(method: string, p: string, body?: unknown) {
  const res = await fetch(`${sim.url}/_sim${p}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

beforeAll(async () => {
  sim = await withSimulator({ orgs: [{ login: "acme", grants: 30, sso: true, credentials: 45 }, { login: "globex", grants: 10 }] });
  token = await installationToken(sim, "acme");
});
afterAll(async () => {
  await sim?.close();
});

describe("paging", () => {
  it("per_page defaults to 30 and caps at 100; pages are 1-based slices of the truth, past the end empty", async () => {
    const truth = sim.control.credentials("acme");
    expect((await page("")).items).toEqual(truth.slice(0, 30));
    expect((await page("?per_page=500")).items).toEqual(truth);
    expect((await page("?per_page=20&page=3")).items).toEqual(truth.slice(40, 45));
    expect((await page("?per_page=20&page=4")).items).toEqual([]);
  });

  it("with credentialLinks (default) a Link header in GitHub's order; without it none, and walking pages until a short one still gets everything", async () => {
    const first = await page("?per_page=20");
    expect(first.link).toBe([
      `<${sim.apiUrl}/orgs/acme/credential-authorizations?per_page=20&page=2>; rel="next"`,
      `<${sim.apiUrl}/orgs/acme/credential-authorizations?per_page=20&page=3>; rel="last"`,
    ].join(", "));
    expect((await page("?per_page=100")).link).toBeNull();
    sim.control.setBehaviour({ credentialLinks: false });
    try {
      const seen: CredentialAuthorization[] = [];
      for (let n = 1; ; n++) {
        const p = await page(`?per_page=20&page=${n}`);
        expect(p.link).toBeNull();
        seen.push(...p.items);
        if (p.items.length < 20) break;
      }
      expect(seen).toEqual(sim.control.credentials("acme"));
    } finally {
      sim.control.setBehaviour({ credentialLinks: true });
    }
  });
});

describe("the shared pipeline", () => {
  it("faults, rate-limit spending and the exhausted limit apply as on every route", async () => {
    sim.control.injectFault({ path: "/credential-authorizations", status: 502 });
    expect((await page("")).status).toBe(502);
    const installationId = sim.control.org("acme").installationId;
    const before = sim.control.rateLimit(installationId).used;
    expect((await page("")).status).toBe(200);
    expect(sim.control.rateLimit(installationId).used).toBe(before + 1);
    sim.control.setRateLimit(installationId, { remaining: 0 });
    try {
      const limited = await simFetch(sim, "/orgs/acme/credential-authorizations", { token });
      expect(limited.status).toBe(403);
      expect(limited.body).toMatchObject({ message: `API rate limit exceeded for installation ID ${installationId}.` });
    } finally {
      sim.control.setRateLimit(installationId, { remaining: 5000 });
    }
  });
});

describe("the login filter and removal", () => {
  it("login= returns one user's authorizations (any case); an unknown login an empty list", async () => {
    const truth = sim.control.credentials("acme");
    const login = truth[0]!.login;
    const mine = await page(`?login=${login.toUpperCase()}&per_page=100`);
    expect(mine.items).toEqual(truth.filter((c) => c.login === login));
    expect(mine.items.length).toBeGreaterThan(0);
    expect((await page("?login=nobody-at-all")).items).toEqual([]);
  });

  it("a removed authorization is gone from the list and the truth", async () => {
    const victim = sim.control.credentials("acme")[0]!;
    expect((await simFetch(sim, `/orgs/acme/credential-authorizations/${victim.credential_id}`, { method: "DELETE", token })).status).toBe(204);
    const after = await page("?per_page=100");
    expect(after.items.map((c) => c.credential_id)).not.toContain(victim.credential_id);
    expect(after.items).toEqual(sim.control.credentials("acme"));
  });

  it("a user revoke removes all of that user's authorizations, a type revoke only that type", async () => {
    const truth = sim.control.credentials("acme");
    const login = truth.find((c) => c.credential_type === "personal access token")!.login;
    await simFetch(sim, `/orgs/acme/credential-authorizations/${login}/revoke-credential-type`, { method: "POST", token, body: { credential_type: "classic_pat" } });
    const left = sim.control.credentials("acme");
    expect(left.filter((c) => c.login === login && c.credential_type === "personal access token")).toEqual([]);
    expect(left.filter((c) => c.login === login)).toEqual(truth.filter((c) => c.login === login && c.credential_type !== "personal access token"));
    const res = await simFetch(sim, `/orgs/acme/credential-authorizations/${login}/revoke`, { method: "POST", token });
    expect(res.body).toEqual({ message: `Credential authorization revocation for user '${login}' has been queued` });
    expect(sim.control.credentials("acme").filter((c) => c.login === login)).toEqual([]);
  });
});

describe("control over /_sim/", () => {
  it("adds, changes and removes authorizations; the truth and the list agree", async () => {
    const added = await ctl("POST", "/orgs/acme/credentials", { login: "acme-dev", credential_type: "SSH key", authorized_credential_title: "new laptop", credential_accessed_at: null });
    expect(added.status).toBe(200);
    const c = added.json as CredentialAuthorization;
    expect(c).toMatchObject({ login: "acme-dev", credential_type: "SSH key", authorized_credential_title: "new laptop", credential_accessed_at: null });
    expect((await page("?login=acme-dev&per_page=100")).items).toContainEqual(c);
    const changed = await ctl("PATCH", `/orgs/acme/credentials/${c.credential_id}`, { credential_accessed_at: "2026-01-02T03:04:05Z" });
    expect(changed.json).toMatchObject({ credential_id: c.credential_id, credential_accessed_at: "2026-01-02T03:04:05Z" });
    expect((await ctl("GET", "/orgs/acme/credentials")).json).toEqual(sim.control.credentials("acme"));
    expect((await ctl("DELETE", `/orgs/acme/credentials/${c.credential_id}`)).status).toBe(204);
    expect((await ctl("DELETE", `/orgs/acme/credentials/${c.credential_id}`)).status).toBe(404);
    expect((await ctl("POST", "/orgs/acme/credentials", { credential_type: "fine-grained" })).status).toBe(422);
  });

  it("SSO off answers 404 and keeps the authorizations; on again serves them; org() says which", async () => {
    const before = sim.control.credentials("acme");
    expect((await ctl("PUT", "/orgs/acme/sso", { enabled: false })).json).toEqual({ sso: false });
    expect((await page("")).status).toBe(404);
    expect(sim.control.org("acme").sso).toBe(false);
    expect((await ctl("PUT", "/orgs/acme/sso", { enabled: "yes" })).status).toBe(422);
    await ctl("PUT", "/orgs/acme/sso", { enabled: true });
    expect((await page("?per_page=100")).items).toEqual(before);
    expect(sim.control.org("acme").credentials).toEqual(before);
  });

  it("behaviour switches are validated", async () => {
    expect((await ctl("POST", "/behaviour", { credentialBulkRevoke: "maybe" })).status).toBe(422);
    expect((await ctl("POST", "/behaviour", { credentialLinks: "no" })).status).toBe(422);
  });
});

describe("the world file", () => {
  it("keeps SSO state and credentials across a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "h1-world-"));
    const file = path.join(dir, "world.json");
    const orgs = [{ login: "acme", grants: 5, sso: true, credentials: 12 }];
    try {
      const first = await startSimulator({ orgs, world: { file } });
      first.control.removeCredential("acme", first.control.credentials("acme")[2]!.credential_id);
      const added = first.control.addCredential("acme", { login: "acme-secops", scopes: ["repo", "admin:org"] });
      const truth = first.control.credentials("acme");
      await first.close();
      const second = await startSimulator({ orgs, world: { file } });
      expect(second.world?.restored).toBe(true);
      expect(second.control.credentials("acme")).toEqual(truth);
      expect(second.control.credentials("acme")).toContainEqual(added);
      expect(second.control.org("acme").sso).toBe(true);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
