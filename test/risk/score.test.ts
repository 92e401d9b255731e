// The risk score as a pure function of a grant and a fixed clock.
import { describe, expect, it } from "vitest";
import { finishRisk, scoreGrant } from "../../bot/risk/score.ts";
import { type ScoredGrant } from "../../model/risk.ts";

const DAY = 86_400_000;
const now = new Date("2025-06-01T00:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

/** Used yesterday, expires in 30 days, one repository read: about as harmless as a grant gets. */
const base: ScoredGrant = {
  permissions: { repository: { metadata: "read" } },
  repositorySelection: "subset",
  accessGrantedAt: ago(60),
  tokenExpired: false,
  tokenExpiresAt: ago(-30),
  tokenLastUsedAt: ago(1),
  ownerIsMember: true,
};
const codes = (g: Partial<ScoredGrant>) => scoreGrant({ ...base, ...g }, now).reasons.map((r) => r.code);

describe("scoreGrant", () => {
  it("scores a recently used, soon expiring metadata-only grant 0 with no reasons", () => {
    expect(scoreGrant(base, now)).toEqual({ score: 0, reasons: [] });
  });

  it("weighs a sensitive write most, then any write, then sensitive read, then read (one reason, the worst)", () => {
    const perm = (repository: Record<string, string>) => scoreGrant({ ...base, permissions: { repository } }, now).reasons[0];
    expect(perm({ administration: "write", contents: "write" })).toEqual({ code: "permission_sensitive_write", points: 35, text: "sensitive write permission: administration:write" });
    expect(perm({ contents: "write", issues: "read" })).toMatchObject({ code: "permission_write", points: 15, text: "write permission: contents:write" });
    expect(perm({ secrets: "read", contents: "read" })).toMatchObject({ code: "permission_sensitive_read", points: 8 });
    expect(perm({ contents: "read", metadata: "read" })).toMatchObject({ code: "permission_read", points: 3, text: "read permission: contents:read" });
    expect(codes({ permissions: { repository: { administration: "write", contents: "write" } } })).toEqual(["permission_sensitive_write"]);
  });

  it("adds organization-level permissions on top of repository ones", () => {
    const r = scoreGrant({ ...base, permissions: { organization: { members: "write" }, repository: { contents: "read" } } }, now);
    expect(r.reasons.map((x) => [x.code, x.points])).toEqual([["permission_sensitive_write", 35], ["org_permission_write", 15]]);
    expect(r.score).toBe(50);
    expect(codes({ permissions: { organization: { organization_plan: "read" } } })).toEqual(["org_permission_read", "permission_read"]);
  });

  it("counts all repositories, more with a repository write", () => {
    expect(scoreGrant({ ...base, repositorySelection: "all" }, now).reasons).toEqual([{ code: "all_repositories", points: 8, text: "all repositories" }]);
    expect(codes({ repositorySelection: "all", permissions: { repository: { issues: "write" } } })).toEqual(["all_repositories_write", "permission_write"]);
  });

  it("grows with idle days, and counts never used by the grant's age", () => {
    expect(codes({ tokenLastUsedAt: ago(30) })).toEqual([]);
    expect(scoreGrant({ ...base, tokenLastUsedAt: ago(31) }, now).reasons).toEqual([{ code: "idle_over_30", points: 8, text: "not used for 31 days" }]);
    expect(codes({ tokenLastUsedAt: ago(91) })).toEqual(["idle_over_90"]);
    expect(codes({ tokenLastUsedAt: ago(200) })).toEqual(["idle_over_180"]);
    expect(scoreGrant({ ...base, tokenLastUsedAt: null }, now).reasons).toEqual([{ code: "never_used", points: 15, text: "never used (granted 60 days ago)" }]);
    expect(codes({ tokenLastUsedAt: null, accessGrantedAt: ago(3) })).toEqual(["never_used_recent"]);
  });

  it("counts no expiry and an expiry more than a year away; an expired token's expiry adds nothing", () => {
    expect(codes({ tokenExpiresAt: null })).toEqual(["no_expiry"]);
    expect(scoreGrant({ ...base, tokenExpiresAt: ago(-400) }, now).reasons).toEqual([{ code: "far_expiry", points: 10, text: "expires in 400 days" }]);
    expect(codes({ tokenExpiresAt: ago(-366) })).toEqual([]);
    expect(codes({ tokenExpiresAt: null, tokenExpired: true })).toEqual([]);
  });

  it("adds the owner leaving the org, not an unknown membership", () => {
    expect(codes({ ownerIsMember: false })).toEqual(["owner_left"]);
    expect(codes({ ownerIsMember: null })).toEqual([]);
  });

  it("orders reasons by points (ties by code) and caps the score at 100", () => {
    const worst = scoreGrant({
      permissions: { organization: { organization_administration: "write" }, repository: { secrets: "write" } },
      repositorySelection: "all", accessGrantedAt: ago(500), tokenExpired: false, tokenExpiresAt: null, tokenLastUsedAt: null, ownerIsMember: false,
    }, now);
    expect(worst.score).toBe(100);
    expect(worst.reasons.map((r) => r.points)).toEqual([35, 25, 20, 15, 15, 15]);
    expect(worst.reasons.map((r) => r.code)).toEqual(["permission_sensitive_write", "owner_left", "all_repositories_write", "never_used", "no_expiry", "org_permission_write"]);
    expect(worst.reasons.reduce((n, r) => n + r.points, 0)).toBe(125);
    expect(finishRisk([{ code: "b", points: 1, text: "" }, { code: "a", points: 1, text: "" }]).reasons.map((r) => r.code)).toEqual(["a", "b"]);
  });

  it("depends only on its inputs (the clock moves the idle reason)", () => {
    const g = { ...base, tokenLastUsedAt: ago(85) };
    expect(scoreGrant(g, now).score).toBe(8);
    expect(scoreGrant(g, new Date(now.getTime() + 10 * DAY)).score).toBe(15);
  });
});
