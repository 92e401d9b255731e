// Writing a file the way GitHub does it for both the REST API and the control surface: one commit
// on main, then a `push` webhook (payload per the `push` x-webhooks schema).
import { DEFAULT_BRANCH, writeFile } from "./contents.ts";
import { iso, nodeId, renderOrgSimple } from "./render.ts";
import { renderActor, renderPushRepo } from "./render-repo.ts";
import type { GitPerson, SimActor, SimCommit, SimOrg, SimRepo, SimState } from "./types.ts";

const ZERO = "0".repeat(40);

export function pushPayload(args: { state: SimState; org: SimOrg; repo: SimRepo; commit: SimCommit; sender: SimActor }) {
  const { state, org, repo, commit: c, sender } = args;
  const person = (p: GitPerson) => ({ name: p.name, email: p.email, ...(p.login ? { username: p.login } : {}) });
  const pushed = {
    id: c.sha,
    tree_id: c.treeSha,
    distinct: true,
    message: c.message,
    timestamp: iso(c.at),
    url: `${state.urls.url}/${org.login}/${repo.name}/commit/${c.sha}`,
    author: person(c.author),
    committer: person(c.author),
    added: c.added ? [c.path] : [],
    removed: [],
    modified: c.added ? [] : [c.path],
  };
  const before = c.parent ?? ZERO;
  return {
    ref: `refs/heads/${DEFAULT_BRANCH}`,
    before,
    after: c.sha,
    repository: renderPushRepo(state, org, repo),
    pusher: { name: c.author.login ?? c.author.name, email: c.author.email },
    organization: renderOrgSimple(state, org),
    sender: renderActor(state, sender),
    installation: { id: org.installation.id, node_id: nodeId("023:IntegrationInstallation", org.installation.id) },
    created: c.parent === null,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: c.parent === null ? `${state.urls.url}/${org.login}/${repo.name}/commit/${c.sha.slice(0, 12)}` : `${state.urls.url}/${org.login}/${repo.name}/compare/${before.slice(0, 12)}...${c.sha.slice(0, 12)}`,
    commits: [pushed],
    head_commit: pushed,
  };
}

/** Commits `text` to `path` and returns the commit with the push payload to deliver. */
export function commitAndPush(args: { state: SimState; org: SimOrg; repo: SimRepo; path: string; text: string; message: string; author: GitPerson; sender: SimActor }) {
  const commit = writeFile(args);
  return { commit, payload: pushPayload({ ...args, commit }) };
}
