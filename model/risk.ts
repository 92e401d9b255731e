// The risk vocabulary: reason codes and their points (one table, so the weights read together),
// the score's cap, what "high risk" means, and the shape a grant needs to be scored. The scoring
// itself is the engine's (bot/risk/score.ts); db/queries/risk.ts folds the owner-left reason in SQL.
import type { PermissionMaps, RepositorySelection } from "./statuses.ts";

export type RiskReason = { code: string; points: number; text: string };
export type RiskScore = { score: number; reasons: RiskReason[] };

/** What scoring reads of a grant (a stored grant row has all of it). */
export type ScoredGrant = {
  permissions: PermissionMaps;
  repositorySelection: RepositorySelection;
  accessGrantedAt: Date;
  tokenExpired: boolean;
  tokenExpiresAt: Date | null;
  tokenLastUsedAt: Date | null;
  ownerIsMember: boolean | null;
};

/** What scoring reads of an SSO credential authorization (a stored credentials row has all of it). */
export type ScoredCredential = {
  /** GitHub's credential_type, verbatim. */
  credentialType: string;
  scopes: readonly string[];
  authorizedAt: Date;
  accessedAt: Date | null;
  expiresAt: Date | null;
  ownerIsMember: boolean | null;
};

export const MAX_RISK = 100;
/** A score at or above this is "high risk" on the overview, in snapshots and in the grants table's colour. */
export const HIGH_RISK = 70;
/** At or above this (and below HIGH_RISK) a score is shown as elevated. */
export const ELEVATED_RISK = 40;

/** Points per factor, worst case first within each. */
export const RISK_POINTS = {
  permission_sensitive_write: 35, permission_write: 15, permission_sensitive_read: 8, permission_read: 3,
  org_permission_write: 15, org_permission_read: 5,
  all_repositories_write: 20, all_repositories: 8,
  idle_over_180: 20, idle_over_90: 15, idle_over_30: 8, never_used: 15, never_used_recent: 5,
  no_expiry: 15, far_expiry: 10,
  owner_left: 25,
  // SSO credential authorizations (bot/risk/credential-score.ts; scope tiers in model/credential-scopes.ts).
  // A classic PAT or SSH key reaches every repository its owner can, and rarely expires: its
  // broad scopes and missing expiry weigh most. Idle, never used and owner left share the codes above.
  credential_scope_admin: 35, credential_scope_write: 15, credential_scope_read: 3,
  credential_all_repositories: 20, credential_public_repositories: 8,
  credential_no_expiry: 20,
} as const;
export type RiskCode = keyof typeof RISK_POINTS;

export const OWNER_LEFT_REASON: RiskReason = { code: "owner_left", points: RISK_POINTS.owner_left, text: "the owner is no longer a member of the org" };

/** "bad" from HIGH_RISK, "elevated" from ELEVATED_RISK, else "low": one scale for every screen. */
export function riskTone(score: number): "high" | "elevated" | "low" {
  return score >= HIGH_RISK ? "high" : score >= ELEVATED_RISK ? "elevated" : "low";
}
