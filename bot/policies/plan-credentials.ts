// The credential half of a policy run: read the org's credential source and active credentials,
// evaluate the credential rules, and plan with the grant planner (credential ids in its id slot),
// so grace, warnings, the stop switch, caps and exceptions behave exactly as for grants.
import type { Db } from "../../db/client.ts";
import { getCredentialSource, listCredentialWarnings, listPolicyCredentials } from "../../db/queries/policy-credentials.ts";
import type { Credential } from "../../db/schema.ts";
import { CREDENTIAL_SOURCE_TEXT, type CredentialSourceStatus } from "../../model/credentials.ts";
import { POLICY_OUTCOMES, type PolicyMode, type PolicyOutcome } from "../../model/statuses.ts";
import type { PolicyConfig } from "./config.ts";
import type { CredentialRuleType } from "./credential-rules.ts";
import { credentialLabel, evaluateCredentialRules, type CredentialRuleMatch } from "./evaluate-credentials.ts";
import { planRun, type RunPlan } from "./plan.ts";

export type PlannedCredentialItem = {
  credentialId: number; rule: string; mode: PolicyMode; outcome: PolicyOutcome; detail: string;
  login: string; credentialType: string; label: string;
};

export type CredentialPlan = {
  source: CredentialSourceStatus;
  /** Why the credential rules were not evaluated (the source is not available, or there are none); else null. */
  skippedReason: string | null;
  items: PlannedCredentialItem[];
  matches: CredentialRuleMatch[];
  /** In the planner's terms: `grantId` is the credential id, `tokenName` its label. Null when skipped. */
  plan: RunPlan | null;
  credentials: Map<number, Credential>;
};

export type CredentialRunSummary = {
  source: CredentialSourceStatus;
  skippedReason: string | null;
  activeCredentials: number;
  outcomes: Record<PolicyOutcome, number>;
  perRule: Record<string, Record<PolicyOutcome, number>>;
  ruleTypes: Record<string, CredentialRuleType>;
  warnings: { opened: number; resolved: number; revoked: number };
  cap: RunPlan["cap"] | null;
};

export async function planCredentials({ db, orgId, config, now, grantRevocations }: {
  db: Db; orgId: number; config: PolicyConfig; now: Date;
  /** Grants the same run revokes: they count against maxRevocationsPerRun. */
  grantRevocations: number;
}): Promise<CredentialPlan> {
  const source = await getCredentialSource({ db, orgId });
  const empty = { items: [], matches: [], plan: null, credentials: new Map<number, Credential>() };
  if (config.credentialRules.length === 0) return { source: source.status, skippedReason: "the policy has no credential rules", ...empty };
  if (source.status !== "available") {
    // Not an error: most orgs have no SAML SSO; the run says so and evaluates the grant rules alone.
    return { source: source.status, skippedReason: `credential rules skipped: ${CREDENTIAL_SOURCE_TEXT[source.status]}`, ...empty };
  }
  const rows = await listPolicyCredentials({ db, orgId });
  const credentials = new Map(rows.map((c) => [c.credentialId, c]));
  const matches = evaluateCredentialRules({ credentials: rows, config, now });
  const warnings = await listCredentialWarnings({ db, orgId, status: "open" });
  const plan = planRun({
    matches: matches.map((m) => ({ ...m, grantId: m.credentialId })),
    grants: rows.map((c) => ({ id: c.credentialId, ownerLogin: c.login, tokenName: credentialLabel(c) })),
    openWarnings: warnings.map((w) => ({ grantId: w.credentialId, rule: w.rule, ownerLogin: w.login, warnedAt: w.warnedAt, revokeAfter: w.revokeAfter })),
    config, now, rules: config.credentialRules, share: { alreadyRevoked: grantRevocations, noun: "credential" },
  });
  for (const r of plan.resolve) r.reason = r.reason.replace("the grant is no longer active", "the credential is no longer active");
  const items = plan.items.map((i) => ({
    credentialId: i.grantId, rule: i.rule, mode: i.mode, outcome: i.outcome, detail: i.detail, login: i.ownerLogin,
    credentialType: credentials.get(i.grantId)?.credentialType ?? "", label: i.tokenName,
  }));
  return { source: source.status, skippedReason: null, items, matches, plan, credentials };
}

const zero = (): Record<PolicyOutcome, number> => Object.fromEntries(POLICY_OUTCOMES.map((o) => [o, 0])) as Record<PolicyOutcome, number>;

/** Counts for the run's summary (`summary.credentials`); items are read after apply, so outcomes are final. */
export function summarizeCredentials({ plan, config, revoked = 0 }: { plan: CredentialPlan; config: PolicyConfig; revoked?: number }): CredentialRunSummary {
  const outcomes = zero();
  const perRule: Record<string, Record<PolicyOutcome, number>> = plan.plan ? Object.fromEntries(config.credentialRules.map((r) => [r.id, zero()])) : {};
  for (const item of plan.items) {
    outcomes[item.outcome] += 1;
    (perRule[item.rule] ??= zero())[item.outcome] += 1;
  }
  return {
    source: plan.source, skippedReason: plan.skippedReason, activeCredentials: plan.credentials.size, outcomes, perRule,
    ruleTypes: Object.fromEntries(config.credentialRules.map((r) => [r.id, r.type])),
    warnings: { opened: plan.plan?.open.length ?? 0, resolved: plan.plan?.resolve.length ?? 0, revoked },
    cap: plan.plan?.cap ?? null,
  };
}
