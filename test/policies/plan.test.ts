// Run planning without I/O: first warnings, the grace period, revocation when due, the caps (oldest
// warnings first), the stop switch, and warnings that resolve.
import { describe, expect, it } from "vitest";
import { policyConfigSchema, type PolicyConfig } from "../../bot/policies/config.ts";
import type { RuleMatch } from "../../bot/policies/evaluate.ts";
import { planRun, type PlanGrant } from "../../bot/policies/plan.ts";
import type { PolicyWarning } from "../../db/schema.ts";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;
const cfg = (over: Record<string, unknown> = {}): PolicyConfig => policyConfigSchema.parse({
  notify: { repository: "security-notices" },
  rules: [{ id: "idle", type: "idle", days: 30, mode: "revoke", graceDays: 7 }, { id: "left", type: "owner_left", mode: "notify" }],
  ...over,
});
const grants: PlanGrant[] = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, ownerLogin: i % 2 ? "bob" : "alice", tokenName: `t${i + 1}` }));
const match = (grantId: number, ruleId = "idle", mode: RuleMatch["mode"] = "revoke"): RuleMatch => ({ grantId, ruleId, ruleType: ruleId === "idle" ? "idle" : "owner_left", mode, detail: "d" });
const warning = (grantId: number, warnedDaysAgo: number, rule = "idle"): PolicyWarning => ({
  orgId: 1, grantId, rule, ownerLogin: "alice", mode: "revoke", status: "open", warnedAt: new Date(NOW.getTime() - warnedDaysAgo * DAY),
  revokeAfter: new Date(NOW.getTime() - (warnedDaysAgo - 7) * DAY), resolvedAt: null, lastRunId: 1,
});

describe("planRun", () => {
  it("warns on the first match (revocation after the grace period), notifies notify-mode matches, revokes nothing yet", () => {
    const plan = planRun({ matches: [match(1), match(2, "left", "notify")], grants, openWarnings: [], config: cfg(), now: NOW });
    expect(plan.open.map((w) => [w.grantId, w.rule, w.revokeAfter?.toISOString() ?? null])).toEqual([[1, "idle", "2025-06-22T12:00:00.000Z"], [2, "left", null]]);
    expect(plan.items.map((i) => i.outcome)).toEqual(["notified", "notified"]);
    expect(plan.revoke).toEqual([]);
  });

  it("keeps a warning in its grace period, revokes when due, resolves warnings that stopped matching", () => {
    const plan = planRun({ matches: [match(1), match(2)], grants, openWarnings: [warning(1, 3), warning(2, 8), warning(3, 8)], config: cfg(), now: NOW });
    expect(plan.items.map((i) => [i.grantId, i.outcome])).toEqual([[1, "skipped"], [2, "revoked"]]);
    expect(plan.items[0]!.detail).toMatch(/^grace period: revocation after 2025-06-19/);
    expect(plan.revoke.map((r) => r.grantId)).toEqual([2]);
    expect(plan.resolve).toEqual([{ key: { grantId: 3, rule: "idle" }, ownerLogin: "alice", reason: "no longer matches rule idle" }]);
  });

  it("caps revocations by count and by percent of active grants, oldest warnings first", () => {
    const due = [5, 6, 7, 8].map((id, i) => warning(id, 20 - i)); // 5 is the oldest
    const byCount = planRun({ matches: [8, 7, 6, 5].map((id) => match(id)), grants, openWarnings: due, config: cfg({ enforcement: { maxRevocationsPerRun: 2, maxRevocationPercent: 100 } }), now: NOW });
    expect(byCount.revoke.map((r) => r.grantId)).toEqual([5, 6]);
    expect(byCount.items.filter((i) => i.outcome === "skipped").map((i) => i.grantId).sort()).toEqual([7, 8]);
    expect(byCount.items.find((i) => i.grantId === 8)!.detail).toMatch(/^cap: at most 2 revocations per run/);
    // 20 active grants × 10 % = 2 as well; 5 % = 1.
    const byPercent = planRun({ matches: [5, 6, 7, 8].map((id) => match(id)), grants, openWarnings: due, config: cfg({ enforcement: { maxRevocationsPerRun: 50, maxRevocationPercent: 5 } }), now: NOW });
    expect(byPercent.revoke.map((r) => r.grantId)).toEqual([5]);
    expect(byPercent.cap.limit).toBe(1);
  });

  it("with the stop switch, nothing is warned, resolved or revoked", () => {
    const plan = planRun({ matches: [match(1), match(2)], grants, openWarnings: [warning(2, 8), warning(3, 8)], config: cfg({ enforcement: { stop: true } }), now: NOW });
    expect(plan).toMatchObject({ open: [], resolve: [], revoke: [], keep: [], stopped: true });
    expect(plan.items.map((i) => [i.outcome, i.detail])).toEqual([["skipped", "stop switch: d"], ["skipped", "stop switch: d"]]);
  });

  it("excepted and report-only matches never act, and resolve an open warning", () => {
    const excepted: RuleMatch = { ...match(2), excepted: { reason: "migration", until: "2025-07-01" } };
    const plan = planRun({ matches: [match(1, "idle", "report"), excepted], grants, openWarnings: [warning(2, 8)], config: cfg(), now: NOW });
    expect(plan.items.map((i) => i.outcome)).toEqual(["matched", "excepted"]);
    expect(plan.revoke).toEqual([]);
    expect(plan.resolve[0]!.reason).toBe("exception until 2025-07-01: migration");
  });
});
