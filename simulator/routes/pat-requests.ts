// The four request endpoints (docs/github-api.md §1.5–1.8). Reviews through the API notify the
// webhook like reviews in GitHub's UI do.
import { applyListFilter, parseListQuery } from "../filters.ts";
import { notFound, pageOf, paginated, parseIdList, parsePaging, validationFailed, type ValidationIssue } from "../http-util.ts";
import { approveRequest, dropRequest } from "../operations.ts";
import { renderRepo, renderRequest } from "../render.ts";
import type { Route, RouteContext } from "../route-types.ts";
import { patRequestPayload } from "../webhooks.ts";
import type { SimOrg, SimRequest } from "../types.ts";

const DOCS = "https://docs.github.com/rest/orgs/personal-access-tokens";
const LIST_DOCS = `${DOCS}#list-requests-to-access-organization-resources-with-fine-grained-personal-access-tokens`;
const BULK_DOCS = `${DOCS}#review-requests-to-access-organization-resources-with-fine-grained-personal-access-tokens`;
const ONE_DOCS = `${DOCS}#review-a-request-to-access-organization-resources-with-a-fine-grained-personal-access-token`;
const REPOS_DOCS = `${DOCS}#list-repositories-requested-to-be-accessed-by-a-fine-grained-personal-access-token`;
const RESOURCE = "OrganizationProgrammaticAccessGrantRequest";
const READ = { name: "organization_personal_access_token_requests", level: "read" } as const;
const WRITE = { name: "organization_personal_access_token_requests", level: "write" } as const;

function parseReview(ctx: RouteContext, docs: string): "approve" | "deny" {
  const { action, reason } = ctx.body;
  const issues: ValidationIssue[] = [];
  if (action !== "approve" && action !== "deny") {
    issues.push({ field: "action", code: action === undefined ? "missing_field" : "invalid", message: action === undefined ? "action is missing" : "action must be approve or deny" });
  }
  if (reason !== undefined && reason !== null && (typeof reason !== "string" || reason.length > 1024)) {
    issues.push({ field: "reason", message: "reason must be a string of at most 1024 characters" });
  }
  if (issues.length > 0) throw validationFailed({ docs, resource: RESOURCE, issues });
  return action as "approve" | "deny";
}

function review(ctx: RouteContext, org: SimOrg, request: SimRequest, action: "approve" | "deny"): void {
  const { state } = ctx;
  if (action === "approve") approveRequest({ state, org, requestId: request.id });
  else dropRequest(org, request.id);
  ctx.notify("personal_access_token_request", patRequestPayload({ state, org, request, action: action === "approve" ? "approved" : "denied" }));
}

function listRequests(ctx: RouteContext) {
  const org = ctx.org!;
  const filter = parseListQuery({ query: ctx.query, docs: LIST_DOCS, resource: RESOURCE });
  const loginOf = (id: number) => ctx.state.users.get(id)?.login ?? "";
  const items = applyListFilter({ org, items: org.requests.all(), filter, loginOf, behaviour: ctx.state.behaviour });
  const body = pageOf({ items, paging: filter.paging, descending: filter.descending }).map((r) => renderRequest(ctx.state, org, r));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging: filter.paging, total: items.length, body });
}

function reviewMany(ctx: RouteContext) {
  const org = ctx.org!;
  const action = parseReview(ctx, BULK_DOCS);
  const ids = parseIdList({ value: ctx.body.pat_request_ids, field: "pat_request_ids", docs: BULK_DOCS, resource: RESOURCE });
  const unknown = ids.filter((id) => !org.requests.get(id));
  if (unknown.length > 0) {
    throw validationFailed({ docs: BULK_DOCS, resource: RESOURCE, issues: [{ field: "pat_request_ids", message: `Unknown or already reviewed: ${unknown.join(", ")}`, value: unknown.map(String) }] });
  }
  for (const id of new Set(ids)) review(ctx, org, org.requests.get(id)!, action);
  return { status: 202, body: {} };
}

function requestOrNotFound(org: SimOrg, raw: string | undefined, docs: string): SimRequest {
  const id = Number(raw);
  const request = Number.isInteger(id) ? org.requests.get(id) : undefined;
  if (!request) throw notFound(docs);
  return request;
}

function reviewOne(ctx: RouteContext) {
  const org = ctx.org!;
  const request = requestOrNotFound(org, ctx.params.pat_request_id, ONE_DOCS);
  review(ctx, org, request, parseReview(ctx, ONE_DOCS));
  return { status: 204 };
}

function listRequestRepositories(ctx: RouteContext) {
  const org = ctx.org!;
  const request = requestOrNotFound(org, ctx.params.pat_request_id, REPOS_DOCS);
  const ids = request.repositorySelection === "subset" ? request.repositoryIds : [];
  const paging = parsePaging(ctx.query);
  const body = pageOf({ items: ids, paging }).map((id) => renderRepo(ctx.state, org, org.reposById.get(id)!));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: ids.length, body });
}

export const patRequestRoutes: Route[] = [
  { method: "GET", path: "/orgs/:org/personal-access-token-requests", auth: "token", permission: READ, docs: LIST_DOCS, handle: listRequests },
  { method: "POST", path: "/orgs/:org/personal-access-token-requests", auth: "token", permission: WRITE, docs: BULK_DOCS, handle: reviewMany },
  { method: "POST", path: "/orgs/:org/personal-access-token-requests/:pat_request_id", auth: "token", permission: WRITE, docs: ONE_DOCS, handle: reviewOne },
  { method: "GET", path: "/orgs/:org/personal-access-token-requests/:pat_request_id/repositories", auth: "token", permission: READ, docs: REPOS_DOCS, handle: listRequestRepositories },
  { method: "GET", path: "/organizations/:org_id/personal-access-token-requests/:pat_request_id/repositories", auth: "token", permission: READ, docs: REPOS_DOCS, handle: listRequestRepositories },
];
