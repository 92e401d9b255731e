// JSON shapes for repositories and their files (full-repository, content-file, file-commit,
// commit, the push webhook's repository), and the App's bot user (`<slug>[bot]`, type Bot).
import { DEFAULT_BRANCH } from "./contents.ts";
import { iso, nodeId, renderOrgAsUser, renderRepo, renderUser, userLike } from "./render.ts";
import { repoData } from "./repos.ts";
import type { GitPerson, SimActor, SimCommit, SimOrg, SimRepo, SimState } from "./types.ts";

export function botUserId(state: SimState): number {
  return 90_000_000 + state.app.id;
}

export function renderBotUser(state: SimState) {
  return userLike(state, { id: botUserId(state), login: `${state.app.slug}[bot]`, type: "Bot", kind: "03:Bot" });
}

export function renderActor(state: SimState, actor: SimActor) {
  return actor.kind === "bot" ? renderBotUser(state) : renderUser(state, state.users.get(actor.userId)!);
}

export function gitPersonOf(state: SimState, actor: SimActor): GitPerson {
  if (actor.kind === "bot") {
    const login = `${state.app.slug}[bot]`;
    return { name: login, email: `${botUserId(state)}+${login}@users.noreply.github.com`, login };
  }
  const user = state.users.get(actor.userId)!;
  return { name: user.name ?? user.login, email: user.email ?? `${user.id}+${user.login}@users.noreply.github.com`, login: user.login };
}

function repoCounts(state: SimState, repo: SimRepo) {
  const data = repoData(state, repo);
  const open = data.issues.filter((i) => i.state === "open").length;
  const pushedAt = data.commits.at(-1)?.at ?? repo.createdAt;
  return { open, pushedAt, size: data.commits.reduce((n, c) => n + Buffer.byteLength(c.text), 0) >> 10 };
}

/** full-repository (GET /repos/{owner}/{repo}). */
export function renderFullRepo(state: SimState, org: SimOrg, repo: SimRepo) {
  const { open, pushedAt, size } = repoCounts(state, repo);
  const base = renderRepo(state, org, repo);
  return {
    ...base,
    svn_url: base.html_url,
    homepage: null,
    language: null,
    forks: 0, forks_count: 0, stargazers_count: 0, watchers: 0, watchers_count: 0, size,
    open_issues: open, open_issues_count: open,
    is_template: false, topics: [], has_issues: true, has_projects: false, has_wiki: false, has_pages: false,
    has_downloads: true, has_discussions: false, mirror_url: null, license: null,
    pushed_at: iso(pushedAt),
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_forking: false, web_commit_signoff_required: false,
    network_count: 0, subscribers_count: 0,
    organization: renderOrgAsUser(state, org),
  };
}

/** The push webhook's repository: timestamps as integers (seconds), owner with name/email. */
export function renderPushRepo(state: SimState, org: SimOrg, repo: SimRepo) {
  const full = renderFullRepo(state, org, repo);
  const { permissions: _p, organization: _o, network_count: _n, subscribers_count: _s, ...rest } = full;
  return {
    ...rest,
    owner: { ...rest.owner, name: org.login, email: null },
    created_at: Math.floor(repo.createdAt / 1000),
    pushed_at: Math.floor(Date.parse(full.pushed_at) / 1000),
    stargazers: 0,
    master_branch: DEFAULT_BRANCH,
    organization: org.login,
  };
}

function fileUrls(state: SimState, org: SimOrg, repo: SimRepo, path: string, blob: string, ref: string) {
  const api = `${state.urls.apiUrl}/repos/${org.login}/${repo.name}`;
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const self = `${api}/contents/${encoded}?ref=${ref}`;
  const html = `${state.urls.url}/${org.login}/${repo.name}/blob/${ref}/${encoded}`;
  const git = `${api}/git/blobs/${blob}`;
  return { url: self, html_url: html, git_url: git, download_url: `${state.urls.url}/raw/${org.login}/${repo.name}/${ref}/${encoded}`, _links: { self, git, html } };
}

