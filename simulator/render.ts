// JSON shapes exactly as GitHub's OpenAPI description has them (simple-user, minimal-repository,
// organization-programmatic-access-grant[-request], organization-simple); checked by
// test/simulator/openapi.test.ts.
import type { PermissionMaps, SimGrant, SimOrg, SimRepo, SimRequest, SimState, SimUser, SimpleUser } from "./types.ts";

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}${id}`).toString("base64");
}

export function userLike(state: SimState, a: { id: number; login: string; type: "User" | "Organization" | "Bot"; kind: string }) {
  // Bot logins ("name[bot]") appear percent-encoded in URLs, as on GitHub.
  const path = encodeURIComponent(a.login);
  const api = `${state.urls.apiUrl}/users/${path}`;
  return {
    login: a.login,
    id: a.id,
    node_id: nodeId(a.kind, a.id),
    avatar_url: `${state.urls.url}/avatars/u/${a.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${state.urls.url}/${path}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: a.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function renderUser(state: SimState, user: SimUser): SimpleUser {
  // Users never change once created, and a 100-grant page renders up to 100 owners: cache, copy out.
  let json = state.userJson.get(user.id);
  if (!json) state.userJson.set(user.id, (json = userLike(state, { id: user.id, login: user.login, type: "User", kind: "04:User" })));
  return { ...json };
}

export function renderOrgAsUser(state: SimState, org: SimOrg) {
  return userLike(state, { id: org.id, login: org.login, type: "Organization", kind: "012:Organization" });
}

/** organization-simple (also organization-simple-webhooks). */
export function renderOrgSimple(state: SimState, org: SimOrg) {
  const api = `${state.urls.apiUrl}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("012:Organization", org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${state.urls.url}/avatars/u/${org.id}?v=4`,
    description: `${org.login} (simulated organization)`,
  };
}

const REPO_TEMPLATES: Array<[string, string]> = [
  ["archive_url", "/{archive_format}{/ref}"], ["assignees_url", "/assignees{/user}"],
  ["blobs_url", "/git/blobs{/sha}"], ["branches_url", "/branches{/branch}"],
  ["collaborators_url", "/collaborators{/collaborator}"], ["comments_url", "/comments{/number}"],
  ["commits_url", "/commits{/sha}"], ["compare_url", "/compare/{base}...{head}"],
  ["contents_url", "/contents/{+path}"], ["contributors_url", "/contributors"],
  ["deployments_url", "/deployments"], ["downloads_url", "/downloads"], ["events_url", "/events"],
  ["forks_url", "/forks"], ["git_commits_url", "/git/commits{/sha}"], ["git_refs_url", "/git/refs{/sha}"],
  ["git_tags_url", "/git/tags{/sha}"], ["hooks_url", "/hooks"], ["issue_comment_url", "/issues/comments{/number}"],
  ["issue_events_url", "/issues/events{/number}"], ["issues_url", "/issues{/number}"], ["keys_url", "/keys{/key_id}"],
  ["labels_url", "/labels{/name}"], ["languages_url", "/languages"], ["merges_url", "/merges"],
  ["milestones_url", "/milestones{/number}"], ["notifications_url", "/notifications{?since,all,participating}"],
  ["pulls_url", "/pulls{/number}"], ["releases_url", "/releases{/id}"], ["stargazers_url", "/stargazers"],
  ["statuses_url", "/statuses/{sha}"], ["subscribers_url", "/subscribers"], ["subscription_url", "/subscription"],
  ["tags_url", "/tags"], ["teams_url", "/teams"], ["trees_url", "/git/trees{/sha}"],
];

/** minimal-repository. */
export function renderRepo(state: SimState, org: SimOrg, repo: SimRepo) {
  const api = `${state.urls.apiUrl}/repos/${org.login}/${repo.name}`;
  const urls = Object.fromEntries(REPO_TEMPLATES.map(([key, suffix]) => [key, `${api}${suffix}`]));
  return {
    id: repo.id,
    node_id: nodeId("010:Repository", repo.id),
    name: repo.name,
    full_name: `${org.login}/${repo.name}`,
    owner: renderOrgAsUser(state, org),
    private: repo.private,
    html_url: `${state.urls.url}/${org.login}/${repo.name}`,
    description: repo.description,
    fork: false,
    url: api,
    ...urls,
    git_url: `git://${state.urls.host}/${org.login}/${repo.name}.git`,
    ssh_url: `git@${state.urls.host.replace(/:\d+$/, "")}:${org.login}/${repo.name}.git`,
    clone_url: `${state.urls.url}/${org.login}/${repo.name}.git`,
    visibility: repo.private ? "private" : "public",
    archived: false,
    disabled: false,
    default_branch: "main",
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.createdAt),
  };
}

function tokenFields(state: SimState, t: SimGrant | SimRequest) {
  return {
    token_id: t.tokenId,
    token_name: t.tokenName,
    token_expired: t.tokenExpiresAt !== null && t.tokenExpiresAt <= state.now().getTime(),
    token_expires_at: t.tokenExpiresAt === null ? null : iso(t.tokenExpiresAt),
    token_last_used_at: t.tokenLastUsedAt === null ? null : iso(t.tokenLastUsedAt),
  };
}

function ownerOf(state: SimState, userId: number) {
  const user = state.users.get(userId);
  if (!user) throw new Error(`simulator: unknown user ${userId}`);
  return renderUser(state, user);
}

/** organization-programmatic-access-grant. */
export function renderGrant(state: SimState, org: SimOrg, grant: SimGrant) {
  return {
    id: grant.id,
    owner: ownerOf(state, grant.ownerId),
    repository_selection: grant.repositorySelection,
    repositories_url: `${state.urls.apiUrl}/organizations/${org.id}/personal-access-tokens/${grant.id}/repositories`,
    permissions: clonePermissions(grant.permissions),
    access_granted_at: iso(grant.accessGrantedAt),
    ...tokenFields(state, grant),
  };
}

/** organization-programmatic-access-grant-request. */
export function renderRequest(state: SimState, org: SimOrg, request: SimRequest) {
  return {
    id: request.id,
    reason: request.reason,
    owner: ownerOf(state, request.ownerId),
    repository_selection: request.repositorySelection,
    repositories_url: `${state.urls.apiUrl}/organizations/${org.id}/personal-access-token-requests/${request.id}/repositories`,
    permissions: clonePermissions(request.permissions),
    created_at: iso(request.createdAt),
    ...tokenFields(state, request),
  };
}

/** A copy of the three permission maps (structuredClone is ~10× slower and this runs per grant). */
export function clonePermissions(p: PermissionMaps): PermissionMaps {
  const out: PermissionMaps = {};
  if (p.organization) out.organization = { ...p.organization };
  if (p.repository) out.repository = { ...p.repository };
  if (p.other) out.other = { ...p.other };
  return out;
}
