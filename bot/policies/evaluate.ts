// Rule evaluation: which active grants each rule of a policy file matches at a given instant.
// Pure (no clock, no I/O), so runs, dry runs, the dashboard and tests all get the same answer.
import type { Grant } from "../../db/schema.ts";
import { DAY_MS, hasNoExpiry, isAllReposWrite, isExpired, isNeverUsed, isStale, ownerLeft } from "../../model/categories.ts";
import type { PolicyMode } from "../../model/statuses.ts";
import type { PolicyConfig, PolicyException, PolicyRule, PolicyRuleType } from "./config.ts";

/** The grant fields rules read (a full `Grant` row fits). */
export type EvaluableGrant = Pick<
  Grant,
  | "id" | "tokenName" | "ownerLogin" | "repositorySelection" | "permissions" | "permissionTokens"
  | "accessGrantedAt" | "tokenExpired" | "tokenExpiresAt" | "tokenLastUsedAt" | "ownerIsMember" | "removedAt"
>;

export type RuleMatch = {
  grantId: number;
  ruleId: string;
  ruleType: PolicyRuleType;
  mode: PolicyMode;
  /** Human text, e.g. "not used for 142 days". */
  detail: string;
  /** Set when an exception currently holds: the match is reported, never acted on. */
  excepted?: { reason: string; until: string };
};

/** Every (grant, rule) match, grants in id order, rules in file order. Removed and expired grants never match. */
export function evaluateRules({ grants, config, now }: { grants: EvaluableGrant[]; config: PolicyConfig; now: Date }): RuleMatch[] {
  const out: RuleMatch[] = [];
  const sorted = [...grants].sort((a, b) => a.id - b.id);
  for (const grant of sorted) {
    if (!isLive(grant, now)) continue;
    for (const rule of config.rules) {
      const detail = matchRule(rule, grant, now);
      if (detail === null) continue;
      const exception = activeException(rule.exceptions, grant, now);
      out.push({
        grantId: grant.id, ruleId: rule.id, ruleType: rule.type, mode: rule.mode, detail,
        ...(exception ? { excepted: { reason: exception.reason, until: exception.until } } : {}),
      });
    }
  }
  return out;
}

/** Nothing can be done about a removed or expired grant: it is no longer a risk a rule should act on. */
function isLive(grant: EvaluableGrant, now: Date): boolean {
  return grant.removedAt === null && !isExpired(grant, now);
}

/**
 * Per rule, the grants its condition selects that the run skips because they have expired: what
 * separates a rule's matches from the category's count elsewhere ("80 of 87 owner-left grants; 7 are expired").
 */
export function countExpiredMatches({ grants, config, now }: { grants: EvaluableGrant[]; config: PolicyConfig; now: Date }): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(config.rules.map((r) => [r.id, 0]));
  for (const grant of grants) {
    if (grant.removedAt !== null || !isExpired(grant, now)) continue;
    for (const rule of config.rules) if (matchRule(rule, grant, now) !== null) out[rule.id] = (out[rule.id] ?? 0) + 1;
  }
  return out;
}

const wholeDays = (ms: number) => Math.floor(ms / DAY_MS);

/**
 * The detail text when the rule matches, null otherwise. The conditions are model/categories.ts's
 * predicates, so idle + never_used over N days is "stale" (N), owner_left is "owner left" and
 * all_repositories_write is "all repositories with write", as the filter and overview count them.
 */
export function matchRule(rule: PolicyRule, grant: EvaluableGrant, now: Date): string | null {
  const nowMs = now.getTime();
  switch (rule.type) {
    case "idle": {
      if (!grant.tokenLastUsedAt || !isStale(grant, now, rule.days)) return null;
      return `not used for ${wholeDays(nowMs - grant.tokenLastUsedAt.getTime())} days (limit ${rule.days})`;
    }
    case "never_used": {
      if (!isNeverUsed(grant) || !isStale(grant, now, rule.days)) return null;
      return `never used, granted ${wholeDays(nowMs - grant.accessGrantedAt.getTime())} days ago (limit ${rule.days})`;
    }
    case "lifetime": {
      if (hasNoExpiry(grant)) return rule.includeNoExpiry ? "never expires" : null;
      if (!grant.tokenExpiresAt) return null;
      const lifeMs = grant.tokenExpiresAt.getTime() - grant.accessGrantedAt.getTime();
      return lifeMs > rule.maxDays * DAY_MS ? `expires ${wholeDays(lifeMs)} days after being granted (limit ${rule.maxDays})` : null;
    }
    case "forbidden_permissions": {
      // permission_tokens lists every level held and every weaker one, so "name:write" covers write and admin.
      const held = new Set(grant.permissionTokens);
      const hits = rule.permissions.filter((p) => held.has(p));
      return hits.length > 0 ? `holds ${hits.join(", ")}` : null;
    }
    case "all_repositories_write": {
      if (!isAllReposWrite(grant)) return null;
      const writes = Object.entries(grant.permissions.repository ?? {}).filter(([, level]) => level === "write" || level === "admin");
      return `all repositories with ${writes.map(([n, l]) => `${n}:${l}`).sort().join(", ")}`;
    }
    case "owner_left":
      return ownerLeft(grant) ? `owner ${grant.ownerLogin} is no longer a member` : null;
  }
}

/** The first exception naming this token (exact) or owner (any case) whose last day (UTC, inclusive) is not past. */
export function activeException(exceptions: PolicyException[], grant: Pick<EvaluableGrant, "tokenName" | "ownerLogin">, now: Date): PolicyException | undefined {
  return exceptions.find((e) => {
    const names = e.token !== undefined ? e.token === grant.tokenName : e.owner!.toLowerCase() === grant.ownerLogin.toLowerCase();
    return names && exceptionHolds(e.until, now);
  });
}

/** An exception holds through its `until` day (UTC, inclusive); from the next day on it has expired. */
export function exceptionHolds(until: string, now: Date): boolean {
  return now.getTime() < Date.parse(`${until}T00:00:00Z`) + DAY_MS;
}
