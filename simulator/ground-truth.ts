// What control.org(login) returns: the org exactly as GitHub holds it, for tests to compare with.
// Grants and requests are the REST objects (API default order: newest first) plus their
// repositories, so no follow-up calls are needed to know what a subset grant reaches.
import { renderCredential, type CredentialAuthorization } from "./render-credential.ts";
import { renderGrant, renderRequest } from "./render.ts";
import type { SimGrant, SimOrg, SimRequest, SimState } from "./types.ts";

export type RepoRef = { id: number; name: string; full_name: string };
export type GroundGrant = ReturnType<typeof renderGrant> & { repositories: RepoRef[] };
export type GroundRequest = ReturnType<typeof renderRequest> & { repositories: RepoRef[] };

export type GroundTruth = {
  id: number;
  login: string;
  installationId: number;
  installation: { id: number; suspended: boolean; deleted: boolean; permissions: Record<string, string> };
  members: Array<{ id: number; login: string; role: "admin" | "member" }>;
  /** Logins of members with role admin (org owners). */
  owners: string[];
  exMembers: Array<{ id: number; login: string }>;
  repos: Array<{ id: number; name: string; full_name: string; private: boolean }>;
  grants: GroundGrant[];
  requests: GroundRequest[];
  /** Team slug → member logins (one team, "security", is seeded). */
  teams: Record<string, string[]>;
  /** Logins for sign-in demos: an owner, a plain member, a security-team member, a non-member; `departed`: the demo's offboarding story (demo-world.ts). */
  demoUsers: { owner: string; member: string; securityTeamMember: string; nonMember: string; departed?: string };
  /** SAML SSO on Enterprise Cloud: whether /orgs/{org}/credential-authorizations answers (404 otherwise). */
  sso: boolean;
  /** The SSO credential authorizations as the list serves them (every page, in order). */
  credentials: CredentialAuthorization[];
};

function repoRefs(org: SimOrg, t: SimGrant | SimRequest): RepoRef[] {
  if (t.repositorySelection !== "subset") return [];
  return t.repositoryIds.map((id) => {
    const r = org.reposById.get(id)!;
    return { id: r.id, name: r.name, full_name: `${org.login}/${r.name}` };
  });
}

export function groundGrant(state: SimState, org: SimOrg, g: SimGrant): GroundGrant {
  return { ...renderGrant(state, org, g), repositories: repoRefs(org, g) };
}

export function groundRequest(state: SimState, org: SimOrg, r: SimRequest): GroundRequest {
  return { ...renderRequest(state, org, r), repositories: repoRefs(org, r) };
}

export function buildGroundTruth(state: SimState, org: SimOrg): GroundTruth {
  const loginOf = (id: number) => state.users.get(id)!.login;
  const members = [...org.members].map(([id, role]) => ({ id, login: loginOf(id), role }));
  const teams: Record<string, string[]> = {};
  for (const team of org.teams.values()) teams[team.slug] = [...team.memberIds].map(loginOf);
  return {
    id: org.id,
    login: org.login,
    installationId: org.installation.id,
    installation: {
      id: org.installation.id,
      suspended: org.installation.suspendedAt !== null,
      deleted: org.installation.deleted,
      permissions: { ...org.installation.permissions },
    },
    members,
    owners: members.filter((m) => m.role === "admin").map((m) => m.login),
    exMembers: [...org.exMemberIds].map((id) => ({ id, login: loginOf(id) })),
    repos: org.repos.map((r) => ({ id: r.id, name: r.name, full_name: `${org.login}/${r.name}`, private: r.private })),
    grants: [...org.grants.all()].reverse().map((g) => groundGrant(state, org, g)),
    requests: [...org.requests.all()].reverse().map((r) => groundRequest(state, org, r)),
    teams,
    demoUsers: { ...org.demo, nonMember: state.outsiderLogin },
    sso: org.sso,
    credentials: org.credentials.all().map((c) => renderCredential(state, c)),
  };
}
