// The OAuth scope vocabulary of classic PATs and OAuth app tokens, sorted by what a stolen token
// could do. Source: GitHub Docs, "Scopes for OAuth apps" (docs.github.com/en/apps/oauth-apps/
// building-oauth-apps/scopes-for-oauth-apps), which lists each scope and the scopes it includes.
// Risk scoring (bot/risk/credential-score.ts) reads these tiers, policies and reports the inclusions; a scope not listed here is
// treated as read (GitHub adds scopes; a new one is shown by name, never dropped).

/**
 * Change who may do what, destroy data, or run code with the org's secrets: org and enterprise
 * administration, deleting repositories or packages, editing Actions workflows, webhooks that see
 * every event, publishing packages (supply chain), and the account's keys.
 */
export const ADMIN_SCOPES = [
  "admin:org", "admin:enterprise", "site_admin", "delete_repo", "workflow", "admin:repo_hook", "admin:org_hook",
  "write:packages", "delete:packages", "admin:public_key", "admin:gpg_key", "admin:ssh_signing_key",
  "manage_runners:org", "manage_runners:enterprise", "manage_billing:enterprise",
] as const;

/** Write access short of the above: code and repository settings (`repo`), org membership, the user's profile, gists. */
export const WRITE_SCOPES = [
  "repo", "public_repo", "repo:status", "repo_deployment", "repo:invite", "security_events", "write:org",
  "write:repo_hook", "write:public_key", "write:gpg_key", "write:ssh_signing_key", "write:discussion", "user",
  "user:follow", "gist", "project", "codespace", "audit_log", "copilot", "manage_billing:copilot",
] as const;

/**
 * Scopes that reach every repository the owner can reach, with write: `repo` (all private and
 * public repositories), `public_repo` (public ones only). An SSH key has no scopes and reaches
 * the same as `repo` over git.
 */
export const ALL_REPOSITORIES_SCOPE = "repo";
export const PUBLIC_REPOSITORIES_SCOPE = "public_repo";

export type ScopeTier = "admin" | "write" | "read";

const TIER = new Map<string, ScopeTier>([
  ...ADMIN_SCOPES.map((s) => [s, "admin"] as const),
  ...WRITE_SCOPES.map((s) => [s, "write"] as const),
]);

/** A scope's tier; unknown and read:* scopes are "read". */
export function scopeTier(scope: string): ScopeTier {
  return TIER.get(scope) ?? "read";
}

/** The scopes of `scopes` in `tier`, sorted (for a reason's text). */
export function scopesInTier(scopes: readonly string[], tier: ScopeTier): string[] {
  return [...new Set(scopes.filter((s) => scopeTier(s) === tier))].sort();
}

/**
 * Scopes GitHub documents as including others ("Scopes for OAuth apps"): a rule forbidding the
 * included one also matches the broader one, so `read:org` catches a token with `admin:org`.
 */
const INCLUDES: Record<string, readonly string[]> = {
  repo: ["repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"],
  "admin:repo_hook": ["write:repo_hook", "read:repo_hook"],
  "write:repo_hook": ["read:repo_hook"],
  "admin:org": ["write:org", "read:org", "manage_runners:org"],
  "write:org": ["read:org"],
  "admin:public_key": ["write:public_key", "read:public_key"],
  "write:public_key": ["read:public_key"],
  "admin:gpg_key": ["write:gpg_key", "read:gpg_key"],
  "write:gpg_key": ["read:gpg_key"],
  "admin:ssh_signing_key": ["write:ssh_signing_key", "read:ssh_signing_key"],
  "write:ssh_signing_key": ["read:ssh_signing_key"],
  user: ["read:user", "user:email", "user:follow"],
  "write:packages": ["read:packages"],
  "write:discussion": ["read:discussion"],
  project: ["read:project"],
  "admin:enterprise": ["manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"],
  "manage_billing:enterprise": ["read:enterprise"],
};

/** The scopes of `held` that grant any of `wanted` (itself or by including it), sorted. */
export function scopesGranting(held: readonly string[], wanted: readonly string[]): string[] {
  const want = new Set(wanted);
  return [...new Set(held.filter((s) => want.has(s) || (INCLUDES[s] ?? []).some((x) => want.has(x))))].sort();
}
