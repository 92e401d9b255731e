// Counts a run records (and the dashboard and CLI show), and the revocation reason the audit log keeps.
import { POLICY_OUTCOMES, type PolicyOutcome } from "../../model/statuses.ts";
import type { PolicyRule } from "./config.ts";
import type { PlannedItem, RunPlan } from "./plan.ts";
import type { CredentialRunSummary } from "./plan-credentials.ts";

export type OutcomeCounts = Record<PolicyOutcome, number>;

export type PolicySummary = {
  activeGrants: number;
  outcomes: OutcomeCounts;
  perRule: Record<string, OutcomeCounts>;
  /**
   * Per rule, the grants its condition selects that the run skipped because they have expired
   * (rules act on live tokens only): matches + this = the category's count on the overview and in the filter.
   * Absent in runs recorded before it was kept.
   */
  expiredSkipped?: Record<string, number>;
  /** Each rule's type, so a recorded run names its categories after the file changed. */
  ruleTypes?: Record<string, PolicyRule["type"]>;
  warnings: { opened: number; resolved: number; revoked: number };
  notices: { created: number; updated: number; closed: number; unchanged: number; commented: number; webhookSent: boolean };
  cap: RunPlan["cap"];
  stopped: boolean;
  errors: string[];
  /** The credential rules' part of the run (absent in runs recorded before credential rules existed). */
  credentials?: CredentialRunSummary;
};

const zero = (): OutcomeCounts => Object.fromEntries(POLICY_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

export function summarize({ plan, items, rules, expiredSkipped = {} }: {
  plan: RunPlan; items: PlannedItem[]; rules: PolicyRule[]; expiredSkipped?: Record<string, number>;
}): PolicySummary {
  const outcomes = zero();
  const perRule: Record<string, OutcomeCounts> = Object.fromEntries(rules.map((r) => [r.id, zero()]));
  for (const item of items) {
    outcomes[item.outcome] += 1;
    (perRule[item.rule] ??= zero())[item.outcome] += 1;
  }
  return {
    activeGrants: plan.cap.activeGrants, outcomes, perRule, expiredSkipped, ruleTypes: Object.fromEntries(rules.map((r) => [r.id, r.type])),
    warnings: { opened: plan.open.length, resolved: plan.resolve.length, revoked: 0 },
    notices: { created: 0, updated: 0, closed: 0, unchanged: 0, commented: 0, webhookSent: false },
    cap: plan.cap, stopped: plan.stopped, errors: [],
  };
}

/** What the rule asks, for the audit log's reason ("policy idle-90: not used for more than 90 days"). Rules act on live tokens only. */
export function describeRule(rule: PolicyRule): string {
  switch (rule.type) {
    case "idle": return `not used for more than ${rule.days} days`;
    case "never_used": return `never used, granted more than ${rule.days} days ago`;
    case "lifetime": return `expires more than ${rule.maxDays} days after being granted${rule.includeNoExpiry ? ", or never" : ""}`;
    case "forbidden_permissions": return `holds ${rule.permissions.join(" or ")} (or higher)`;
    case "all_repositories_write": return "all repositories with a write permission";
    case "owner_left": return "owner is no longer a member";
  }
}

export function revocationReason({ ruleIds, rules, runId }: { ruleIds: string[]; rules: PolicyRule[]; runId: number }): string {
  const parts = [...new Set(ruleIds)].map((id) => {
    const rule = rules.find((r) => r.id === id);
    return `policy ${id}: ${rule ? describeRule(rule) : "rule"}`;
  });
  return `${parts.join("; ")} (policy run ${runId}, after the grace period)`.slice(0, 1024);
}
