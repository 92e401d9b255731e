import "server-only";
// The policies page: the org's policy file as last read (status, source, errors), the effective
// rules, and the run history; a run's items for its detail page. Every call checks the viewer.
import { getEffectivePolicy, loadPolicyConfig, runPolicies, type EffectivePolicy } from "../../bot/policies/index.ts";
import { getPolicyRunView, listPolicyRunItemsView, listPolicyRunsView, type PolicyRunListRow } from "../../db/queries/policy-views.ts";
import type { PolicyRun, PolicyRunItem } from "../../db/schema.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { installationClientFor } from "./installation-client.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type PolicyPage = { login: string; access: OrgAccess; policy: EffectivePolicy; runs: PolicyRunListRow[] };

export async function getPolicyPage({ viewer, org }: { viewer: Viewer; org: string }): Promise<PolicyPage> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { db } = getDashboardRuntime();
  const [policy, runs] = await Promise.all([getEffectivePolicy({ db, orgId: row.id }), listPolicyRunsView({ db, orgId: row.id, limit: 30 })]);
  return { login: row.login, access, policy, runs };
}

export type PolicyRunDetail = { login: string; access: OrgAccess; run: PolicyRun; items: PolicyRunItem[]; total: number };

/** null when this org has no such run. */
export async function getPolicyRunDetail({ viewer, org, runId }: { viewer: Viewer; org: string; runId: number }): Promise<PolicyRunDetail | null> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { db } = getDashboardRuntime();
  const run = await getPolicyRunView({ db, orgId: row.id, runId });
  if (!run) return null;
  const { rows, total } = await listPolicyRunItemsView({ db, orgId: row.id, runId });
  return { login: row.login, access, run, items: rows, total };
}

/** Re-reads .github/patwarden.yml from GitHub (anyone who sees the org: reading changes nothing there). */
export async function reloadPolicyFor({ viewer, org }: { viewer: Viewer | null; org: string }) {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const octokit = installationClientFor({ org: row, doing: "Reading the policy file", command: "policy" });
  const policy = await loadPolicyConfig({ db: getDashboardRuntime().db, octokit, org: { id: row.id, login: row.login }, now: getDashboardRuntime().now() });
  return { login: row.login, status: policy.status, errors: policy.errors.length };
}

/**
 * A dry run: the exact plan a run would carry out, recorded as a dry-run policy run (nothing is
 * warned, notified or revoked), so read-only viewers may start one too.
 */
export async function dryRunPoliciesFor({ viewer, org }: { viewer: Viewer | null; org: string }) {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const { db, now } = getDashboardRuntime();
  const octokit = installationClientFor({ org: row, doing: "A policy dry run", command: "policy" });
  const result = await runPolicies({ db, octokit, org: { id: row.id, login: row.login }, now: now(), dryRun: true, trigger: "dashboard", actor: viewer!.login });
  return { login: row.login, runId: result.runId, status: result.status, skippedReason: result.skippedReason, items: result.items.length };
}
