// JSON shapes for issues, labels and issue comments (issue, label, issue-comment).
import { iso, nodeId } from "./render.ts";
import { renderActor } from "./render-repo.ts";
import type { SimComment, SimIssue, SimOrg, SimRepo, SimState } from "./types.ts";

function repoApi(state: SimState, org: SimOrg, repo: SimRepo): string {
  return `${state.urls.apiUrl}/repos/${org.login}/${repo.name}`;
}

export function renderLabel(state: SimState, org: SimOrg, repo: SimRepo, name: string) {
  const label = state.repoData.get(repo.id)?.labels.get(name.toLowerCase());
  const id = label?.id ?? 0;
  return {
    id,
    node_id: nodeId("05:Label", id),
    url: `${repoApi(state, org, repo)}/labels/${encodeURIComponent(label?.name ?? name)}`,
    name: label?.name ?? name,
    description: label?.description ?? null,
    color: label?.color ?? "ededed",
    default: false,
  };
}

export function renderIssue(state: SimState, org: SimOrg, repo: SimRepo, issue: SimIssue) {
  const api = `${repoApi(state, org, repo)}/issues/${issue.number}`;
  const assignees = issue.assigneeIds.map((id) => renderActor(state, { kind: "user", userId: id }));
  const user = renderActor(state, issue.author);
  return {
    id: issue.id,
    node_id: nodeId("05:Issue", issue.id),
    url: api,
    repository_url: repoApi(state, org, repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${state.urls.url}/${org.login}/${repo.name}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user,
    labels: issue.labels.map((name) => renderLabel(state, org, repo, name)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_by: null,
    author_association: issue.author.kind === "bot" ? "NONE" : org.members.get(issue.author.userId) === "admin" ? "OWNER" : "MEMBER",
    ...(issue.author.kind === "bot" ? { performed_via_github_app: null } : {}),
    reactions: { url: `${api}/reactions`, total_count: 0, "+1": 0, "-1": 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
  };
}

export function renderIssueComment(state: SimState, org: SimOrg, repo: SimRepo, issue: SimIssue, c: SimComment) {
  const api = repoApi(state, org, repo);
  return {
    id: c.id,
    node_id: nodeId("012:IssueComment", c.id),
    url: `${api}/issues/comments/${c.id}`,
    html_url: `${state.urls.url}/${org.login}/${repo.name}/issues/${issue.number}#issuecomment-${c.id}`,
    body: c.body,
    user: renderActor(state, c.author),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    issue_url: `${api}/issues/${issue.number}`,
    author_association: c.author.kind === "bot" ? "NONE" : org.members.get(c.author.userId) === "admin" ? "OWNER" : "MEMBER",
  };
}
