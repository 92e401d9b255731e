// Issues and issue comments: create (labels auto-created), get, update (state, state_reason,
// labels, assignees), list with state/labels/creator filters, sort and Link pagination; comments.
import { notFound, pageOf, paginated, parsePaging, validationFailed, type SimResponse } from "../http-util.ts";
import { renderActor } from "../render-repo.ts";
import { renderIssue, renderIssueComment } from "../render-issue.ts";
import { findRepo, repoData } from "../repos.ts";
import type { Route, RouteContext } from "../route-types.ts";
import type { SimIssue, SimOrg, SimRepo } from "../types.ts";
import { actorOf } from "./repos.ts";

const DOCS = "https://docs.github.com/rest/issues/issues";
const COMMENTS_DOCS = "https://docs.github.com/rest/issues/comments";
const READ = { name: "issues", level: "read" } as const;
const WRITE = { name: "issues", level: "write" } as const;
const COLORS = ["d73a4a", "0075ca", "cfd3d7", "a2eeef", "7057ff", "008672", "e4e669", "d876e3"];

type Target = { org: SimOrg; repo: SimRepo; issue: SimIssue };

function issueOf(ctx: RouteContext, docs: string): Target {
  const org = ctx.org!;
  const repo = findRepo(org, ctx.params.repo, docs);
  const issue = repoData(ctx.state, repo).issues.find((i) => String(i.number) === ctx.params.issue_number);
  if (!issue) throw notFound(docs);
  return { org, repo, issue };
}

const fail = (docs: string, field: string, message: string, value?: string | null) =>
  validationFailed({ docs, resource: "Issue", issues: [{ field, code: value === undefined ? "missing_field" : "invalid", message, value }] });

/** Label names, creating unknown labels in the repository (as GitHub does for issue writes). */
function labelNames(ctx: RouteContext, repo: SimRepo, value: unknown, docs: string): string[] {
  if (!Array.isArray(value)) throw fail(docs, "labels", "labels must be an array", String(value));
  const { labels } = repoData(ctx.state, repo);
  const out: string[] = [];
  for (const item of value) {
    const name = typeof item === "string" ? item : typeof item === "object" && item !== null && typeof (item as { name?: unknown }).name === "string" ? (item as { name: string }).name : null;
    if (!name || name.trim() === "") throw fail(docs, "labels", "label names must be non-empty strings", JSON.stringify(item));
    let label = labels.get(name.toLowerCase());
    if (!label) labels.set(name.toLowerCase(), (label = { id: ctx.state.nextId.label++, name, color: COLORS[labels.size % COLORS.length]!, description: null }));
    if (!out.includes(label.name)) out.push(label.name);
  }
  return out;
}

function assigneeIds(ctx: RouteContext, org: SimOrg, value: unknown, docs: string): number[] {
  if (!Array.isArray(value)) throw fail(docs, "assignees", "assignees must be an array", String(value));
  return value.map((login) => {
    const user = typeof login === "string" ? ctx.state.usersByLogin.get(login.toLowerCase()) : undefined;
    if (!user || !org.members.has(user.id)) throw fail(docs, "assignees", `${String(login)} cannot be assigned`, String(login));
    return user.id;
  });
}

function applyFields(ctx: RouteContext, t: { org: SimOrg; repo: SimRepo }, issue: SimIssue, docs: string): void {
  const b = ctx.body;
  if (b.title !== undefined) {
    if ((typeof b.title !== "string" && typeof b.title !== "number") || String(b.title).trim() === "") throw fail(docs, "title", "title cannot be blank", String(b.title));
    issue.title = String(b.title);
  }
  if (b.body !== undefined) issue.body = b.body === null ? null : String(b.body);
  if (b.labels !== undefined) issue.labels = labelNames(ctx, t.repo, b.labels, docs);
  if (b.assignees !== undefined) issue.assigneeIds = assigneeIds(ctx, t.org, b.assignees, docs);
  const nowMs = ctx.state.now().getTime();
  if (b.state !== undefined) {
    if (b.state !== "open" && b.state !== "closed") throw fail(docs, "state", "state must be open or closed", String(b.state));
    if (b.state === "closed" && issue.state === "open") Object.assign(issue, { state: "closed", closedAt: nowMs, stateReason: "completed" });
    if (b.state === "open" && issue.state === "closed") Object.assign(issue, { state: "open", closedAt: null, stateReason: "reopened" });
  }
  if (b.state_reason !== undefined && b.state_reason !== null) {
    if (!["completed", "not_planned", "reopened"].includes(String(b.state_reason))) throw fail(docs, "state_reason", "state_reason must be completed, not_planned or reopened", String(b.state_reason));
    issue.stateReason = b.state_reason as SimIssue["stateReason"];
  }
  issue.updatedAt = nowMs;
}

