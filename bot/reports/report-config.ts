// The policy config a report uses when the caller passes none: the org's effective policy (its
// valid policy file, or the safe defaults; an invalid file is never applied, not even in part).
// Read from GitHub first when a client is at hand: the stored copy is only as fresh as the last
// push webhook, which may have been missed (the App down, a delivery lost).
import type { Db } from "../../db/client.ts";
import type { OctokitLike } from "../github/calls.ts";
import { getEffectivePolicy, loadPolicyConfig, type PolicyConfig } from "../policies/index.ts";

export async function loadReportConfig({ db, orgId }: { db: Db; orgId: number }): Promise<PolicyConfig> {
  return (await getEffectivePolicy({ db, orgId })).config;
}

export type ReportPolicy = {
  config: PolicyConfig;
  /** The blob sha of the policy file used; null when there is none (defaults). */
  sha: string | null;
  /** "github": read now; "stored": the stored copy (no client, or the read failed: `refreshError`). */
  from: "github" | "stored";
  refreshError: string | null;
};

export async function refreshReportPolicy({ db, octokit, org, now }: {
  db: Db; octokit: OctokitLike | null; org: { id: number; login: string }; now: Date;
}): Promise<ReportPolicy> {
  let refreshError: string | null = null;
  if (octokit) {
    try {
      const policy = await loadPolicyConfig({ db, octokit, org, now });
      return { config: policy.config, sha: policy.sha, from: "github", refreshError: null };
    } catch (error) {
      refreshError = error instanceof Error ? error.message : String(error);
    }
  }
  const stored = await getEffectivePolicy({ db, orgId: org.id });
  return { config: stored.config, sha: stored.sha, from: "stored", refreshError };
}
