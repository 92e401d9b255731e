// The report's SSO credential section: findings per category over the org's active credential
// authorizations, removals patwarden made in the period, and the difference from the previous
// report. An org whose credential source is not available gets "not available", never zeros.
import type { Db } from "../../db/client.ts";
import { getCredentialSource, listPolicyCredentials, listRemovedCredentials } from "../../db/queries/policy-credentials.ts";
import type { Credential } from "../../db/schema.ts";
import { DAY_MS } from "../../model/categories.ts";
import { credentialKind, CREDENTIAL_SOURCE_TEXT } from "../../model/credentials.ts";
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from "../policies/config.ts";
import { scopesGranting } from "../../model/credential-scopes.ts";
import { credentialLabel } from "../policies/evaluate-credentials.ts";
import {
  CREDENTIAL_FINDING_CATEGORIES, type CredentialFinding, type CredentialFindingCategory, type CredentialFindingKey, type CredentialSection, type ReportDocument,
} from "./document.ts";

/** Scopes the file's forbidden_scopes credential rules name; the defaults' list when it has none. */
export function broadScopesOf(config: PolicyConfig): string[] {
  const from = (c: PolicyConfig) => c.credentialRules.flatMap((r) => (r.type === "forbidden_scopes" ? r.scopes : []));
  const listed = from(config);
  return [...new Set(listed.length ? listed : from(DEFAULT_POLICY_CONFIG))].sort();
}

/** Whether a credential is in a category (active credentials only; see docs/report-schema.md). */
export function inCredentialCategory(c: Credential, category: CredentialFindingCategory, t: CredentialSection["thresholds"], now: Date): boolean {
  switch (category) {
    case "idle": return c.accessedAt !== null && c.accessedAt.getTime() < now.getTime() - t.idleDays * DAY_MS;
    case "never_accessed": return c.accessedAt === null;
    // SSH keys cannot expire at GitHub: "no expiry" is a finding about tokens.
    case "no_expiry": return c.expiresAt === null && credentialKind(c.credentialType) !== "ssh_key";
    case "broad_scopes": return scopesGranting(c.scopes, t.broadScopes).length > 0;
    case "owner_left": return c.ownerIsMember === false;
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toFinding(c: Credential, category: CredentialFindingCategory): CredentialFinding {
  return {
    category, credentialId: c.credentialId, login: c.login, credentialType: c.credentialType, kind: credentialKind(c.credentialType),
    label: credentialLabel(c), tokenLastEight: c.tokenLastEight, title: c.title, fingerprint: c.fingerprint, scopes: [...c.scopes].sort(),
    ownerIsMember: c.ownerIsMember, authorizedAt: c.authorizedAt.toISOString(), accessedAt: iso(c.accessedAt), expiresAt: iso(c.expiresAt), riskScore: c.riskScore,
  };
}

export async function collectCredentialSection({ db, orgId, config, now, since }: {
  db: Db; orgId: number; config: PolicyConfig; now: Date; since: Date | null;
}): Promise<CredentialSection> {
  const source = await getCredentialSource({ db, orgId });
  const thresholds = { idleDays: config.reports.staleDays, broadScopes: broadScopesOf(config) };
  const removals = (await listRemovedCredentials({ db, orgId, since, until: now })).map((c) => ({
    credentialId: c.credentialId, login: c.login, credentialType: c.credentialType, label: credentialLabel(c), removedAt: c.removedAt!.toISOString(),
  }));
  const base = { source: source.status, note: CREDENTIAL_SOURCE_TEXT[source.status], thresholds, removals };
  if (source.status !== "available") {
    return { ...base, available: false, activeCredentials: null, credentialsWithFindings: null, counts: null, findings: [] };
  }
  const active = await listPolicyCredentials({ db, orgId });
  const findings: CredentialFinding[] = [];
  for (const category of CREDENTIAL_FINDING_CATEGORIES) {
    for (const c of active) if (inCredentialCategory(c, category, thresholds, now)) findings.push(toFinding(c, category));
  }
  const counts = Object.fromEntries(CREDENTIAL_FINDING_CATEGORIES.map((k) => [k, findings.filter((f) => f.category === k).length])) as Record<CredentialFindingCategory, number>;
  return {
    ...base, available: true, activeCredentials: active.length, credentialsWithFindings: new Set(findings.map((f) => f.credentialId)).size, counts, findings,
  };
}

const keyOf = (f: { category: string; credentialId: number }) => `${f.category}:${f.credentialId}`;
const toKey = (f: CredentialFinding | CredentialFindingKey): CredentialFindingKey => ({ category: f.category, credentialId: f.credentialId, label: f.label, login: f.login });
const order = (a: CredentialFindingKey, b: CredentialFindingKey) =>
  CREDENTIAL_FINDING_CATEGORIES.indexOf(a.category) - CREDENTIAL_FINDING_CATEGORIES.indexOf(b.category) || a.credentialId - b.credentialId;

/** New and resolved credential findings; null when either side had none to compare (not available, or an older report). */
export function diffCredentialFindings({ previous, current }: { previous: ReportDocument; current: CredentialSection }): NonNullable<ReportDocument["changes"]>["credentials"] {
  if (!previous.credentials?.available || !current.available) return null;
  const before = new Set(previous.credentials.findings.map(keyOf));
  const now = new Set(current.findings.map(keyOf));
  return {
    newFindings: current.findings.filter((f) => !before.has(keyOf(f))).map(toKey).sort(order),
    resolvedFindings: previous.credentials.findings.filter((f) => !now.has(keyOf(f))).map(toKey).sort(order),
  };
}
