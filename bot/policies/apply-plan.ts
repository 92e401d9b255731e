// Applies a run's plan: warnings (with grant timeline events), the revocation job, owner notices.
// Revocation goes through the revocation engine, so batches of ≤100, serial calls, a resumable job
// and per-grant audit entries hold for policy revocations exactly as for a person's.
import type { Db } from "../../db/client.ts";
import { recordGrantEvents } from "../../db/queries/grant-events.ts";
import { closePolicyWarnings, listPolicyWarnings, openPolicyWarnings, touchPolicyWarning, type WarningKey } from "../../db/queries/policy-warnings.ts";
import type { RevocationItem } from "../../db/schema.ts";
import type { OctokitLike } from "../github/calls.ts";
import { createRevocationJob, listRevocationItems, newRunnerId, runRevocationJob } from "../revoke/index.ts";
import type { PolicyConfig } from "./config.ts";
import type { RuleMatch } from "./evaluate.ts";
import type { NoticeEntry, WebhookWarning } from "./notice-body.ts";
import { notifyOwners } from "./notify-owners.ts";
import { applyCredentialPlan, pendingCredentialsByOwner, type AppliedCredentials } from "./apply-credentials.ts";
import type { CredentialPlan } from "./plan-credentials.ts";
import { formatUtc, type RunPlan } from "./plan.ts";
import { describeRule, revocationReason, type PolicySummary } from "./run-summary.ts";

export const POLICY_ACTOR = "patwarden[policy]";

export async function applyPlan({ db, octokit, org, now, plan, matches, config, runId, summary, credentials, fetchImpl, webhookAllowedHosts, pacingMs }: {
  db: Db; octokit: OctokitLike; org: { id: number; login: string }; now: Date; plan: RunPlan; matches: RuleMatch[];
  config: PolicyConfig; runId: number; summary: PolicySummary;
  /** The credential half of the run (plan-credentials.ts): applied after the grants, notified in the same issues. */
  credentials?: CredentialPlan;
  fetchImpl?: typeof fetch; webhookAllowedHosts?: readonly string[]; pacingMs?: number;
}): Promise<{ revocationJobId: number | null; revocationFailed: boolean; errors: string[]; credentials: AppliedCredentials | null }> {
  const errors: string[] = [];
  // The stop switch: nothing is warned, resolved, notified or revoked; every open warning waits as it is.
  if (plan.stopped) return { revocationJobId: null, revocationFailed: false, errors, credentials: null };
  const orgId = org.id;

  await openPolicyWarnings({ db, orgId, warnings: plan.open.map(({ detail: _detail, ...w }) => ({ ...w, lastRunId: runId })) });
  for (const k of plan.keep) await touchPolicyWarning({ db, orgId, key: k.key, runId, mode: k.mode, revokeAfter: k.revokeAfter });
  await closePolicyWarnings({ db, orgId, keys: plan.resolve.map((r) => r.key), status: "resolved", at: now, runId });
  await recordGrantEvents({
    db,
    events: [
      ...plan.open.map((w) => ({ orgId, grantId: w.grantId, kind: "warned" as const, at: now, details: { rule: w.rule, mode: w.mode, detail: w.detail, revokeAfter: w.revokeAfter?.toISOString() ?? null, runId } })),
      ...plan.resolve.map((r) => ({ orgId, grantId: r.key.grantId, kind: "warning_resolved" as const, at: now, details: { rule: r.key.rule, reason: r.reason, runId } })),
    ],
  });

  let revocationJobId: number | null = null;
  let revocationFailed = false;
  const revoked = new Map<string, { tokenName: string; grantId: number; rules: string[] }[]>();
  const names = new Map(plan.items.map((i) => [i.grantId, i.tokenName]));
  const webhookWarnings: WebhookWarning[] = plan.open.map((w) => ({
    owner: w.ownerLogin, tokenName: names.get(w.grantId) ?? `grant ${w.grantId}`, grantId: w.grantId, rule: w.rule, detail: w.detail, action: "warned", revokeAfter: w.revokeAfter ? formatUtc(w.revokeAfter) : null,
  }));
  if (plan.revoke.length > 0) {
    const runnerId = newRunnerId();
    const job = await createRevocationJob({
      db, orgId, target: { ids: plan.revoke.map((r) => r.grantId) }, actor: POLICY_ACTOR, actorType: "app", runnerId,
      reason: revocationReason({ ruleIds: plan.revoke.flatMap((r) => r.rules.map((x) => x.ruleId)), rules: config.rules, runId }),
      // The policy file is the authorization here (and the caps bound it); no person types the org's name.
      confirmation: org.login, maxGrants: plan.revoke.length,
    });
    revocationJobId = job.id;
    const done = await runRevocationJob({ db, octokit, jobId: job.id, runnerId, pacingMs });
    if (done.status !== "succeeded") {
      revocationFailed = done.status === "failed";
      errors.push(`revocation job ${job.id} ended ${done.status}${done.lastError ? `: ${done.lastError}` : ""}${done.status === "running" ? " (it resumes on its own: `patwarden revoke --job`, or a running server)" : ""}`);
    }
    const outcomes = new Map((await listAllItems(db, job.id)).map((i) => [i.grantId, i]));
    const closeRevoked: WarningKey[] = [];
    const closeGone: WarningKey[] = [];
    const openNow = await listPolicyWarnings({ db, orgId, status: "open" });
    for (const r of plan.revoke) {
      const outcome = outcomes.get(r.grantId);
      const items = plan.items.filter((i) => i.grantId === r.grantId && i.outcome === "revoked");
      const keys = openNow.filter((w) => w.grantId === r.grantId).map((w) => ({ grantId: w.grantId, rule: w.rule }));
      if (outcome?.status === "revoked") {
        closeRevoked.push(...keys);
        const list = revoked.get(r.ownerLogin) ?? [];
        list.push({ tokenName: r.tokenName, grantId: r.grantId, rules: r.rules.map((x) => x.ruleId) });
        revoked.set(r.ownerLogin, list);
        webhookWarnings.push(...r.rules.map((x) => ({ owner: r.ownerLogin, tokenName: r.tokenName, grantId: r.grantId, rule: x.ruleId, detail: x.detail, action: "revoked" as const, revokeAfter: null })));
      } else if (outcome?.status === "already_gone") {
        closeGone.push(...keys);
        for (const i of items) i.detail = `${i.detail} (already gone at GitHub)`;
      } else {
        for (const i of items) {
          i.outcome = "skipped";
          i.detail = outcome?.status === "failed" ? `revocation failed: ${outcome.lastError ?? "unknown error"} (${i.detail})` : `revocation pending in job ${job.id} (${i.detail})`;
        }
      }
    }
    await closePolicyWarnings({ db, orgId, keys: closeRevoked, status: "revoked", at: now, runId });
    await closePolicyWarnings({ db, orgId, keys: closeGone, status: "resolved", at: now, runId });
    summary.warnings.revoked = closeRevoked.length;
  }

  const creds = credentials ? await applyCredentialPlan({ db, octokit, org, now, cplan: credentials, config, runId, actor: POLICY_ACTOR, pacingMs }) : null;
  if (creds) errors.push(...creds.errors);

  if (config.notify.repository || config.notify.webhookUrl) {
    const notified = await notifyOwners({
      db, octokit, org, repository: config.notify.repository, webhookUrl: config.notify.webhookUrl, fetchImpl, webhookAllowedHosts, now,
      pending: await pendingByOwner({ db, orgId, plan, matches, config }), revoked, webhookWarnings: [...webhookWarnings, ...(creds?.webhookWarnings ?? [])],
      ...(credentials ? { pendingCredentials: await pendingCredentialsByOwner({ db, orgId, cplan: credentials, config }), removedCredentials: creds?.removed } : {}),
    });
    const { errors: notifyErrors, ...counts } = notified;
    summary.notices = counts;
    errors.push(...notifyErrors);
  }
  return { revocationJobId, revocationFailed, errors, credentials: creds };
}

