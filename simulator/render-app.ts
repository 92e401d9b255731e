// JSON shapes for the App side: integration (GET /app), installation, org-membership,
// team-membership, private-user.
import { iso, nodeId, renderOrgAsUser, renderOrgSimple, renderUser } from "./render.ts";
import type { MemberRole, SimOrg, SimState, SimUser } from "./types.ts";

export function renderApp(state: SimState) {
  const { app } = state;
  const installed = [...state.installations.values()].filter((o) => !o.installation.deleted);
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("03:Integration", app.id),
    client_id: app.clientId,
    owner: { ...renderOrgAsUser(state, installed[0] ?? [...state.orgs.values()][0]!), type: "Organization" },
    name: app.name,
    description: "Governs fine-grained personal access tokens (simulated App).",
    external_url: `${state.urls.url}/apps/${app.slug}`,
    html_url: `${state.urls.url}/apps/${app.slug}`,
    created_at: iso(app.createdAt),
    updated_at: iso(app.createdAt),
    permissions: { ...app.permissions },
    events: [...app.events],
    installations_count: installed.length,
  };
}

export function renderInstallation(state: SimState, org: SimOrg) {
  const inst = org.installation;
  const suspender = state.usersByLogin.get(org.demo.owner.toLowerCase());
  return {
    id: inst.id,
    client_id: state.app.clientId,
    // GET /app/installations' inline schema says `allOf: [simple-user, enterprise]` for account
    // (the component says anyOf), so the account also carries enterprise's required fields.
    account: { ...renderOrgAsUser(state, org), name: org.login, slug: org.login.toLowerCase(), created_at: iso(org.createdAt), updated_at: iso(org.createdAt) },
    repository_selection: "all" as const,
    access_tokens_url: `${state.urls.apiUrl}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${state.urls.apiUrl}/installation/repositories`,
    html_url: `${state.urls.url}/organizations/${org.login}/settings/installations/${inst.id}`,
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: org.id,
    target_type: "Organization",
    permissions: { ...inst.permissions },
    events: [...inst.events],
    created_at: iso(inst.createdAt),
    updated_at: iso(inst.updatedAt),
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: inst.suspendedAt !== null && suspender ? renderUser(state, suspender) : null,
    suspended_at: inst.suspendedAt !== null ? iso(inst.suspendedAt) : null,
  };
}

export function renderMembership(state: SimState, org: SimOrg, user: SimUser, role: MemberRole) {
  return {
    url: `${state.urls.apiUrl}/orgs/${org.login}/memberships/${user.login}`,
    state: "active" as const,
    role,
    direct_membership: true,
    organization_url: `${state.urls.apiUrl}/orgs/${org.login}`,
    organization: renderOrgSimple(state, org),
    user: renderUser(state, user),
    permissions: { can_create_repository: role === "admin" },
  };
}

/** private-user, for GET /user with an OAuth user token. */
export function renderPrivateUser(state: SimState, user: SimUser) {
  return {
    ...renderUser(state, user),
    name: user.name,
    company: null,
    blog: "",
    location: null,
    email: user.email,
    notification_email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 3,
    public_gists: 0,
    followers: 5,
    following: 2,
    created_at: iso(user.createdAt),
    updated_at: iso(user.createdAt),
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 1024,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** public-user, for GET /users/{username}. */
export function renderPublicUser(state: SimState, user: SimUser) {
  const { notification_email: _n, private_gists: _p, total_private_repos: _t, owned_private_repos: _o, disk_usage: _d, collaborators: _c, two_factor_authentication: _f, ...pub } = renderPrivateUser(state, user);
  return pub;
}
