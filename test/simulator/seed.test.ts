// Generated data: deterministic per (seed, org spec), with the distributions the brief asks for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../model/permissions.ts";
import type { GroundTruth, Simulator } from "../../simulator/index.ts";
import { startSimulator } from "../../simulator/index.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
let sim: Simulator;
let acme: GroundTruth;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, now: () => NOW, orgs: [{ login: "acme", grants: 2000 }, { login: "tiny", grants: 0 }] });
  acme = sim.control.org("acme");
});
afterAll(() => sim?.close());

const share = (n: number) => n / acme.grants.length;

describe("determinism", () => {
  it("same seed and spec give the same org; another seed gives a different one", async () => {
    const again = await startSimulator({ seed: 7, now: () => NOW, orgs: [{ login: "acme", grants: 2000 }] });
    const other = await startSimulator({ seed: 8, now: () => NOW, orgs: [{ login: "acme", grants: 2000 }] });
    try {
      const strip = (g: GroundTruth) => g.grants.map((x) => ({ ...x, owner: x.owner.login, repositories_url: undefined }));
      expect(strip(again.control.org("acme"))).toEqual(strip(acme));
      expect(strip(other.control.org("acme"))).not.toEqual(strip(acme));
    } finally {
      await again.close();
      await other.close();
    }
  });
});

describe("shape of a 2000-grant org", () => {
  it("has the default counts of members, admins, repos, requests, ex-members", () => {
    expect(acme.grants).toHaveLength(2000);
    expect(acme.members).toHaveLength(667);
    expect(acme.owners.length).toBeGreaterThanOrEqual(15);
    expect(acme.owners.length).toBeLessThanOrEqual(25);
    // 200 generated plus the three every org has (.github, security-notices, compliance), last.
    expect(acme.repos).toHaveLength(203);
    expect(acme.repos.slice(-3).map((r) => r.name)).toEqual([".github", "security-notices", "compliance"]);
    expect(acme.requests).toHaveLength(20);
    expect(acme.exMembers.length).toBeGreaterThan(0);
    const exLogins = new Set(acme.exMembers.map((m) => m.login));
    const exOwned = acme.grants.filter((g) => exLogins.has(g.owner.login)).length;
    expect(share(exOwned)).toBeGreaterThan(0.02);
    expect(share(exOwned)).toBeLessThan(0.06);
    expect(acme.teams.security).toContain(acme.demoUsers.securityTeamMember);
    expect(acme.owners).toContain(acme.demoUsers.owner);
  });

  it("mixes repository selections ≈20/60/20 and subset sizes 1–300", () => {
    const count = (s: string) => acme.grants.filter((g) => g.repository_selection === s).length;
    expect(share(count("subset"))).toBeCloseTo(0.6, 1);
    expect(share(count("all"))).toBeCloseTo(0.2, 1);
    expect(share(count("none"))).toBeCloseTo(0.2, 1);
    for (const g of acme.grants) {
      if (g.repository_selection === "subset") {
        expect(g.repositories.length).toBeGreaterThanOrEqual(1);
        expect(g.repositories.length).toBeLessThanOrEqual(300);
      } else expect(g.repositories).toEqual([]);
    }
    expect(acme.grants.some((g) => g.repositories.length > 30)).toBe(true);
  });

  it("uses real permission names at allowed levels, metadata:read on every repository grant", () => {
    for (const g of acme.grants) {
      for (const scope of ["organization", "repository", "other"] as const) {
        for (const [name, level] of Object.entries(g.permissions[scope] ?? {})) {
          expect(PERMISSIONS[scope][name], `${scope}.${name}`).toContain(level);
        }
      }
      if (g.repository_selection !== "none") expect(g.permissions.repository?.metadata).toBe("read");
      else expect(g.permissions.repository).toBeUndefined();
    }
    const adminWrite = acme.grants.filter((g) => g.permissions.repository?.administration === "write").length;
    expect(share(adminWrite)).toBeGreaterThan(0);
    expect(share(adminWrite)).toBeLessThan(0.05);
  });

  it("spreads last use and expiry as specified, with grants always before last use", () => {
    const now = NOW.getTime();
    const age = (g: (typeof acme.grants)[number]) => (g.token_last_used_at ? now - Date.parse(g.token_last_used_at) : null);
    const never = acme.grants.filter((g) => g.token_last_used_at === null).length;
    expect(share(never)).toBeCloseTo(0.1, 1);
    const recent = acme.grants.filter((g) => (age(g) ?? Infinity) <= 7 * DAY).length;
    expect(share(recent)).toBeGreaterThan(0.3);
    const stale = acme.grants.filter((g) => (age(g) ?? 0) > 90 * DAY).length;
    expect(share(stale)).toBeGreaterThan(0.1);
    const expired = acme.grants.filter((g) => g.token_expired).length;
    expect(share(expired)).toBeCloseTo(0.05, 1);
    const noExpiry = acme.grants.filter((g) => g.token_expires_at === null).length;
    expect(share(noExpiry)).toBeCloseTo(0.25, 1);
    for (const g of acme.grants) {
      const granted = Date.parse(g.access_granted_at);
      expect(granted).toBeGreaterThan(now - 731 * DAY);
      if (g.token_last_used_at) expect(granted).toBeLessThan(Date.parse(g.token_last_used_at));
      if (g.token_expired) expect(Date.parse(g.token_expires_at!)).toBeLessThanOrEqual(now);
    }
  });

  it("keeps grant ids, token ids and request ids apart and unique", () => {
    const grantIds = new Set(acme.grants.map((g) => g.id));
    const tokenIds = new Set([...acme.grants, ...acme.requests].map((g) => g.token_id));
    expect(grantIds.size).toBe(2000);
    expect(tokenIds.size).toBe(2020);
    for (const id of grantIds) expect(tokenIds.has(id)).toBe(false);
    for (const r of acme.requests) expect(grantIds.has(r.id)).toBe(false);
    expect(acme.requests.some((r) => r.reason === null)).toBe(true);
    expect(acme.requests.some((r) => r.reason !== null)).toBe(true);
  });

  it("an org with no grants still has members, repos and the minimum of 3 requests", () => {
    const tiny = sim.control.org("tiny");
    expect(tiny.grants).toEqual([]);
    expect(tiny.members).toHaveLength(10);
    expect(tiny.repos).toHaveLength(23);
    expect(tiny.requests).toHaveLength(3);
  });
});
