// push to the default branch of the org's `.github` repository touching `.github/patwarden.yml`:
// reload the policy file at once, as Probot apps re-read their config on push. Any other push is ignored.
import { POLICY_FILE } from "../policies/index.ts";
import type { Handler } from "./route.ts";

type PushCommit = { added?: string[]; modified?: string[]; removed?: string[] };

/** True when any commit of the push added, changed or removed the policy file. */
export function touchesPolicyFile(commits: (PushCommit | null | undefined)[]): boolean {
  return commits.some((c) => [...(c?.added ?? []), ...(c?.modified ?? []), ...(c?.removed ?? [])].includes(POLICY_FILE.path));
}

export const handlePush: Handler<"push"> = async ({ engine, octokit, payload, log }) => {
  const repo = payload.repository;
  if (repo.name !== POLICY_FILE.repository || payload.ref !== `refs/heads/${repo.default_branch}`) return "ignored";
  // A forced push can drop commits the payload no longer lists; reading the file again is one call.
  if (!payload.forced && !touchesPolicyFile([...payload.commits, payload.head_commit])) return "ignored";
  const orgId = payload.organization?.id ?? repo.owner?.id;
  const policy = orgId === undefined ? null : await engine.policies.reload({ orgId }, { octokit });
  if (!policy) {
    log.warn({ org: repo.owner?.login }, "push to .github of an org patwarden does not know; ignored");
    return "ignored";
  }
  log.info({ status: policy.status, sha: policy.sha, errors: policy.errors.length }, "policy file reloaded");
  return "processed";
};