/** content-file. */
export function renderContentFile(state: SimState, org: SimOrg, repo: SimRepo, file: { path: string; text: string; sha: string; ref: string }) {
  const bytes = Buffer.from(file.text, "utf8");
  // GitHub wraps base64 content at 60 characters per line.
  const content = (bytes.toString("base64").match(/.{1,60}/g) ?? [""]).join("\n") + (bytes.length > 0 ? "\n" : "");
  return {
    type: "file" as const,
    encoding: "base64",
    size: bytes.length,
    name: file.path.split("/").pop()!,
    path: file.path,
    content,
    sha: file.sha,
    ...fileUrls(state, org, repo, file.path, file.sha, file.ref),
  };
}

/** One item of content-directory (GET contents of a directory). */
export function renderDirEntry(state: SimState, org: SimOrg, repo: SimRepo, e: { type: "file" | "dir"; name: string; path: string; sha: string; size: number }, ref: string) {
  const urls = fileUrls(state, org, repo, e.path, e.sha, ref);
  const git = e.type === "dir" ? urls.git_url.replace("/git/blobs/", "/git/trees/") : urls.git_url;
  return { type: e.type, size: e.size, name: e.name, path: e.path, sha: e.sha, ...urls, git_url: git, download_url: e.type === "dir" ? null : urls.download_url, _links: { ...urls._links, git } };
}

function gitActor(p: GitPerson, at: number) {
  return { name: p.name, email: p.email, date: iso(at) };
}

function commitUrls(state: SimState, org: SimOrg, repo: SimRepo, sha: string) {
  return { url: `${state.urls.apiUrl}/repos/${org.login}/${repo.name}/git/commits/${sha}`, html_url: `${state.urls.url}/${org.login}/${repo.name}/commit/${sha}` };
}

/** file-commit (PUT /repos/{owner}/{repo}/contents/{path}). */
export function renderFileCommit(state: SimState, org: SimOrg, repo: SimRepo, c: SimCommit) {
  const { _links, ...urls } = fileUrls(state, org, repo, c.path, c.blobSha, DEFAULT_BRANCH);
  return {
    content: { name: c.path.split("/").pop()!, path: c.path, sha: c.blobSha, size: Buffer.byteLength(c.text), ...urls, type: "file", _links },
    commit: {
      sha: c.sha,
      node_id: nodeId("06:Commit", repo.id) + c.sha.slice(0, 8),
      ...commitUrls(state, org, repo, c.sha),
      author: gitActor(c.author, c.at),
      committer: gitActor(c.author, c.at),
      message: c.message,
      tree: { url: `${state.urls.apiUrl}/repos/${org.login}/${repo.name}/git/trees/${c.treeSha}`, sha: c.treeSha },
      parents: c.parent ? [{ ...commitUrls(state, org, repo, c.parent), sha: c.parent }] : [],
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
  };
}

/** commit (GET /repos/{owner}/{repo}/commits). */
export function renderCommit(state: SimState, org: SimOrg, repo: SimRepo, c: SimCommit) {
  const fc = renderFileCommit(state, org, repo, c).commit;
  const api = `${state.urls.apiUrl}/repos/${org.login}/${repo.name}`;
  const login = c.author.login ? state.usersByLogin.get(c.author.login.toLowerCase()) : undefined;
  const user = c.author.login?.endsWith("[bot]") ? renderBotUser(state) : login ? renderUser(state, login) : null;
  return {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: fc.node_id,
    html_url: fc.html_url,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: { url: fc.url, author: fc.author, committer: fc.committer, message: c.message, comment_count: 0, tree: fc.tree, verification: fc.verification },
    author: user,
    committer: user,
    parents: fc.parents.map((p) => ({ sha: p.sha, url: `${api}/commits/${p.sha}`, html_url: p.html_url })),
  };
}
