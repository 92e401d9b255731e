// Repositories beyond the generated ones: every org has `.github` plus two governance repos
// (`security-notices`, `compliance`), and tests may add more. Their files and issues live in
// `state.repoData`, created on first use.
import { notFound } from "./http-util.ts";
import type { RepoData, SimOrg, SimRepo, SimState } from "./types.ts";

export const GOVERNANCE_REPOS = [".github", "security-notices", "compliance"] as const;
const DAY = 86_400_000;

export function addRepo(args: { state: SimState; org: SimOrg; name: string; private?: boolean; description?: string | null }): SimRepo {
  const { state, org, name } = args;
  if (!/^[\w.-]{1,100}$/.test(name) || name === "." || name === "..") throw new Error(`invalid repository name ${JSON.stringify(name)}`);
  if (org.reposByName.has(name.toLowerCase())) throw new Error(`${org.login}/${name} already exists`);
  const repo: SimRepo = {
    id: state.nextId.extraRepo++,
    name,
    private: args.private ?? true,
    description: args.description ?? null,
    // A fixed age from the org's creation, so ground truth stays deterministic.
    createdAt: org.createdAt + 30 * DAY,
  };
  org.repos.push(repo);
  org.reposById.set(repo.id, repo);
  org.reposByName.set(name.toLowerCase(), repo);
  return repo;
}

export function findRepo(org: SimOrg, name: string | undefined, docs?: string): SimRepo {
  const repo = name ? org.reposByName.get(name.toLowerCase()) : undefined;
  if (!repo) throw notFound(docs);
  return repo;
}

export function repoData(state: SimState, repo: SimRepo): RepoData {
  let data = state.repoData.get(repo.id);
  if (!data) state.repoData.set(repo.id, (data = { commits: [], issues: [], labels: new Map() }));
  return data;
}