/**
 * Every owner's open warnings as notice lines. Idle and never-used details grow by a day every day;
 * the rule's own words keep the issue text stable, so a daily run does not edit every issue daily.
 */
async function pendingByOwner({ db, orgId, plan, matches, config }: { db: Db; orgId: number; plan: RunPlan; matches: RuleMatch[]; config: PolicyConfig }): Promise<Map<string, NoticeEntry[]>> {
  const details = new Map(matches.map((m) => [`${m.grantId}:${m.ruleId}`, m.detail]));
  const rules = new Map(config.rules.map((r) => [r.id, r]));
  const names = new Map(plan.items.map((i) => [i.grantId, i.tokenName]));
  const out = new Map<string, NoticeEntry[]>();
  for (const w of await listPolicyWarnings({ db, orgId, status: "open" })) {
    const rule = rules.get(w.rule);
    const detail = rule && (rule.type === "idle" || rule.type === "never_used") ? describeRule(rule) : details.get(`${w.grantId}:${w.rule}`) ?? "matched";
    const list = out.get(w.ownerLogin) ?? [];
    list.push({ tokenName: names.get(w.grantId) ?? `grant ${w.grantId}`, grantId: w.grantId, rule: w.rule, detail, revokeAfter: w.revokeAfter });
    out.set(w.ownerLogin, list);
  }
  return out;
}


async function listAllItems(db: Db, jobId: number): Promise<RevocationItem[]> {
  const out: RevocationItem[] = [];
  for (let after = 0; ;) {
    const page = await listRevocationItems({ db, jobId, afterGrantId: after, limit: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
    after = page.at(-1)!.grantId;
  }
}
