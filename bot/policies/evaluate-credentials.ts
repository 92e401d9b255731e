// Credential rule evaluation: which active SSO credential authorizations each credential rule
// matches at a given instant. Pure, like evaluateRules for grants, so runs, dry runs, the
// dashboard and tests agree.
import type { Credential } from "../../db/schema.ts";
import { DAY_MS } from "../../model/categories.ts";
import { credentialKind, credentialTypeLabel } from "../../model/credentials.ts";
import type { PolicyMode } from "../../model/statuses.ts";
import type { PolicyConfig } from "./config.ts";
import { scopesGranting } from "../../model/credential-scopes.ts";
import type { CredentialException, CredentialRule, CredentialRuleType } from "./credential-rules.ts";
import { exceptionHolds } from "./evaluate.ts";

/** The credential fields rules read (a full `Credential` row fits). */
export type EvaluableCredential = Pick<
  Credential,
  | "credentialId" | "login" | "credentialType" | "tokenLastEight" | "title" | "scopes" | "authorizedAt" | "accessedAt"
  | "expiresAt" | "ownerIsMember" | "removedAt"
>;

export type CredentialRuleMatch = {
  credentialId: number;
  ruleId: string;
  ruleType: CredentialRuleType;
  mode: PolicyMode;
  detail: string;
  excepted?: { reason: string; until: string };
};

/** Every (credential, rule) match, credentials in id order, rules in file order. Removed and expired credentials never match. */
export function evaluateCredentialRules({ credentials, config, now }: {
  credentials: EvaluableCredential[]; config: Pick<PolicyConfig, "credentialRules">; now: Date;
}): CredentialRuleMatch[] {
  const out: CredentialRuleMatch[] = [];
  for (const credential of [...credentials].sort((a, b) => a.credentialId - b.credentialId)) {
    if (credential.removedAt !== null || (credential.expiresAt !== null && credential.expiresAt.getTime() <= now.getTime())) continue;
    for (const rule of config.credentialRules) {
      const detail = matchCredentialRule(rule, credential, now);
      if (detail === null) continue;
      const exception = activeCredentialException(rule.exceptions, credential, now);
      out.push({
        credentialId: credential.credentialId, ruleId: rule.id, ruleType: rule.type, mode: rule.mode, detail,
        ...(exception ? { excepted: { reason: exception.reason, until: exception.until } } : {}),
      });
    }
  }
  return out;
}

const wholeDays = (ms: number) => Math.floor(ms / DAY_MS);

/** The detail text when the rule matches the credential, null otherwise. */
export function matchCredentialRule(rule: CredentialRule, c: EvaluableCredential, now: Date): string | null {
  const kind = credentialKind(c.credentialType);
  // A kind this version does not know is outside every `kinds` list (and inside none).
  if (rule.kinds && (kind === null || !rule.kinds.includes(kind))) return null;
  const nowMs = now.getTime();
  switch (rule.type) {
    case "idle": {
      if (!c.accessedAt || nowMs - c.accessedAt.getTime() <= rule.days * DAY_MS) return null;
      return `not accessed for ${wholeDays(nowMs - c.accessedAt.getTime())} days (limit ${rule.days})`;
    }
    case "never_accessed": {
      if (c.accessedAt || nowMs - c.authorizedAt.getTime() <= rule.days * DAY_MS) return null;
      return `never accessed, authorized ${wholeDays(nowMs - c.authorizedAt.getTime())} days ago (limit ${rule.days})`;
    }
    case "lifetime": {
      if (!c.expiresAt) return rule.includeNoExpiry ? "never expires" : null;
      const lifeMs = c.expiresAt.getTime() - c.authorizedAt.getTime();
      return lifeMs > rule.maxDays * DAY_MS ? `expires ${wholeDays(lifeMs)} days after being authorized (limit ${rule.maxDays})` : null;
    }
    case "forbidden_scopes": {
      const hits = scopesGranting(c.scopes, rule.scopes);
      return hits.length > 0 ? `holds scope ${hits.join(", ")}` : null;
    }
    case "credential_types": {
      const forbidden = rule.allowed ? kind === null || !rule.allowed.includes(kind) : kind !== null && (rule.forbidden ?? []).includes(kind);
      return forbidden ? `${credentialTypeLabel(c.credentialType)} ${rule.allowed ? "is not an allowed kind" : "is a forbidden kind"}` : null;
    }
    case "owner_left":
      return c.ownerIsMember === false ? `owner ${c.login} is no longer a member` : null;
  }
}

/** The first exception naming this credential, its owner (any case) or its kind, whose last day is not past. */
export function activeCredentialException(exceptions: CredentialException[], c: Pick<EvaluableCredential, "credentialId" | "login" | "credentialType">, now: Date): CredentialException | undefined {
  return exceptions.find((e) => {
    const names = e.credentialId !== undefined
      ? e.credentialId === c.credentialId
      : e.login !== undefined ? e.login.toLowerCase() === c.login.toLowerCase() : credentialKind(c.credentialType) === e.type;
    return names && exceptionHolds(e.until, now);
  });
}

/** "classic PAT …a1b2c3d4", "SSH key deploy laptop": how a warning or a run names a credential. */
export function credentialLabel(c: Pick<EvaluableCredential, "credentialType" | "tokenLastEight" | "title">): string {
  const kind = credentialTypeLabel(c.credentialType);
  const name = c.tokenLastEight ? `…${c.tokenLastEight}` : c.title ?? "";
  return name ? `${kind} ${name}` : kind;
}
