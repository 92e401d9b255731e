// Who may see and do what in an org: owners (membership role admin) see everything and manage the
// connection; a configured security team sees the org, and may revoke when configured so.
// Roles come from GitHub as the user, cached in the session for ROLE_TTL_MS at most.
import type { GitHubUserApi } from "./github-user.ts";
import type { SecurityTeam, SecurityTeams } from "./security-teams.ts";
import { ROLE_TTL_MS, type OrgRole, type Session } from "./session.ts";

export type OrgAccess = {
  via: "owner" | "security-team";
  /** Revoke grants, review requests (later issues). */
  canRevoke: boolean;
  /** Sync now, pause/resume, disconnect. */
  canManage: boolean;
};

export function decideAccess({ role, team }: { role: OrgRole | undefined; team: SecurityTeam | undefined }): OrgAccess | null {
  if (!role) return null;
  if (role.role === "admin") return { via: "owner", canRevoke: true, canManage: true };
  // A team member who is no longer an org member must not keep access through a stale team row.
  if (team && role.team && role.role === "member") return { via: "security-team", canRevoke: team.mode === "revoke", canManage: false };
  return null;
}

export function isRoleFresh({ role, now }: { role: OrgRole | undefined; now: Date }): boolean {
  if (!role) return false;
  const age = now.getTime() - role.checkedAt;
  return age >= 0 && age < ROLE_TTL_MS;
}

/** Asks GitHub (as the user) for their role in one org, and their security-team membership if one is configured. */
export async function checkOrgRole({ api, token, login, org, team, now }: {
  api: GitHubUserApi; token: string; login: string; org: string; team: SecurityTeam | undefined; now: Date;
}): Promise<OrgRole> {
  const membership = await api.getOrgMembership({ token, org });
  const role = membership?.state === "active" ? membership.role : "none";
  let onTeam = false;
  if (team && role === "member") {
    const m = await api.getTeamMembership({ token, org, team: team.team, login });
    onTeam = m?.state === "active";
  }
  return { role, team: onTeam, checkedAt: now.getTime() };
}

/**
 * Re-checks every org role that is missing or older than ROLE_TTL_MS, for the given installed
 * orgs, and drops roles of orgs no longer installed. Returns the same object when nothing changed.
 * Errors (GitHub down, token revoked) propagate: callers fail closed.
 */
export async function refreshOrgRoles({ session, orgLogins, api, teams, now }: {
  session: Session; orgLogins: string[]; api: GitHubUserApi; teams: SecurityTeams; now: Date;
}): Promise<{ session: Session; changed: boolean }> {
  const wanted = [...new Set(orgLogins.map((o) => o.toLowerCase()))];
  const stale = wanted.filter((org) => !isRoleFresh({ role: session.orgs[org], now }));
  const dropped = Object.keys(session.orgs).filter((org) => !wanted.includes(org));
  if (stale.length === 0 && dropped.length === 0) return { session, changed: false };
  const orgs: Record<string, OrgRole> = {};
  for (const org of wanted) if (!stale.includes(org)) orgs[org] = session.orgs[org]!;
  // A handful of orgs per user: sequential calls keep GitHub's secondary limits out of the picture.
  for (const org of stale) {
    orgs[org] = await checkOrgRole({ api, token: session.token, login: session.user.login, org, team: teams[org], now });
  }
  return { session: { ...session, orgs }, changed: true };
}

export type AccessNeed = "view" | "revoke" | "manage";

export function allows(access: OrgAccess | null, need: AccessNeed): boolean {
  if (!access) return false;
  return need === "view" || (need === "revoke" && access.canRevoke) || (need === "manage" && access.canManage);
}

/**
 * The check every page, action and route makes for one org: the cached role when fresh, else a
 * live one from GitHub (returned so the caller can cache it). Signed out ⇒ no access.
 */
export async function resolveOrgAccess({ session, org, api, teams, now }: {
  session: Session | null; org: string; api: GitHubUserApi | null; teams: SecurityTeams; now: Date;
}): Promise<{ access: OrgAccess | null; role: OrgRole | null }> {
  if (!session) return { access: null, role: null };
  const key = org.toLowerCase();
  let role = session.orgs[key];
  if (!isRoleFresh({ role, now })) {
    if (!api) throw new Error("Sign-in is not configured (GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET), so access cannot be checked.");
    role = await checkOrgRole({ api, token: session.token, login: session.user.login, org: key, team: teams[key], now });
  }
  return { access: decideAccess({ role, team: teams[key] }), role: role ?? null };
}
