// Pure shaping for the policies page: each rule in words, exceptions flagged once past their end
// date, the policy file's lines with their errors beside them, and a run's items grouped by rule.
import type { PolicyConfigError, PolicyRule, RequestRule } from "../../bot/policies/config.ts";
import { exceptionHolds } from "../../bot/policies/evaluate.ts";
import { POLICY_OUTCOMES, type PolicyOutcome } from "../../model/statuses.ts";

export type ExceptionView = { subject: string; reason: string; until: string; expired: boolean };
export type RuleView = { id: string; type: string; label: string; condition: string; note: string; mode: string; graceDays: number; exceptions: ExceptionView[] };

const TYPE_LABELS: Record<PolicyRule["type"], string> = {
  idle: "Idle", never_used: "Never used", lifetime: "Lifetime", forbidden_permissions: "Forbidden permissions",
  all_repositories_write: "All repositories with write", owner_left: "Owner left the org",
};

function condition(rule: PolicyRule): string {
  switch (rule.type) {
    case "idle": return `not used for more than ${rule.days} days`;
    case "never_used": return `never used, and granted more than ${rule.days} days ago`;
    case "lifetime": return `expires more than ${rule.maxDays} days after being granted${rule.includeNoExpiry ? ", or never expires" : ""}`;
    case "forbidden_permissions": return `holds any of ${rule.permissions.join(", ")} (that level or higher)`;
    case "all_repositories_write": return "reaches all repositories with a repository permission at write or admin";
    case "owner_left": return "the owner is no longer a member of the org";
  }
}

/** Where a rule deliberately counts fewer grants than the category of the same name elsewhere, and why. */
function note(rule: PolicyRule): string {
  const live = "Live tokens only: an expired token is not matched (nothing is left to act on), so the overview and the grants table, which count it, can show more.";
  if (rule.type === "idle") return `${live} Never-used tokens are the never_used rule's; together the two are "stale".`;
  if (rule.type === "never_used") return `${live} Only tokens granted more than ${rule.days} days ago.`;
  return live;
}

/** Past its `until` day (UTC, inclusive), as the policy engine decides it. */
export function isExceptionExpired(until: string, now: Date): boolean {
  return !exceptionHolds(until, now);
}

export function describeRule(rule: PolicyRule, now: Date): RuleView {
  return {
    id: rule.id, type: rule.type, label: TYPE_LABELS[rule.type], condition: condition(rule), note: note(rule), mode: rule.mode, graceDays: rule.graceDays,
    exceptions: rule.exceptions.map((e) => ({
      subject: e.token ? `token “${e.token}”` : `owner @${e.owner ?? ""}`, reason: e.reason, until: e.until, expired: isExceptionExpired(e.until, now),
    })),
  };
}

export function describeRequestRule(rule: RequestRule): string {
  switch (rule.when) {
    case "forbidden_permissions": return `asks for any of ${rule.permissions.join(", ")} (that level or higher)`;
    case "lifetime_over": return `the token expires more than ${rule.days} days after the request, or never`;
    case "read_only": return `read-only permissions, not all repositories${rule.repositories?.length ? `, only ${rule.repositories.join(", ")}` : ""}`;
  }
}

export type SourceLine = { n: number; text: string; errors: PolicyConfigError[] };

/** Every line of the file numbered from 1, each with the errors that point at it; errors without a line go to `unplaced`. */
export function annotateSource(source: string, errors: PolicyConfigError[]): { lines: SourceLine[]; unplaced: PolicyConfigError[] } {
  const lines = source.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n").map((text, i) => ({ n: i + 1, text, errors: [] as PolicyConfigError[] }));
  const unplaced: PolicyConfigError[] = [];
  for (const e of errors) {
    const line = e.line !== null ? lines[e.line - 1] : undefined;
    if (line) line.errors.push(e);
    else unplaced.push(e);
  }
  return { lines, unplaced };
}

export type RunItemLike = { grantId: number; rule: string; mode: string; outcome: PolicyOutcome; detail: string | null; ownerLogin: string; tokenName: string };
export type RuleGroup<T extends RunItemLike> = { rule: string; mode: string; counts: Record<PolicyOutcome, number>; items: T[] };

const zeroCounts = () => Object.fromEntries(POLICY_OUTCOMES.map((o) => [o, 0])) as Record<PolicyOutcome, number>;

/** Items per rule (rules in first-seen order), counted per outcome; within a rule, the order given. */
export function groupRunItems<T extends RunItemLike>(items: T[]): RuleGroup<T>[] {
  const groups = new Map<string, RuleGroup<T>>();
  for (const item of items) {
    let g = groups.get(item.rule);
    if (!g) groups.set(item.rule, (g = { rule: item.rule, mode: item.mode, counts: zeroCounts(), items: [] }));
    g.counts[item.outcome] += 1;
    g.items.push(item);
  }
  return [...groups.values()];
}

// "matched" as an outcome is a report-only match: it is named so, never "matched", which is every match.
const DONE: Record<PolicyOutcome, string> = { matched: "report only", notified: "owner warned", revoked: "revoked", skipped: "skipped", excepted: "excepted" };
const PLANNED: Record<PolicyOutcome, string> = { matched: "report only", notified: "would warn owner", revoked: "would revoke", skipped: "would skip", excepted: "excepted" };

/** An outcome in words: what a run did, or for a dry run what it would do. */
export function outcomeText(outcome: PolicyOutcome, dryRun: boolean): string {
  return (dryRun ? PLANNED : DONE)[outcome];
}
