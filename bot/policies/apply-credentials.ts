// Applies the credential half of a run's plan: credential warnings, removal of the due
// authorizations through the revocation engine (one DELETE each, persisted, resumable, audited),
// and what the owners' notices and the webhook say about credentials.
import type { Db } from "../../db/client.ts";
import { closeCredentialWarnings, listCredentialWarnings, openCredentialWarnings, touchCredentialWarning, type CredentialWarningKey } from "../../db/queries/policy-credentials.ts";
import type { OctokitLike } from "../github/calls.ts";
import { removeCredentialsForPolicy } from "./remove-credentials.ts";
import type { PolicyConfig } from "./config.ts";
import { describeCredentialRule } from "./credential-rules.ts";
import type { CredentialNoticeEntry, RemovedCredential, WebhookWarning } from "./notice-body.ts";
import { credentialLabel } from "./evaluate-credentials.ts";
import type { CredentialPlan } from "./plan-credentials.ts";
import { formatUtc } from "./plan.ts";

export type AppliedCredentials = {
  revocationJobId: number | null;
  revocationFailed: boolean;
  errors: string[];
  /** Warnings closed because the authorization was removed. */
  revokedWarnings: number;
  removed: Map<string, RemovedCredential[]>;
  webhookWarnings: WebhookWarning[];
};

export async function applyCredentialPlan({ db, octokit, org, now, cplan, config, runId, actor, pacingMs }: {
  db: Db; octokit: OctokitLike; org: { id: number; login: string }; now: Date; cplan: CredentialPlan; config: PolicyConfig; runId: number; actor: string; pacingMs?: number;
}): Promise<AppliedCredentials> {
  const out: AppliedCredentials = { revocationJobId: null, revocationFailed: false, errors: [], revokedWarnings: 0, removed: new Map(), webhookWarnings: [] };
  const plan = cplan.plan;
  if (!plan || plan.stopped) return out;
  const orgId = org.id;
  const key = (k: { grantId: number; rule: string }): CredentialWarningKey => ({ credentialId: k.grantId, rule: k.rule });
  await openCredentialWarnings({
    db, orgId,
    warnings: plan.open.map((w) => ({ credentialId: w.grantId, rule: w.rule, login: w.ownerLogin, mode: w.mode, warnedAt: w.warnedAt, revokeAfter: w.revokeAfter, lastRunId: runId })),
  });
  for (const k of plan.keep) await touchCredentialWarning({ db, orgId, key: key(k.key), runId, mode: k.mode, revokeAfter: k.revokeAfter });
  await closeCredentialWarnings({ db, orgId, keys: plan.resolve.map((r) => key(r.key)), status: "resolved", at: now, runId });
  const labelOf = (id: number) => cplan.items.find((i) => i.credentialId === id)?.label ?? `credential ${id}`;
  out.webhookWarnings.push(...plan.open.map((w) => ({
    owner: w.ownerLogin, tokenName: labelOf(w.grantId), credentialId: w.grantId, rule: w.rule, detail: w.detail, action: "warned" as const,
    revokeAfter: w.revokeAfter ? formatUtc(w.revokeAfter) : null,
  })));
  if (plan.revoke.length === 0) return out;

  const ids = plan.revoke.map((r) => r.grantId);
  const rules = new Map(config.credentialRules.map((r) => [r.id, r]));
  const reason = `${[...new Set(plan.revoke.flatMap((r) => r.rules.map((x) => x.ruleId)))]
    .map((id) => `policy ${id}: ${rules.has(id) ? describeCredentialRule(rules.get(id)!) : "rule"}`).join("; ")} (policy run ${runId}, after the grace period)`.slice(0, 1024);
  const removal = await removeCredentialsForPolicy({ db, octokit, org, ids, reason, actor, pacingMs });
  out.revocationJobId = removal.jobId;
  out.revocationFailed = removal.failed;
  out.errors.push(...removal.errors);
  const closeRevoked: CredentialWarningKey[] = [];
  const closeGone: CredentialWarningKey[] = [];
  const openNow = await listCredentialWarnings({ db, orgId, status: "open" });
  for (const r of plan.revoke) {
    const outcome = removal.outcomes.get(r.grantId);
    const items = cplan.items.filter((i) => i.credentialId === r.grantId && i.outcome === "revoked");
    const keys = openNow.filter((w) => w.credentialId === r.grantId).map((w) => ({ credentialId: w.credentialId, rule: w.rule }));
    if (outcome?.status === "revoked") {
      closeRevoked.push(...keys);
      const list = out.removed.get(r.ownerLogin) ?? [];
      list.push({ label: r.tokenName, credentialId: r.grantId, rules: r.rules.map((x) => x.ruleId) });
      out.removed.set(r.ownerLogin, list);
      out.webhookWarnings.push(...r.rules.map((x) => ({ owner: r.ownerLogin, tokenName: r.tokenName, credentialId: r.grantId, rule: x.ruleId, detail: x.detail, action: "revoked" as const, revokeAfter: null })));
    } else if (outcome?.status === "already_gone") {
      closeGone.push(...keys);
      for (const i of items) i.detail = `${i.detail} (already gone at GitHub)`;
    } else {
      for (const i of items) {
        i.outcome = "skipped";
        i.detail = outcome?.status === "failed" ? `removal failed: ${outcome.error ?? "unknown error"} (${i.detail})` : removal.jobId ? `removal pending in job ${removal.jobId} (${i.detail})` : `removal not started: ${removal.errors[0] ?? "unknown"} (${i.detail})`;
      }
    }
  }
  await closeCredentialWarnings({ db, orgId, keys: closeRevoked, status: "revoked", at: now, runId });
  await closeCredentialWarnings({ db, orgId, keys: closeGone, status: "resolved", at: now, runId });
  out.revokedWarnings = closeRevoked.length;
  return out;
}

/** Every owner's open credential warnings as notice lines (idle wording stays stable day to day, as for grants). */
export async function pendingCredentialsByOwner({ db, orgId, cplan, config }: { db: Db; orgId: number; cplan: CredentialPlan; config: PolicyConfig }): Promise<Map<string, CredentialNoticeEntry[]>> {
  const details = new Map(cplan.matches.map((m) => [`${m.credentialId}:${m.ruleId}`, m.detail]));
  const rules = new Map(config.credentialRules.map((r) => [r.id, r]));
  const out = new Map<string, CredentialNoticeEntry[]>();
  for (const w of await listCredentialWarnings({ db, orgId, status: "open" })) {
    const rule = rules.get(w.rule);
    const detail = rule && (rule.type === "idle" || rule.type === "never_accessed") ? describeCredentialRule(rule) : details.get(`${w.credentialId}:${w.rule}`) ?? "matched";
    const c = cplan.credentials.get(w.credentialId);
    const list = out.get(w.login) ?? [];
    list.push({ label: c ? credentialLabel(c) : `credential ${w.credentialId}`, credentialId: w.credentialId, rule: w.rule, detail, revokeAfter: w.revokeAfter });
    out.set(w.login, list);
  }
  return out;
}
