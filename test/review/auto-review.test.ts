// decideRequest: the policy file's request rules as a pure decision.
import { describe, expect, it } from "vitest";
import { decideRequest, type ReviewableRequest } from "../../bot/review/auto-review.ts";
import { policyConfigSchema } from "../../bot/policies/config.ts";

const DAY = 86_400_000;
const now = new Date("2025-06-01T00:00:00Z");
const rules = policyConfigSchema.parse({
  requests: {
    deny: [
      { when: "forbidden_permissions", permissions: ["administration:write", "organization_secrets:read"], reason: "no admin or org secrets" },
      { when: "lifetime_over", days: 90, reason: "tokens must expire within 90 days" },
    ],
    approve: [
      { when: "read_only", repositories: ["api", "Docs"], reason: "read-only access to api and docs" },
    ],
  },
}).requests;

const request = (r: Partial<ReviewableRequest> = {}): ReviewableRequest => ({
  permissions: { repository: { contents: "read", metadata: "read" } },
  repositorySelection: "subset",
  createdAt: now,
  tokenExpiresAt: new Date(now.getTime() + 30 * DAY),
  repositories: ["api"],
  ...r,
});
const decide = (r: Partial<ReviewableRequest>) => decideRequest({ request: request(r), rules, now });

describe("decideRequest", () => {
  it("approves a read-only request for listed repositories (names case-insensitive)", () => {
    expect(decide({ repositories: ["api", "docs"] })).toEqual({ decision: "approve", reason: "read-only access to api and docs", rule: "requests.approve[0]", when: "read_only" });
  });

  it("denies a forbidden permission at that level or higher, before any approve rule", () => {
    expect(decide({ permissions: { repository: { administration: "write" } } })).toMatchObject({ decision: "deny", rule: "requests.deny[0]", reason: "no admin or org secrets" });
    expect(decide({ permissions: { organization: { organization_secrets: "write" } } })).toMatchObject({ decision: "deny", rule: "requests.deny[0]" });
    // administration:read is below the forbidden level, and read-only: approved.
    expect(decide({ permissions: { repository: { administration: "read" } } })).toMatchObject({ decision: "approve" });
  });

  it("denies a lifetime over the limit, or no expiry, counted from the request", () => {
    expect(decide({ tokenExpiresAt: null })).toMatchObject({ decision: "deny", rule: "requests.deny[1]", when: "lifetime_over" });
    expect(decide({ tokenExpiresAt: new Date(now.getTime() + 91 * DAY) })).toMatchObject({ decision: "deny", rule: "requests.deny[1]" });
    expect(decide({ tokenExpiresAt: new Date(now.getTime() + 90 * DAY) })).toMatchObject({ decision: "approve" });
  });

  it("leaves to a human: a write, all repositories, an unlisted or unknown repository", () => {
    expect(decide({ permissions: { repository: { contents: "write" } } })).toBeNull();
    expect(decide({ repositorySelection: "all", repositories: null })).toBeNull();
    expect(decide({ repositories: ["api", "secrets-vault"] })).toBeNull();
    expect(decide({ repositories: null })).toBeNull();
  });

  it("a read_only rule without a list approves any read-only request that is not for all repositories", () => {
    const open = policyConfigSchema.parse({ requests: { approve: [{ when: "read_only", reason: "read is fine" }] } }).requests;
    expect(decideRequest({ request: request({ repositories: ["anything"] }), rules: open, now })).toMatchObject({ decision: "approve" });
    expect(decideRequest({ request: request({ repositorySelection: "all" }), rules: open, now })).toBeNull();
  });

  it("decides nothing without rules", () => {
    expect(decideRequest({ request: request(), rules: { deny: [], approve: [] }, now })).toBeNull();
  });
});
