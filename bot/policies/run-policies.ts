// One policy run for an org: evaluate the stored policy against the current inventory, plan, and
// (unless a dry run) apply: warnings, revocation through the revocation engine, owner notices.
// Every run is recorded in policy_runs with one item per (grant, rule) saying what happened and why.
import type { Db } from "../../db/client.ts";
import { listPolicyGrants } from "../../db/queries/policy-grants.ts";
import { failInterruptedPolicyRuns, finishPolicyRun, insertPolicyRun, insertPolicyRunItems, startPolicyRun } from "../../db/queries/policy-runs.ts";
import { listPolicyWarnings } from "../../db/queries/policy-warnings.ts";
import type { PolicyRunStatus } from "../../model/statuses.ts";
import { Conflict } from "../../model/errors.ts";
import type { OctokitLike } from "../github/calls.ts";
import { noteGrantsChanged } from "../orgs/org-summary.ts";
import { applyPlan } from "./apply-plan.ts";
import { getEffectivePolicy } from "./effective.ts";
import { countExpiredMatches, evaluateRules } from "./evaluate.ts";
import { planRun, type PlannedItem } from "./plan.ts";
import { summarize, type PolicySummary } from "./run-summary.ts";
import { planCredentials, summarizeCredentials, type PlannedCredentialItem } from "./plan-credentials.ts";
import { insertCredentialRunItems } from "../../db/queries/policy-credentials.ts";

/** A run still "running" after this long died with its process (runs take seconds to minutes). */
export const RUN_STALE_MS = 60 * 60_000;

export type RunPoliciesOptions = {
  db: Db;
  /** An installation client for the org. */
  octokit: OctokitLike;
  org: { id: number; login: string };
  /** The evaluation clock (tests and the demo move it); defaults to now. */
  now?: Date;
  dryRun: boolean;
  /** What started the run: "cli", "schedule", "dashboard" … */
  trigger: string;
  /** Who started it (a login, "patwarden[scheduler]" …). */
  actor: string;
  /** For notify.webhookUrl (tests inject one). */
  fetchImpl?: typeof fetch;
  /** Hosts notify.webhookUrl may name although they resolve to non-public addresses (NOTIFY_WEBHOOK_ALLOWED_HOSTS). */
  webhookAllowedHosts?: readonly string[];
  /** Pause between revocation calls (the engine's default is 1 s; tests use 0). */
  pacingMs?: number;
};

export type PolicyRunResult = {
  runId: number;
  status: PolicyRunStatus;
  dryRun: boolean;
  evaluatedAt: Date;
  policy: { status: "default" | "valid" | "invalid"; sha: string | null };
  /** Why nothing was evaluated (an invalid policy file), else null. */
  skippedReason: string | null;
  items: PlannedItem[];
  /** One per (credential, credential rule) match; empty when the org's credential source is not available (summary.credentials says why). */
  credentialItems: PlannedCredentialItem[];
  summary: PolicySummary | null;
  revocationJobId: number | null;
  /** The job that removed due SSO credential authorizations (real runs only). */
  credentialRevocationJobId?: number | null;
  /** Problems that did not stop the run (a notice or webhook that failed, an unfinished revocation). */
  errors: string[];
};