function createIssue(ctx: RouteContext): SimResponse {
  const docs = `${DOCS}#create-an-issue`;
  const org = ctx.org!;
  const repo = findRepo(org, ctx.params.repo, docs);
  if (ctx.body.title === undefined) throw fail(docs, "title", "title is missing");
  const data = repoData(ctx.state, repo);
  const nowMs = ctx.state.now().getTime();
  const issue: SimIssue = {
    id: ctx.state.nextId.issue++, number: data.issues.length + 1, title: "", body: null, state: "open", stateReason: null,
    labels: [], assigneeIds: [], author: actorOf(ctx), createdAt: nowMs, updatedAt: nowMs, closedAt: null, comments: [],
  };
  applyFields(ctx, { org, repo }, issue, docs);
  data.issues.push(issue);
  const body = renderIssue(ctx.state, org, repo, issue);
  return { status: 201, body, headers: { location: body.url } };
}

function updateIssue(ctx: RouteContext): SimResponse {
  const docs = `${DOCS}#update-an-issue`;
  const t = issueOf(ctx, docs);
  // Validate on a copy: a rejected update changes nothing.
  const draft: SimIssue = { ...t.issue, labels: [...t.issue.labels], assigneeIds: [...t.issue.assigneeIds] };
  applyFields(ctx, t, draft, docs);
  Object.assign(t.issue, draft);
  return { status: 200, body: renderIssue(ctx.state, t.org, t.repo, t.issue) };
}

function listIssues(ctx: RouteContext): SimResponse {
  const docs = `${DOCS}#list-repository-issues`;
  const org = ctx.org!;
  const repo = findRepo(org, ctx.params.repo, docs);
  const q = ctx.query;
  const state = q.get("state") ?? "open";
  const sort = q.get("sort") ?? "created";
  const direction = q.get("direction") ?? "desc";
  if (!["open", "closed", "all"].includes(state)) throw fail(docs, "state", "state must be open, closed or all", state);
  if (!["created", "updated", "comments"].includes(sort)) throw fail(docs, "sort", "sort must be created, updated or comments", sort);
  if (direction !== "asc" && direction !== "desc") throw fail(docs, "direction", "direction must be asc or desc", direction);
  const wanted = (q.get("labels") ?? "").split(",").map((l) => l.trim().toLowerCase()).filter(Boolean);
  const creator = q.get("creator")?.toLowerCase();
  const matches = repoData(ctx.state, repo).issues.filter((i) =>
    (state === "all" || i.state === state) &&
    wanted.every((l) => i.labels.some((name) => name.toLowerCase() === l)) &&
    (creator === undefined || renderActor(ctx.state, i.author).login.toLowerCase() === creator));
  const key = (i: SimIssue) => (sort === "created" ? i.createdAt : sort === "updated" ? i.updatedAt : i.comments.length);
  matches.sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === "asc" ? 1 : -1));
  const paging = parsePaging(q);
  const body = pageOf({ items: matches, paging }).map((i) => renderIssue(ctx.state, org, repo, i));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: matches.length, body });
}

function createComment(ctx: RouteContext): SimResponse {
  const docs = `${COMMENTS_DOCS}#create-an-issue-comment`;
  const t = issueOf(ctx, docs);
  if (typeof ctx.body.body !== "string" || ctx.body.body.trim() === "") throw validationFailed({ docs, resource: "IssueComment", issues: [{ field: "body", code: "missing_field", message: "body is missing" }] });
  const nowMs = ctx.state.now().getTime();
  const comment = { id: ctx.state.nextId.comment++, body: ctx.body.body, author: actorOf(ctx), createdAt: nowMs, updatedAt: nowMs };
  t.issue.comments.push(comment);
  t.issue.updatedAt = nowMs;
  const body = renderIssueComment(ctx.state, t.org, t.repo, t.issue, comment);
  return { status: 201, body, headers: { location: body.url } };
}

function listComments(ctx: RouteContext): SimResponse {
  const t = issueOf(ctx, `${COMMENTS_DOCS}#list-issue-comments`);
  const paging = parsePaging(ctx.query);
  const body = pageOf({ items: t.issue.comments, paging }).map((c) => renderIssueComment(ctx.state, t.org, t.repo, t.issue, c));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: t.issue.comments.length, body });
}

export const issueRoutes: Route[] = [
  { method: "POST", path: "/repos/:owner/:repo/issues", auth: "token", permission: WRITE, docs: `${DOCS}#create-an-issue`, handle: createIssue },
  { method: "GET", path: "/repos/:owner/:repo/issues", auth: "token", permission: READ, docs: `${DOCS}#list-repository-issues`, handle: listIssues },
  {
    method: "GET", path: "/repos/:owner/:repo/issues/:issue_number", auth: "token", permission: READ, docs: `${DOCS}#get-an-issue`,
    handle: (ctx) => {
      const t = issueOf(ctx, `${DOCS}#get-an-issue`);
      return { status: 200, body: renderIssue(ctx.state, t.org, t.repo, t.issue) };
    },
  },
  { method: "PATCH", path: "/repos/:owner/:repo/issues/:issue_number", auth: "token", permission: WRITE, docs: `${DOCS}#update-an-issue`, handle: updateIssue },
  { method: "POST", path: "/repos/:owner/:repo/issues/:issue_number/comments", auth: "token", permission: WRITE, docs: `${COMMENTS_DOCS}#create-an-issue-comment`, handle: createComment },
  { method: "GET", path: "/repos/:owner/:repo/issues/:issue_number/comments", auth: "token", permission: READ, docs: `${COMMENTS_DOCS}#list-issue-comments`, handle: listComments },
];
