// Repositories and their files: GET a repository, the contents API (GET, raw media type, ?ref=,
// PUT with GitHub's sha rules; a PUT also sends a `push` webhook) and commits by path.
import { commitsAt, DEFAULT_BRANCH, fileIn, listDir, normalisePath } from "../contents.ts";
import { basicError, notFound, pageOf, paginated, parsePaging, type SimResponse } from "../http-util.ts";
import { commitAndPush } from "../push.ts";
import { gitPersonOf, renderCommit, renderContentFile, renderDirEntry, renderFileCommit, renderFullRepo } from "../render-repo.ts";
import { findRepo } from "../repos.ts";
import type { Route, RouteContext } from "../route-types.ts";
import type { GitPerson, SimActor } from "../types.ts";

const REPOS_DOCS = "https://docs.github.com/rest/repos/repos#get-a-repository";
const GET_DOCS = "https://docs.github.com/rest/repos/contents#get-repository-content";
const PUT_DOCS = "https://docs.github.com/rest/repos/contents#create-or-update-file-contents";
const COMMITS_DOCS = "https://docs.github.com/rest/commits/commits#list-commits";

export function actorOf(ctx: RouteContext): SimActor {
  return ctx.principal?.kind === "user" ? { kind: "user", userId: ctx.principal.userId } : { kind: "bot" };
}

function wantsRaw(ctx: RouteContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(String(ctx.req.headers.accept ?? ""));
}

function getContent(ctx: RouteContext): SimResponse {
  const org = ctx.org!;
  const repo = findRepo(org, ctx.params.repo, GET_DOCS);
  const path = normalisePath(ctx.params.path ?? "");
  const ref = ctx.query.get("ref");
  const commits = commitsAt(ctx.state, repo, ref);
  if (!commits) throw basicError({ status: 404, message: `No commit found for the ref ${ref}`, docs: GET_DOCS });
  const file = path ? fileIn(commits, path) : null;
  if (path && !file) {
    const entries = listDir(commits, path);
    if (entries) return { status: 200, body: entries.map((e) => renderDirEntry(ctx.state, org, repo, e, ref ?? DEFAULT_BRANCH)) };
  }
  if (!path || !file) throw notFound(GET_DOCS);
  if (wantsRaw(ctx)) return { status: 200, text: { contentType: "text/plain; charset=utf-8", content: file.text }, headers: { "x-github-media-type": "github.v3; param=raw" } };
  return { status: 200, body: renderContentFile(ctx.state, org, repo, { path, text: file.text, sha: file.sha, ref: ref ?? DEFAULT_BRANCH }) };
}

function invalid(field: string): never {
  throw basicError({ status: 422, message: `Invalid request.\n\n"${field}" wasn't supplied.`, docs: PUT_DOCS });
}

function personFrom(value: unknown, fallback: GitPerson): GitPerson {
  if (typeof value !== "object" || value === null) return fallback;
  const { name, email } = value as Record<string, unknown>;
  if (typeof name !== "string" || typeof email !== "string") throw basicError({ status: 422, message: "Invalid request.\n\nFor 'properties/committer', name and email are required.", docs: PUT_DOCS });
  return { name, email, login: null };
}

function decodeContent(value: unknown): string {
  if (typeof value !== "string") invalid("content");
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw basicError({ status: 422, message: "content is not valid Base64", docs: PUT_DOCS });
  return Buffer.from(compact, "base64").toString("utf8");
}

function putContent(ctx: RouteContext): SimResponse {
  const { state, body } = ctx;
  const org = ctx.org!;
  const repo = findRepo(org, ctx.params.repo, PUT_DOCS);
  const path = normalisePath(ctx.params.path ?? "");
  if (!path) throw notFound(PUT_DOCS);
  if (typeof body.message !== "string") invalid("message");
  const text = decodeContent(body.content);
  const branch = body.branch ?? DEFAULT_BRANCH;
  if (branch !== DEFAULT_BRANCH) throw basicError({ status: 404, message: `Branch ${String(branch)} not found`, docs: PUT_DOCS });
  const current = fileIn(commitsAt(state, repo, null)!, path);
  const sha = body.sha;
  if (current && sha === undefined) invalid("sha");
  // A stale sha is GitHub's optimistic-lock failure: 409 Conflict. For a new file GitHub ignores `sha`.
  if (current && sha !== current.sha) throw basicError({ status: 409, message: `${path} does not match ${String(sha)}`, docs: PUT_DOCS });
  const actor = actorOf(ctx);
  const author = personFrom(body.author ?? body.committer, gitPersonOf(state, actor));
  const { commit, payload } = commitAndPush({ state, org, repo, path, text, message: body.message, author, sender: actor });
  ctx.notify("push", payload);
  return { status: current ? 200 : 201, body: renderFileCommit(state, org, repo, commit) };
}

function listCommits(ctx: RouteContext): SimResponse {
  const org = ctx.org!;
  const repo = findRepo(org, ctx.params.repo, COMMITS_DOCS);
  const upTo = commitsAt(ctx.state, repo, ctx.query.get("sha"));
  if (!upTo) throw notFound(COMMITS_DOCS);
  const path = ctx.query.get("path");
  const wanted = path ? normalisePath(path) : null;
  const all = upTo.filter((c) => wanted === null || c.path === wanted).reverse();
  if (upTo.length === 0) throw basicError({ status: 409, message: "Git Repository is empty.", docs: COMMITS_DOCS });
  const paging = parsePaging(ctx.query);
  const body = pageOf({ items: all, paging }).map((c) => renderCommit(ctx.state, org, repo, c));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: all.length, body });
}

export const repoRoutes: Route[] = [
  {
    method: "GET", path: "/repos/:owner/:repo", auth: "token", permission: { name: "metadata", level: "read" }, docs: REPOS_DOCS,
    handle: (ctx) => ({ status: 200, body: renderFullRepo(ctx.state, ctx.org!, findRepo(ctx.org!, ctx.params.repo, REPOS_DOCS)) }),
  },
  { method: "GET", path: "/repos/:owner/:repo/contents/*path", auth: "token", permission: { name: "contents", level: "read" }, docs: GET_DOCS, handle: getContent },
  { method: "PUT", path: "/repos/:owner/:repo/contents/*path", auth: "token", permission: { name: "contents", level: "write" }, docs: PUT_DOCS, handle: putContent },
  { method: "GET", path: "/repos/:owner/:repo/commits", auth: "token", permission: { name: "contents", level: "read" }, docs: COMMITS_DOCS, handle: listCommits },
];
