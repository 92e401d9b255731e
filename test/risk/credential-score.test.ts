// An SSO credential's risk score as a pure function of the credential and a fixed clock.
import { describe, expect, it } from "vitest";
import { scoreCredential } from "../../bot/risk/credential-score.ts";
import { scopeTier } from "../../model/credential-scopes.ts";
import { HIGH_RISK, type ScoredCredential } from "../../model/risk.ts";

const DAY = 86_400_000;
const now = new Date("2025-06-01T00:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

/** A classic PAT with read:org, used yesterday, expiring in 30 days: as harmless as one gets. */
const base: ScoredCredential = {
  credentialType: "personal access token", scopes: ["read:org"], authorizedAt: ago(60), accessedAt: ago(1), expiresAt: ago(-30), ownerIsMember: true,
};
const score = (c: Partial<ScoredCredential>) => scoreCredential({ ...base, ...c }, now);
const codes = (c: Partial<ScoredCredential>) => score(c).reasons.map((r) => r.code);

describe("scoreCredential", () => {
  it("scores a read-only, recently accessed, soon expiring PAT 3 (read scope only)", () => {
    expect(score({})).toEqual({ score: 3, reasons: [{ code: "credential_scope_read", points: 3, text: "read scope: read:org" }] });
    expect(score({ scopes: [] })).toEqual({ score: 0, reasons: [] });
  });

  it("weighs admin scopes most, then write, naming them (one reason, the worst tier)", () => {
    expect(score({ scopes: ["delete_repo", "admin:org", "gist"] }).reasons[0]).toEqual({ code: "credential_scope_admin", points: 35, text: "sensitive scope: admin:org, delete_repo" });
    expect(codes({ scopes: ["gist", "read:user"] })).toEqual(["credential_scope_write"]);
    for (const s of ["workflow", "admin:enterprise", "admin:repo_hook", "admin:org_hook", "write:packages", "delete:packages", "site_admin"]) expect(scopeTier(s)).toBe("admin");
    expect(scopeTier("user")).toBe("write");
    expect(scopeTier("read:packages")).toBe("read");
    expect(scopeTier("some:future_scope")).toBe("read");
  });

  it("adds every repository for repo (20), public ones for public_repo (8)", () => {
    expect(score({ scopes: ["repo"] }).reasons).toEqual([
      { code: "credential_all_repositories", points: 20, text: "repo scope: every repository its owner can reach" },
      { code: "credential_scope_write", points: 15, text: "write scope: repo" },
    ]);
    expect(codes({ scopes: ["public_repo"] })).toEqual(["credential_scope_write", "credential_public_repositories"]);
  });

  it("scores an SSH key (no scopes) as git write to every repository that never expires", () => {
    const r = score({ credentialType: "SSH key", scopes: [], expiresAt: null });
    expect(r.reasons.map((x) => [x.code, x.points])).toEqual([
      ["credential_all_repositories", 20], ["credential_no_expiry", 20], ["credential_scope_write", 15],
    ]);
    expect(r.score).toBe(55);
  });

  it("no expiry weighs 20, an expiry over a year away 10, a passed expiry nothing", () => {
    expect(score({ expiresAt: null }).reasons).toContainEqual({ code: "credential_no_expiry", points: 20, text: "never expires" });
    expect(score({ expiresAt: ago(-400) }).reasons).toContainEqual({ code: "far_expiry", points: 10, text: "expires in 400 days" });
    expect(codes({ expiresAt: ago(1) })).toEqual(["credential_scope_read"]);
  });

  it("grows with idle days and counts never accessed from the authorization", () => {
    expect(codes({ accessedAt: ago(30) })).toEqual(["credential_scope_read"]);
    expect(score({ accessedAt: ago(31) }).reasons).toContainEqual({ code: "idle_over_30", points: 8, text: "not accessed for 31 days" });
    expect(codes({ accessedAt: ago(91) })).toContain("idle_over_90");
    expect(codes({ accessedAt: ago(181) })).toContain("idle_over_180");
    expect(score({ accessedAt: null }).reasons).toContainEqual({ code: "never_used", points: 15, text: "never accessed (authorized 60 days ago)" });
    expect(codes({ accessedAt: null, authorizedAt: ago(3) })).toContain("never_used_recent");
  });

  it("adds the owner-left reason; the worst classic PAT caps at 100 and is high risk", () => {
    expect(codes({ ownerIsMember: false })).toContain("owner_left");
    expect(codes({ ownerIsMember: null })).not.toContain("owner_left");
    const worst = score({ scopes: ["repo", "admin:org", "workflow"], expiresAt: null, accessedAt: null, ownerIsMember: false });
    expect(worst.score).toBe(100);
    expect(score({ scopes: ["repo", "admin:org"], expiresAt: null }).score).toBeGreaterThanOrEqual(HIGH_RISK);
  });
});
