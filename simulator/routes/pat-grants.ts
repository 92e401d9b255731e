// The four grant endpoints (docs/github-api.md §1.1–1.4), plus the /organizations/{org_id}/…
// repositories path that grants' repositories_url points at.
import { applyListFilter, parseListQuery } from "../filters.ts";
import { notFound, pageOf, paginated, parseIdList, parsePaging, validationFailed } from "../http-util.ts";
import { revokeGrant } from "../operations.ts";
import { renderGrant, renderRepo } from "../render.ts";
import type { Route, RouteContext } from "../route-types.ts";
import type { SimOrg } from "../types.ts";

const DOCS = "https://docs.github.com/rest/orgs/personal-access-tokens";
const LIST_DOCS = `${DOCS}#list-fine-grained-personal-access-tokens-with-access-to-organization-resources`;
const BULK_DOCS = `${DOCS}#update-the-access-to-organization-resources-via-fine-grained-personal-access-tokens`;
const ONE_DOCS = `${DOCS}#update-the-access-a-fine-grained-personal-access-token-has-to-organization-resources`;
const REPOS_DOCS = `${DOCS}#list-repositories-a-fine-grained-personal-access-token-has-access-to`;
const RESOURCE = "OrganizationProgrammaticAccessGrant";
const READ = { name: "organization_personal_access_tokens", level: "read" } as const;
const WRITE = { name: "organization_personal_access_tokens", level: "write" } as const;

function loginOf(ctx: RouteContext) {
  return (userId: number) => ctx.state.users.get(userId)?.login ?? "";
}

function requireRevokeAction(ctx: RouteContext, docs: string): void {
  const action = ctx.body.action;
  if (action === "revoke") return;
  throw validationFailed({
    docs, resource: RESOURCE,
    issues: [{ field: "action", code: action === undefined ? "missing_field" : "invalid", message: action === undefined ? "action is missing" : "action must be revoke", ...(typeof action === "string" ? { value: action } : {}) }],
  });
}

function listGrants(ctx: RouteContext) {
  const org = ctx.org!;
  const filter = parseListQuery({ query: ctx.query, docs: LIST_DOCS, resource: RESOURCE });
  const items = applyListFilter({ org, items: org.grants.all(), filter, loginOf: loginOf(ctx), behaviour: ctx.state.behaviour });
  const body = pageOf({ items, paging: filter.paging, descending: filter.descending }).map((g) => renderGrant(ctx.state, org, g));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging: filter.paging, total: items.length, body });
}

function revokeMany(ctx: RouteContext) {
  const org = ctx.org!;
  requireRevokeAction(ctx, BULK_DOCS);
  const ids = parseIdList({ value: ctx.body.pat_ids, field: "pat_ids", docs: BULK_DOCS, resource: RESOURCE });
  const unknown = ids.filter((id) => !org.grants.get(id));
  if (unknown.length > 0 && ctx.state.behaviour.bulkRevokeUnknown === "reject") {
    throw validationFailed({ docs: BULK_DOCS, resource: RESOURCE, issues: [{ field: "pat_ids", message: `Unknown or already revoked: ${unknown.join(", ")}`, value: unknown.map(String) }] });
  }
  for (const id of ids) revokeGrant(org, id);
  return { status: 202, body: {} };
}

function grantOrNotFound(org: SimOrg, raw: string | undefined, docs: string) {
  const id = Number(raw);
  const grant = Number.isInteger(id) ? org.grants.get(id) : undefined;
  if (!grant) throw notFound(docs);
  return grant;
}

function revokeOne(ctx: RouteContext) {
  const org = ctx.org!;
  grantOrNotFound(org, ctx.params.pat_id, ONE_DOCS);
  requireRevokeAction(ctx, ONE_DOCS);
  revokeGrant(org, Number(ctx.params.pat_id));
  return { status: 204 };
}

function listGrantRepositories(ctx: RouteContext) {
  const org = ctx.org!;
  const grant = grantOrNotFound(org, ctx.params.pat_id, REPOS_DOCS);
  // Only subset grants list repositories; "all" and "none" answer an empty list.
  const ids = grant.repositorySelection === "subset" ? grant.repositoryIds : [];
  const paging = parsePaging(ctx.query);
  const body = pageOf({ items: ids, paging }).map((id) => renderRepo(ctx.state, org, org.reposById.get(id)!));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: ids.length, body });
}

export const patGrantRoutes: Route[] = [
  { method: "GET", path: "/orgs/:org/personal-access-tokens", auth: "token", permission: READ, docs: LIST_DOCS, handle: listGrants },
  { method: "POST", path: "/orgs/:org/personal-access-tokens", auth: "token", permission: WRITE, docs: BULK_DOCS, handle: revokeMany },
  { method: "POST", path: "/orgs/:org/personal-access-tokens/:pat_id", auth: "token", permission: WRITE, docs: ONE_DOCS, handle: revokeOne },
  { method: "GET", path: "/orgs/:org/personal-access-tokens/:pat_id/repositories", auth: "token", permission: READ, docs: REPOS_DOCS, handle: listGrantRepositories },
  { method: "GET", path: "/organizations/:org_id/personal-access-tokens/:pat_id/repositories", auth: "token", permission: READ, docs: REPOS_DOCS, handle: listGrantRepositories },
];
