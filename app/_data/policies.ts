import "server-only";
// The policies page: the org's policy file as last read (status, source, errors), the effective
// rules, and the run history; a run's items for its detail page. Every call checks the viewer.
import type { EffectivePolicy, PolicyCredentialRunItem, PolicyRun, PolicyRunItem, PolicyRunListRow } from "../../bot/policies/verbs.ts";
import type { PolicyOutcome } from "../../model/statuses.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type { PolicyRunListRow };

/** `older`/`newer`: cursors of the run history's next pages (`?before=`/`?after=`), null when none. */
export type PolicyPage = { login: string; access: OrgAccess; policy: EffectivePolicy; runs: PolicyRunListRow[]; older: string | null; newer: string | null };

export const POLICY_RUNS_SHOWN = 30;

export async function getPolicyPage({ viewer, org, after, before }: { viewer: Viewer; org: string; after?: string; before?: string }): Promise<PolicyPage> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { policies } = getDashboardRuntime().engine;
  const [{ policy }, runs] = await Promise.all([policies.show({ orgId: row.id }), policies.listRuns({ orgId: row.id, limit: POLICY_RUNS_SHOWN, after, before })]);
  return { login: row.login, access, policy, runs: runs.rows, older: runs.older, newer: runs.newer };
}

/** `counts` covers every item of the run (per outcome), as the runs table does; `items` is bounded. */
export type PolicyRunDetail = {
  login: string; access: OrgAccess; run: PolicyRun; items: PolicyRunItem[]; total: number; counts: Record<PolicyOutcome, number>;
  /** The run's SSO credential items (bounded), counted in all and per outcome. */
  credentials: { items: PolicyCredentialRunItem[]; total: number; counts: Record<PolicyOutcome, number> };
};

/** null when this org has no such run. */
export async function getPolicyRunDetail({ viewer, org, runId }: { viewer: Viewer; org: string; runId: number }): Promise<PolicyRunDetail | null> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const found = await getDashboardRuntime().engine.policies.getRun({ orgId: row.id, runId });
  return found && { login: row.login, access, ...found };
}

/** Re-reads .github/patwarden.yml from GitHub (anyone who sees the org: reading changes nothing there). */
export async function reloadPolicyFor({ viewer, org }: { viewer: Viewer | null; org: string }) {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const policy = (await getDashboardRuntime().engine.policies.reload({ orgId: row.id }))!;
  return { login: row.login, status: policy.status, errors: policy.errors.length };
}

/**
 * A dry run: the exact plan a run would carry out, recorded as a dry-run policy run (nothing is
 * warned, notified or revoked), so read-only viewers may start one too.
 */
export async function dryRunPoliciesFor({ viewer, org }: { viewer: Viewer | null; org: string }) {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const result = await getDashboardRuntime().engine.policies.preview({ orgId: row.id, trigger: "dashboard", actor: viewer!.login });
  return { login: row.login, runId: result.runId, status: result.status, skippedReason: result.skippedReason, items: result.items.length };
}
