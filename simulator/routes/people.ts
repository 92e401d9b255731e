// Org members, memberships, teams, users, the OAuth user's own view (/user…) and /rate_limit.
import { notFound, pageOf, paginated, parsePaging, validationFailed } from "../http-util.ts";
import { bucketKey, readRateLimit } from "../rate-limit.ts";
import { renderUser } from "../render.ts";
import { renderInstallation, renderMembership, renderPrivateUser, renderPublicUser } from "../render-app.ts";
import type { Route, RouteContext } from "../route-types.ts";
import type { SimUser } from "../types.ts";

const ORGS_DOCS = "https://docs.github.com/rest/orgs/members";
const MEMBERS_READ = { name: "members", level: "read" } as const;

function userByLogin(ctx: RouteContext, login: string | undefined, docs: string): SimUser {
  const user = login ? ctx.state.usersByLogin.get(login.toLowerCase()) : undefined;
  if (!user) throw notFound(docs);
  return user;
}

function currentUser(ctx: RouteContext): SimUser {
  if (ctx.principal?.kind !== "user") throw notFound();
  return ctx.state.users.get(ctx.principal.userId)!;
}

function listMembers(ctx: RouteContext) {
  const org = ctx.org!;
  const role = ctx.query.get("role") ?? "all";
  if (role !== "all" && role !== "admin" && role !== "member") {
    throw validationFailed({ docs: `${ORGS_DOCS}#list-organization-members`, resource: "Membership", issues: [{ field: "role", message: "role must be all, admin or member", value: role }] });
  }
  const ids: number[] = [];
  for (const [id, r] of org.members) if (role === "all" || r === role) ids.push(id);
  const paging = parsePaging(ctx.query);
  const body = pageOf({ items: ids, paging }).map((id) => renderUser(ctx.state, ctx.state.users.get(id)!));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: ids.length, body });
}

function getMembership(ctx: RouteContext, user: SimUser, docs: string) {
  const org = ctx.org!;
  const role = org.members.get(user.id);
  if (!role) throw notFound(docs);
  return { status: 200, body: renderMembership(ctx.state, org, user, role) };
}

function getTeamMembership(ctx: RouteContext) {
  const docs = "https://docs.github.com/rest/teams/members#get-team-membership-for-a-user";
  const team = ctx.org!.teams.get((ctx.params.team_slug ?? "").toLowerCase());
  const user = userByLogin(ctx, ctx.params.username, docs);
  if (!team || !team.memberIds.has(user.id)) throw notFound(docs);
  const url = `${ctx.state.urls.apiUrl}/organizations/${ctx.org!.id}/team/${team.id}/memberships/${user.login}`;
  return { status: 200, body: { url, role: "member", state: "active" } };
}

function listUserInstallations(ctx: RouteContext) {
  const user = currentUser(ctx);
  const orgs = [...ctx.state.installations.values()].filter((o) => !o.installation.deleted && o.members.has(user.id));
  const paging = parsePaging(ctx.query);
  const installations = pageOf({ items: orgs, paging }).map((o) => renderInstallation(ctx.state, o));
  const page = paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: orgs.length, body: installations });
  return { ...page, body: { total_count: orgs.length, installations } };
}

function rateLimit(ctx: RouteContext) {
  const key = bucketKey(ctx.principal);
  const s = key ? readRateLimit(ctx.state, key) : { limit: 60, remaining: 60, used: 0, resetAt: new Date(ctx.state.now().getTime() + 3_600_000) };
  const core = { limit: s.limit, remaining: s.remaining, reset: Math.ceil(s.resetAt.getTime() / 1000), used: s.used };
  const reset = core.reset;
  const other = (limit: number) => ({ limit, remaining: limit, reset, used: 0 });
  return { status: 200, body: { resources: { core, search: other(30), graphql: other(5000), integration_manifest: other(5000), code_search: other(10) }, rate: core } };
}

export const peopleRoutes: Route[] = [
  { method: "GET", path: "/orgs/:org/members", auth: "token", permission: MEMBERS_READ, docs: `${ORGS_DOCS}#list-organization-members`, handle: listMembers },
  {
    method: "GET", path: "/orgs/:org/memberships/:username", auth: "token", permission: MEMBERS_READ, docs: `${ORGS_DOCS}#get-organization-membership-for-a-user`,
    handle: (ctx) => getMembership(ctx, userByLogin(ctx, ctx.params.username, `${ORGS_DOCS}#get-organization-membership-for-a-user`), `${ORGS_DOCS}#get-organization-membership-for-a-user`),
  },
  { method: "GET", path: "/orgs/:org/teams/:team_slug/memberships/:username", auth: "token", permission: MEMBERS_READ, docs: "https://docs.github.com/rest/teams/members#get-team-membership-for-a-user", handle: getTeamMembership },
  {
    method: "GET", path: "/users/:username", auth: "optional", docs: "https://docs.github.com/rest/users/users#get-a-user",
    handle: (ctx) => ({ status: 200, body: renderPublicUser(ctx.state, userByLogin(ctx, ctx.params.username, "https://docs.github.com/rest/users/users#get-a-user")) }),
  },
  { method: "GET", path: "/user", auth: "user", docs: "https://docs.github.com/rest/users/users#get-the-authenticated-user", handle: (ctx) => ({ status: 200, body: renderPrivateUser(ctx.state, currentUser(ctx)) }) },
  {
    method: "GET", path: "/user/memberships/orgs/:org", auth: "user", docs: `${ORGS_DOCS}#get-an-organization-membership-for-the-authenticated-user`,
    handle: (ctx) => getMembership(ctx, currentUser(ctx), `${ORGS_DOCS}#get-an-organization-membership-for-the-authenticated-user`),
  },
  { method: "GET", path: "/user/installations", auth: "user", docs: "https://docs.github.com/rest/apps/installations#list-app-installations-accessible-to-the-user-access-token", handle: listUserInstallations },
  { method: "GET", path: "/rate_limit", auth: "optional", free: true, docs: "https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user", handle: rateLimit },
];
