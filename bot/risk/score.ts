// A grant's risk score (0–100) with the reasons that make it up, so a reviewer sees why a token
// ranks high. Pure: the same grant and clock always give the same answer. The score is the sum of
// the reasons' points, capped at 100; each factor contributes at most one reason (its worst case).
import { MAX_RISK, OWNER_LEFT_REASON, RISK_POINTS, type RiskCode, type RiskReason, type RiskScore, type ScoredGrant } from "../../model/risk.ts";
import { flattenPermissions, levelRank, type HeldPermission } from "../../model/permissions.ts";
import { DAY_MS, isExpired, LONG_EXPIRY_DAYS } from "../../model/categories.ts";
import { idleReason } from "./idle.ts";


/** Write here can change who may do what, run code in CI, or reach secrets. */
const SENSITIVE = new Set([
  "administration", "secrets", "organization_administration", "workflows", "actions", "members",
  "organization_secrets", "dependabot_secrets", "environments", "repository_hooks", "organization_hooks",
  "organization_personal_access_tokens", "organization_personal_access_token_requests",
  "organization_self_hosted_runners", "organization_custom_roles", "organization_custom_org_roles",
  "organization_user_blocking", "codespaces",
]);
/** Read here exposes secrets' names, security findings or settings. */
const SENSITIVE_READ = new Set([
  "secrets", "organization_secrets", "dependabot_secrets", "secret_scanning_alerts", "security_events",
  "vulnerability_alerts", "administration", "organization_administration",
]);


type Held = HeldPermission;
const held = (grant: ScoredGrant): Held[] => flattenPermissions(grant.permissions);

const writes = (hs: Held[]) => hs.filter((h) => levelRank(h.level) >= 2);
const names = (hs: Held[]) => hs.map((h) => `${h.name}:${h.level}`).sort().join(", ");

export function scoreGrant(grant: ScoredGrant, now: Date): RiskScore {
  const reasons: RiskReason[] = [];
  const add = (code: RiskCode, text: string) => reasons.push({ code, points: RISK_POINTS[code], text });
  const all = held(grant);

  const sensitiveWrite = writes(all).filter((h) => SENSITIVE.has(h.name));
  const sensitiveRead = all.filter((h) => levelRank(h.level) === 1 && SENSITIVE_READ.has(h.name));
  const plainReads = all.filter((h) => levelRank(h.level) === 1 && h.name !== "metadata");
  if (sensitiveWrite.length) add("permission_sensitive_write", `sensitive write permission: ${names(sensitiveWrite)}`);
  else if (writes(all).length) add("permission_write", `write permission: ${names(writes(all))}`);
  else if (sensitiveRead.length) add("permission_sensitive_read", `sensitive read permission: ${names(sensitiveRead)}`);
  else if (plainReads.length) add("permission_read", `read permission: ${names(plainReads)}`);

  const org = all.filter((h) => h.scope === "organization");
  if (writes(org).length) add("org_permission_write", `organization-level write: ${names(writes(org))}`);
  else if (org.length) add("org_permission_read", `organization-level read: ${names(org)}`);

  if (grant.repositorySelection === "all") {
    const repoWrites = writes(all.filter((h) => h.scope === "repository"));
    if (repoWrites.length) add("all_repositories_write", "all repositories, with write access");
    else add("all_repositories", "all repositories");
  }

  const idle = idleReason({ lastUsedAt: grant.tokenLastUsedAt, grantedAt: grant.accessGrantedAt, now, used: "used", granted: "granted" });
  if (idle) add(idle.code, idle.text);

  // An expired token cannot be used, so its expiry adds nothing.
  const expired = isExpired(grant, now);
  if (!expired) {
    if (!grant.tokenExpiresAt) add("no_expiry", "never expires");
    else if (grant.tokenExpiresAt.getTime() - now.getTime() > LONG_EXPIRY_DAYS * DAY_MS) {
      add("far_expiry", `expires in ${Math.floor((grant.tokenExpiresAt.getTime() - now.getTime()) / DAY_MS)} days`);
    }
  }

  if (grant.ownerIsMember === false) reasons.push(OWNER_LEFT_REASON);
  return finishRisk(reasons);
}

/** Orders reasons by points (then code, so ties read the same everywhere) and caps the sum. */
export function finishRisk(reasons: RiskReason[]): RiskScore {
  const ordered = [...reasons].sort((a, b) => b.points - a.points || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { score: Math.min(MAX_RISK, ordered.reduce((n, r) => n + r.points, 0)), reasons: ordered };
}
