// Rule evaluation: which active grants each rule of a policy file matches at a given instant.
// Pure (no clock, no I/O), so runs, dry runs, the dashboard and tests all get the same answer.
import type { Grant } from "../../db/schema.ts";
import { DAY_MS } from "../../model/categories.ts";
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
  if (grant.removedAt !== null || grant.tokenExpired) return false;
  return grant.tokenExpiresAt === null || grant.tokenExpiresAt.getTime() > now.getTime();
}

const wholeDays = (ms: number) => Math.floor(ms / DAY_MS);

/** The detail text when the rule matches, null otherwise. */
export function matchRule(rule: PolicyRule, grant: EvaluableGrant, now: Date): string | null {
  const nowMs = now.getTime();
  switch (rule.type) {
    case "idle": {
      if (!grant.tokenLastUsedAt) return null;
      const idleMs = nowMs - grant.tokenLastUsedAt.getTime();
      return idleMs > rule.days * DAY_MS ? `not used for ${wholeDays(idleMs)} days (limit ${rule.days})` : null;
    }
    case "never_used": {
      if (grant.tokenLastUsedAt) return null;
      const ageMs = nowMs - grant.accessGrantedAt.getTime();
      return ageMs > rule.days * DAY_MS ? `never used, granted ${wholeDays(ageMs)} days ago (limit ${rule.days})` : null;
    }
    case "lifetime": {
      if (!grant.tokenExpiresAt) return rule.includeNoExpiry ? "never expires" : null;
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
      if (grant.repositorySelection !== "all") return null;
      const writes = Object.entries(grant.permissions.repository ?? {}).filter(([, level]) => level === "write" || level === "admin");
      return writes.length > 0 ? `all repositories with ${writes.map(([n, l]) => `${n}:${l}`).sort().join(", ")}` : null;
    }
    case "owner_left":
      return grant.ownerIsMember === false ? `owner ${grant.ownerLogin} is no longer a member` : null;
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