export async function runPolicies(opts: RunPoliciesOptions): Promise<PolicyRunResult> {
  const { db, org, dryRun, trigger, actor } = opts;
  const now = opts.now ?? new Date();
  const policy = await getEffectivePolicy({ db, orgId: org.id });
  const base = { orgId: org.id, trigger, actor, dryRun, evaluatedAt: now, configSha: policy.sha };
  const result = { dryRun, evaluatedAt: now, policy: { status: policy.status, sha: policy.sha } };

  if (policy.status === "invalid") {
    const shown = policy.errors.slice(0, 3).map((e) => `${e.line === null ? "" : `line ${e.line} `}${e.field}: ${e.message}`).join("; ");
    const reason = `policy file invalid: ${shown}${policy.errors.length > 3 ? ` (and ${policy.errors.length - 3} more)` : ""}`;
    const run = await insertPolicyRun({ db, run: { ...base, status: "skipped", error: reason, finishedAt: new Date() } });
    return { ...result, runId: run.id, status: "skipped", skippedReason: reason, items: [], credentialItems: [], summary: null, revocationJobId: null, errors: [] };
  }

  const grants = await listPolicyGrants({ db, orgId: org.id });
  const matches = evaluateRules({ grants, config: policy.config, now });
  const openWarnings = await listPolicyWarnings({ db, orgId: org.id, status: "open" });
  const plan = planRun({ matches, grants, openWarnings, config: policy.config, now });
  const expiredSkipped = countExpiredMatches({ grants, config: policy.config, now });
  const summary = summarize({ plan, items: plan.items, rules: policy.config.rules, expiredSkipped });
  const cplan = await planCredentials({ db, orgId: org.id, config: policy.config, now, grantRevocations: plan.revoke.length });
  summary.credentials = summarizeCredentials({ plan: cplan, config: policy.config });

  if (dryRun) {
    // The plan is the preview: only the run (and its items, so the dashboard can show it per grant) is stored.
    const run = await insertPolicyRun({ db, run: { ...base, status: "succeeded", summary, finishedAt: new Date() } });
    await insertPolicyRunItems({ db, runId: run.id, orgId: org.id, items: plan.items });
    await insertCredentialRunItems({ db, runId: run.id, orgId: org.id, items: cplan.items });
    return { ...result, runId: run.id, status: "succeeded", skippedReason: null, items: plan.items, credentialItems: cplan.items, summary, revocationJobId: null, errors: [] };
  }

  // Two real runs at once (the schedule and a person) would both open an issue for a new owner.
  const started = new Date();
  await failInterruptedPolicyRuns({ db, orgId: org.id, before: new Date(started.getTime() - RUN_STALE_MS), now: started });
  const start = await startPolicyRun({ db, since: new Date(started.getTime() - RUN_STALE_MS), run: { ...base, status: "running" } });
  if ("busy" in start) {
    const { busy } = start;
    throw new Conflict(`policy run ${busy.id} for ${org.login} is still running (started ${busy.startedAt.toISOString()} by ${busy.actor}); try again when it has finished`);
  }
  const { run } = start;
  try {
    const applied = await applyPlan({ ...opts, now, plan, matches, config: policy.config, runId: run.id, summary, credentials: cplan });
    const status: PolicyRunStatus = applied.revocationFailed || applied.credentials?.revocationFailed ? "failed" : "succeeded";
    summary.errors = applied.errors;
    // Items are final now (a removal that failed turned its items into skipped), so the counts are read again.
    summary.credentials = summarizeCredentials({ plan: cplan, config: policy.config, revoked: applied.credentials?.revokedWarnings ?? 0 });
    await insertPolicyRunItems({ db, runId: run.id, orgId: org.id, items: plan.items });
    await insertCredentialRunItems({ db, runId: run.id, orgId: org.id, items: cplan.items });
    await finishPolicyRun({
      db, runId: run.id, status, summary, revocationJobId: applied.revocationJobId,
      error: applied.errors.length ? applied.errors.join("\n").slice(0, 4000) : null, now: new Date(),
    });
    noteGrantsChanged({ db, orgId: org.id, now: () => new Date() }); // the overview's summary, in the background
    return {
      ...result, runId: run.id, status, skippedReason: null, items: plan.items, credentialItems: cplan.items, summary,
      revocationJobId: applied.revocationJobId, credentialRevocationJobId: applied.credentials?.revocationJobId ?? null, errors: applied.errors,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishPolicyRun({ db, runId: run.id, status: "failed", summary, revocationJobId: null, error: message, now: new Date() });
    throw error;
  }
}
