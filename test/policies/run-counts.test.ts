// Policy results name what they count: "matched" on the runs table is every match of the run and
// equals the run page's count; a match that warns the owner is not shown as "matched 0"; the
// outcome columns add up to it; and a rule's matches sit beside the category count it differs from.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyConfigSchema } from "../../bot/policies/config.ts";
import { runPolicies } from "../../bot/policies/run-policies.ts";
import { describePolicy, describeRun } from "../../bot/cli/policy-output.ts";
import { getEffectivePolicy } from "../../bot/policies/effective.ts";
import type { DbHandle } from "../../db/client.ts";
import { countGrants } from "../../db/queries/grants.ts";
import { savePolicyConfigRow } from "../../db/queries/policy-configs.ts";
import { listPolicyRunItemsView, listPolicyRunsView } from "../../db/queries/policy-views.ts";
import { ruleScopes, ruleScopeText } from "../../app/_lib/policy-counts.ts";
import { POLICY_OUTCOMES } from "../../model/statuses.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertGrant, insertOrg } from "../app/factories.ts";

const now = new Date("2026-06-15T12:00:00Z");
let h: DbHandle;
let org: { id: number; login: string };

beforeAll(async () => {
  h = await createTestDb();
  org = await insertOrg({ db: h.db, login: "counts" });
  const g = (spec: Parameters<typeof insertGrant>[0]["spec"]) => insertGrant({ db: h.db, orgId: org.id, now, spec: { ownerLogin: "alice", ...spec } });
  await g({ ownerIsMember: false, lastUsedDaysAgo: 200, expiresInDays: 30 });
  await g({ ownerIsMember: false, lastUsedDaysAgo: 5, expiresInDays: 30 });
  await g({ ownerIsMember: false, lastUsedDaysAgo: 200, expiresInDays: -2 });
  await g({ ownerIsMember: true, lastUsedDaysAgo: 150, expiresInDays: 30 });
  await g({ ownerIsMember: true, lastUsedDaysAgo: 1, expiresInDays: 30 });
  const config = policyConfigSchema.parse({
    notify: { repository: "security-notices" },
    rules: [{ id: "owner-left", type: "owner_left", mode: "notify" }, { id: "idle-90", type: "idle", days: 90 }],
  });
  await savePolicyConfigRow({ db: h.db, orgId: org.id, row: { status: "valid", repository: ".github", path: ".github/patwarden.yml", sha: "abc", source: "", config, errors: [] } });
});
afterAll(async () => h?.close());

describe("policy run counts", () => {
  it("the runs table's matched equals the run page's count; warned matches are not 'matched 0'", async () => {
    const result = await runPolicies({ db: h.db, octokit: {} as never, org, now, dryRun: true, trigger: "test", actor: "alice" });
    const [row] = await listPolicyRunsView({ db: h.db, orgId: org.id });
    const detail = await listPolicyRunItemsView({ db: h.db, orgId: org.id, runId: result.runId });
    // owner-left: 2 live grants warned; idle-90: 2 live grants reported (the expired ones are not matched).
    expect({ matches: row!.matches, counts: row!.counts }).toEqual({
      matches: 4, counts: { matched: 2, notified: 2, revoked: 0, skipped: 0, excepted: 0 },
    });
    expect({ total: detail.total, counts: detail.counts }).toEqual({ total: row!.matches, counts: row!.counts });
    expect(POLICY_OUTCOMES.reduce((n, o) => n + row!.counts[o], 0)).toBe(row!.matches);

    const text = describeRun({ org: org.login, result });
    expect(text).toMatch(/rule\s+matched\s+report only\s+notified\s+revoked\s+skipped\s+excepted\s+expired \(not matched\)/);
    expect(text).toMatch(/owner-left\s+2\s+0\s+2\s+0\s+0\s+0\s+1/);
    expect(text).toMatch(/active grants, 4 matches; .*, 2 report only\./);
    expect(text).toMatch(/idle-90\s+report only\s+not used for 200 days/);
  });

  it("a rule's matches sit beside the category's count, with the expired difference explained", async () => {
    const [row] = await listPolicyRunsView({ db: h.db, orgId: org.id });
    const ownerLeft = await countGrants({ db: h.db, orgId: org.id, filter: { ownerLeft: true }, now });
    const scope = ruleScopes({ summary: row!.summary }).get("owner-left")!;
    expect({ ...scope, category: ownerLeft }).toEqual({
      rule: "owner-left", matched: 2, expired: 1, category: 3,
      text: "2 of 3 owner-left grants; 1 is expired (rules act on live tokens only)",
    });
    expect(ruleScopeText({ type: "idle", matched: 1, expired: 0 })).toBe("1 grant");
    expect(describePolicy(await getEffectivePolicy({ db: h.db, orgId: org.id }))).toMatch(/idle-90 .*\nRules match live tokens only: an expired grant is left out/);
  });
});
