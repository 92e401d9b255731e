// The demo world's SSO story (simulator/demo-world.ts): acme with SAML SSO and ~300 credential
// authorizations of every kind, globex without SSO, and one person who left both orgs still
// holding grants in each and credentials in acme (the person view and offboarding demos).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS } from "../../simulator/demo-world.ts";
import { startSimulator, type GroundTruth, type Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch } from "../helpers/sim.ts";

let sim: Simulator;
let acme: GroundTruth;
let globex: GroundTruth;

beforeAll(async () => {
  sim = await startSimulator({ orgs: DEMO_ORGS });
  acme = sim.control.org("acme");
  globex = sim.control.org("globex");
});
afterAll(async () => {
  await sim?.close();
});

describe("the demo's SSO story", () => {
  it("acme has SSO with 300 credentials: mostly classic PATs with realistic scopes, SSH keys, a few OAuth and App tokens", () => {
    expect(acme.sso).toBe(true);
    expect(acme.credentials).toHaveLength(300);
    const ofType = (t: string) => acme.credentials.filter((c) => c.credential_type === t);
    const pats = ofType("personal access token");
    expect(pats.length).toBeGreaterThan(180);
    expect(ofType("SSH key").length).toBeGreaterThan(30);
    expect(ofType("OAuth app token").length).toBeGreaterThan(0);
    expect(ofType("GitHub app token").length).toBeGreaterThan(0);
    const scopes = new Set(pats.flatMap((c) => c.scopes ?? []));
    for (const s of ["repo", "workflow", "admin:org", "delete_repo", "read:org", "gist", "write:packages", "admin:repo_hook", "user"]) expect(scopes).toContain(s);
    expect(pats.filter((c) => c.authorized_credential_expires_at === null).length).toBeGreaterThan(pats.length / 3);
    expect(acme.credentials.filter((c) => c.credential_accessed_at === null).length).toBeGreaterThan(10);
    for (const key of ofType("SSH key")) {
      expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(key.authorized_credential_title).toBeTruthy();
    }
    expect(new Set(acme.credentials.map((c) => c.credential_id)).size).toBe(300);
  });

  it("some credentials belong to people who left acme", () => {
    const left = new Set(acme.exMembers.map((m) => m.login));
    const members = new Set(acme.members.map((m) => m.login));
    expect(acme.credentials.filter((c) => left.has(c.login)).length).toBeGreaterThan(10);
    expect(acme.credentials.every((c) => left.has(c.login) || members.has(c.login))).toBe(true);
  });

  it("the departed person left acme and globex, holds grants in both and credentials in acme, one a no-expiry classic PAT with admin:org", () => {
    const departed = acme.demoUsers.departed!;
    expect(departed).toBeTruthy();
    for (const org of [acme, globex]) {
      expect(org.exMembers.map((m) => m.login)).toContain(departed);
      expect(org.members.map((m) => m.login)).not.toContain(departed);
      expect(org.grants.filter((g) => g.owner.login === departed).length).toBeGreaterThanOrEqual(1);
    }
    expect(acme.grants.some((g) => g.owner.login === departed && g.permissions.repository?.administration === "write")).toBe(true);
    const theirs = acme.credentials.filter((c) => c.login === departed);
    expect(theirs.length).toBeGreaterThanOrEqual(3);
    expect(theirs.some((c) => c.credential_type === "SSH key")).toBe(true);
    expect(theirs.some((c) => c.credential_type === "personal access token" && c.scopes?.includes("admin:org") && c.authorized_credential_expires_at === null)).toBe(true);
  });

  it("globex has no SSO: its list answers 404", async () => {
    expect(globex.sso).toBe(false);
    const res = await simFetch(sim, "/orgs/globex/credential-authorizations", { token: await installationToken(sim, "globex") });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ message: "Not Found" });
  });

  it("turning SSO on leaves an org's grants, people and requests as they were", async () => {
    // Generated dates are relative to the clock, so both worlds start at the same moment.
    const at = new Date("2026-06-01T12:00:00Z");
    const plain = await startSimulator({ orgs: [{ login: "acme", grants: 300, stories: true }], now: () => at });
    const sso = await startSimulator({ orgs: [{ login: "acme", grants: 300, stories: true, sso: true, credentials: 80 }], now: () => at });
    try {
      // Rendered URLs name each simulator's port; everything else must be identical.
      const strip = (s: Simulator, value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(s.url, "")) as unknown;
      const [a, b] = [plain.control.org("acme"), sso.control.org("acme")];
      expect(strip(sso, b.grants)).toEqual(strip(plain, a.grants));
      expect(strip(sso, b.requests)).toEqual(strip(plain, a.requests));
      expect(b.members).toEqual(a.members);
      expect(b.credentials).toHaveLength(80);
    } finally {
      await plain.close();
      await sso.close();
    }
  });
});
