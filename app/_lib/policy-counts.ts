// What a policy run counted, in the same words on the runs table, a run's page and the rules table:
// "matched" is every match whatever became of it, split into report only / notified / revoked /
// skipped / excepted; and where a rule's count differs from the category elsewhere (rules skip
// expired tokens), both numbers side by side: "2 of 4 owner-left grants; 2 are expired".
import { POLICY_OUTCOMES, type PolicyOutcome } from "../../model/statuses.ts";
import { plural } from "../../model/words.ts";

export type RuleScope = { rule: string; matched: number; expired: number; text: string };

/** The category word a rule type counts, as the overview and the grants filter say it. */
const CATEGORY_WORD: Record<string, string> = {
  idle: "idle", never_used: "never-used", lifetime: "long-lived or never-expiring", forbidden_permissions: "matching",
  all_repositories_write: "all-repositories-with-write", owner_left: "owner-left",
};


/** "80 of 87 owner-left grants; 7 are expired (rules act on live tokens only)", or "80 grants" when none is expired. */
export function ruleScopeText({ type, matched, expired }: { type: string; matched: number; expired: number }): string {
  if (expired === 0) return plural(matched, "grant", "grants");
  const word = CATEGORY_WORD[type] ?? "matching";  // a run recorded before types were kept
  return `${matched.toLocaleString("en-US")} of ${plural(matched + expired, `${word} grant`, `${word} grants`)}; ${expired.toLocaleString("en-US")} ${expired === 1 ? "is" : "are"} expired (rules act on live tokens only)`;
}

type StoredSummary = { perRule?: Record<string, Partial<Record<PolicyOutcome, number>>>; expiredSkipped?: Record<string, number>; ruleTypes?: Record<string, string> };

/** Per rule of a recorded run: grants matched (any outcome) and expired grants skipped; a run recorded before expiredSkipped was kept reads 0. */
export function ruleScopes({ summary }: { summary: unknown }): Map<string, RuleScope> {
  const s = (summary ?? {}) as StoredSummary;
  const out = new Map<string, RuleScope>();
  for (const [id, counts] of Object.entries(s.perRule ?? {})) {
    const type = s.ruleTypes?.[id] ?? "";
    const matched = POLICY_OUTCOMES.reduce((n, o) => n + (counts[o] ?? 0), 0);
    const expired = s.expiredSkipped?.[id] ?? 0;
    out.set(id, { rule: id, matched, expired, text: ruleScopeText({ type, matched, expired }) });
  }
  return out;
}

/** Column order and words shared by the runs table and a run's page. */
export const OUTCOME_COLUMNS: { outcome: PolicyOutcome; header: string }[] = [
  { outcome: "matched", header: "Report only" },
  { outcome: "notified", header: "Notified" },
  { outcome: "revoked", header: "Revoked" },
  { outcome: "skipped", header: "Skipped" },
  { outcome: "excepted", header: "Excepted" },
];
