// Rule evaluation with the clock fixed: every rule type, the "never matches" cases, and exceptions
// that hold through their last day (UTC) and stop applying after it.
import { describe, expect, it } from "vitest";
import { policyConfigSchema, type PolicyConfig } from "../../bot/policies/config.ts";
import { evaluateRules, type EvaluableGrant } from "../../bot/policies/evaluate.ts";
import { permissionTokens } from "../../model/permissions.ts";

const NOW = new Date("2025-06-15T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const daysAhead = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

let nextId = 1;
function grant(over: Partial<EvaluableGrant> = {}): EvaluableGrant {
  const permissions = over.permissions ?? { repository: { metadata: "read", contents: "read" } };
  return {
    id: nextId++, tokenName: "ci", ownerLogin: "alice", repositorySelection: "subset", permissions,
    permissionTokens: permissionTokens(permissions), accessGrantedAt: daysAgo(10), tokenExpired: false,
    tokenExpiresAt: daysAhead(30), tokenLastUsedAt: daysAgo(1), ownerIsMember: true, removedAt: null, ...over,
  };
}
const config = (rules: unknown[]): PolicyConfig => policyConfigSchema.parse({ rules, notify: { repository: "security-notices" } });
const hits = (grants: EvaluableGrant[], cfg: PolicyConfig, now = NOW) => evaluateRules({ grants, config: cfg, now }).map((m) => [m.grantId, m.ruleId]);

describe("evaluateRules", () => {
  it("idle: more than N days since last use; never-used tokens are not idle", () => {
    const old = grant({ tokenLastUsedAt: daysAgo(142) });
    const edge = grant({ tokenLastUsedAt: daysAgo(90) });
    const never = grant({ tokenLastUsedAt: null, accessGrantedAt: daysAgo(400) });
    const matches = evaluateRules({ grants: [old, edge, never], config: config([{ id: "idle-90", type: "idle", days: 90, mode: "revoke" }]), now: NOW });
    expect(matches).toEqual([{ grantId: old.id, ruleId: "idle-90", ruleType: "idle", mode: "revoke", detail: "not used for 142 days (limit 90)" }]);
  });

  it("never_used: no use and granted more than N days ago", () => {
    const a = grant({ tokenLastUsedAt: null, accessGrantedAt: daysAgo(45) });
    const b = grant({ tokenLastUsedAt: null, accessGrantedAt: daysAgo(20) });
    const c = grant({ tokenLastUsedAt: daysAgo(100), accessGrantedAt: daysAgo(200) });
    expect(hits([a, b, c], config([{ id: "nu", type: "never_used", days: 30 }]))).toEqual([[a.id, "nu"]]);
  });

  it("lifetime: expiry minus grant date over the limit, and no expiry unless excluded", () => {
    const long = grant({ accessGrantedAt: daysAgo(10), tokenExpiresAt: daysAhead(400) });
    const short = grant({ accessGrantedAt: daysAgo(10), tokenExpiresAt: daysAhead(30) });
    const none = grant({ tokenExpiresAt: null });
    expect(hits([long, short, none], config([{ id: "life", type: "lifetime", maxDays: 366 }]))).toEqual([[long.id, "life"], [none.id, "life"]]);
    expect(hits([long, short, none], config([{ id: "life", type: "lifetime", maxDays: 366, includeNoExpiry: false }]))).toEqual([[long.id, "life"]]);
  });

  it("forbidden permissions match at that level or higher", () => {
    const admin = grant({ permissions: { repository: { administration: "write" } } });
    const read = grant({ permissions: { repository: { administration: "read" } } });
    const orgAdmin = grant({ permissions: { organization: { organization_administration: "write" } } });
    const cfg = config([{ id: "f", type: "forbidden_permissions", permissions: ["administration:write", "organization_administration:read"] }]);
    const ms = evaluateRules({ grants: [admin, read, orgAdmin], config: cfg, now: NOW });
    expect(ms.map((m) => [m.grantId, m.detail])).toEqual([[admin.id, "holds administration:write"], [orgAdmin.id, "holds organization_administration:read"]]);
  });

  it("all_repositories_write: all repositories and a repository permission at write or admin", () => {
    const allWrite = grant({ repositorySelection: "all", permissions: { repository: { contents: "write", metadata: "read" } } });
    const allRead = grant({ repositorySelection: "all", permissions: { repository: { contents: "read" } } });
    const subsetWrite = grant({ repositorySelection: "subset", permissions: { repository: { contents: "write" } } });
    expect(hits([allWrite, allRead, subsetWrite], config([{ id: "aw", type: "all_repositories_write" }]))).toEqual([[allWrite.id, "aw"]]);
  });

  it("owner_left only when membership is known to be false", () => {
    const left = grant({ ownerIsMember: false });
    const unknown = grant({ ownerIsMember: null });
    expect(hits([left, unknown, grant()], config([{ id: "left", type: "owner_left" }]))).toEqual([[left.id, "left"]]);
  });

  it("never matches removed or expired grants", () => {
    const cfg = config([{ id: "left", type: "owner_left" }]);
    const removed = grant({ ownerIsMember: false, removedAt: daysAgo(1) });
    const expiredFlag = grant({ ownerIsMember: false, tokenExpired: true });
    const pastExpiry = grant({ ownerIsMember: false, tokenExpiresAt: daysAgo(1) });
    expect(hits([removed, expiredFlag, pastExpiry], cfg)).toEqual([]);
  });

  it("exceptions (token name exact, owner any case) hold through their last day, then the rule applies again", () => {
    const byName = grant({ tokenName: "deploy-bot", tokenLastUsedAt: daysAgo(200) });
    const otherName = grant({ tokenName: "Deploy-Bot", tokenLastUsedAt: daysAgo(200) });
    const byOwner = grant({ ownerLogin: "Bob", tokenLastUsedAt: daysAgo(200) });
    const cfg = config([{
      id: "idle", type: "idle", days: 90,
      exceptions: [{ token: "deploy-bot", reason: "release pipeline", until: "2025-06-30" }, { owner: "bob", reason: "on leave", until: "2025-06-30" }],
    }]);
    const run = (now: Date) => evaluateRules({ grants: [byName, otherName, byOwner], config: cfg, now }).map((m) => [m.grantId, m.excepted?.reason ?? null]);
    expect(run(new Date("2025-06-30T23:59:59Z"))).toEqual([[byName.id, "release pipeline"], [otherName.id, null], [byOwner.id, "on leave"]]);
    expect(run(new Date("2025-07-01T00:00:00Z"))).toEqual([[byName.id, null], [otherName.id, null], [byOwner.id, null]]);
  });

  it("reports every rule a grant matches, grants in id order", () => {
    const g = grant({ ownerIsMember: false, tokenExpiresAt: null, tokenLastUsedAt: daysAgo(100) });
    const cfg = config([{ id: "idle", type: "idle", days: 90 }, { id: "life", type: "lifetime", maxDays: 30 }, { id: "left", type: "owner_left" }]);
    expect(hits([g], cfg)).toEqual([[g.id, "idle"], [g.id, "life"], [g.id, "left"]]);
  });
});
