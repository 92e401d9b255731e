// The person view's shape, built from the rows db/queries/people.ts reads: per org the
// membership, active grants and credentials, pending requests; across orgs the totals, the
// highest risk, the last use, and the history of what was removed and the audit about it.
import type { PersonRecords } from "../../db/queries/people.ts";
import type { AuditEntry, Credential, Grant, Org } from "../../db/schema.ts";
import { isExpired } from "../../model/categories.ts";
import { CREDENTIAL_SOURCE_TEXT, credentialKind, type CredentialKind, type CredentialSourceStatus } from "../../model/credentials.ts";
import { permissionLabels } from "../../model/permissions.ts";
import type { RiskReason } from "../../model/risk.ts";

export const MEMBERSHIPS = ["owner", "member", "left", "never", "unknown"] as const;
/** never: members are synced and the person is not among them; unknown: members not synced yet. */
export type Membership = (typeof MEMBERSHIPS)[number];

export type PersonGrant = {
  id: number; name: string; permissions: string[]; repositorySelection: string; repositoryCount: number | null;
  grantedAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; expired: boolean; risk: number; riskReasons: RiskReason[];
};
export type PersonCredential = {
  id: number; kind: CredentialKind | null; type: string; scopes: string[]; lastEight: string | null; fingerprint: string | null;
  title: string | null; authorizedAt: Date; accessedAt: Date | null; expiresAt: Date | null; risk: number; riskReasons: RiskReason[];
};
export type PersonRequest = { id: number; name: string; permissions: string[]; createdAt: Date; reason: string | null };
export type PersonOrg = {
  orgId: number; org: string; membership: Membership; leftAt: Date | null;
  /** Whether the org's SSO credentials are read (model/credentials.ts); the note says why not. */
  credentialsSource: CredentialSourceStatus; credentialsNote: string | null;
  grants: PersonGrant[]; credentials: PersonCredential[]; requests: PersonRequest[];
  maxRisk: number; lastUsedAt: Date | null;
};
export type PersonRemoval = {
  orgId: number; org: string; kind: "grant" | "credential"; id: number; name: string;
  removedAt: Date; removalReason: string | null;
  /** The latest audit entry that removed it (a patwarden revocation), when there is one. */
  revokedBy: { actor: string; at: Date; reason: string | null } | null;
};
export type PersonAuditEntry = {
  id: number; orgId: number | null; org: string | null; at: Date; actor: string; action: string;
  targetType: string | null; targetId: string | null; reason: string | null; result: string;
};
export type Person = {
  login: string;
  orgs: PersonOrg[];
  totals: { grants: number; credentials: number; requests: number };
  maxRisk: number;
  lastUsedAt: Date | null;
  /** Orgs (logins) where the person's membership ended. */
  leftOrgs: string[];
  history: { removed: PersonRemoval[]; audit: PersonAuditEntry[] };
};

const latest = (dates: (Date | null)[]) => dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);
const REMOVING_ACTIONS = new Set(["grant.revoke", "credential.remove", "credential.revoke"]);

function toGrant(g: Grant, now: Date): PersonGrant {
  return {
    id: g.id, name: g.tokenName, permissions: permissionLabels(g.permissions), repositorySelection: g.repositorySelection,
    repositoryCount: g.repositoryCount, grantedAt: g.accessGrantedAt, lastUsedAt: g.tokenLastUsedAt, expiresAt: g.tokenExpiresAt,
    expired: isExpired(g, now), risk: g.riskScore, riskReasons: g.riskReasons,
  };
}

function toCredential(c: Credential): PersonCredential {
  return {
    id: c.credentialId, kind: credentialKind(c.credentialType), type: c.credentialType, scopes: c.scopes, lastEight: c.tokenLastEight,
    fingerprint: c.fingerprint, title: c.title, authorizedAt: c.authorizedAt, accessedAt: c.accessedAt, expiresAt: c.expiresAt,
    risk: c.riskScore, riskReasons: c.riskReasons,
  };
}

function membershipIn({ records, orgId, synced }: { records: PersonRecords; orgId: number; synced: boolean }): { membership: Membership; leftAt: Date | null } {
  const row = records.members.find((m) => m.orgId === orgId);
  // GitHub lists no former members: someone absent from the list whose grants or credentials the
  // member sync marked "owner left" has left (when is unknown), rather than never having joined.
  const held = [...records.activeGrants, ...records.removedGrants, ...records.activeCredentials, ...records.removedCredentials];
  if (!row && held.some((h) => h.orgId === orgId && h.ownerIsMember === false)) return { membership: "left", leftAt: null };
  if (!row) return { membership: synced ? "never" : "unknown", leftAt: null };
  if (row.removedAt) return { membership: "left", leftAt: row.removedAt };
  return { membership: row.role === "admin" ? "owner" : "member", leftAt: null };
}

export function shapePerson({ login, orgs, records, audit, syncedOrgIds, now }: {
  login: string; orgs: Org[]; records: PersonRecords; audit: AuditEntry[]; syncedOrgIds: number[]; now: Date;
}): Person {
  const orgLogin = new Map(orgs.map((o) => [o.id, o.login]));
  const shown = [...records.members, ...records.activeGrants.map((g) => ({ login: g.ownerLogin })), ...records.activeCredentials, ...records.pendingRequests.map((r) => ({ login: r.ownerLogin }))];
  const perOrg: PersonOrg[] = orgs.map((o) => {
    const grants = records.activeGrants.filter((g) => g.orgId === o.id).map((g) => toGrant(g, now));
    const credentials = records.activeCredentials.filter((c) => c.orgId === o.id).map(toCredential);
    const requests = records.pendingRequests.filter((r) => r.orgId === o.id)
      .map((r) => ({ id: r.id, name: r.tokenName, permissions: permissionLabels(r.permissions), createdAt: r.createdAt, reason: r.reason }));
    return {
      orgId: o.id, org: o.login, ...membershipIn({ records, orgId: o.id, synced: syncedOrgIds.includes(o.id) }),
      credentialsSource: o.credentialsStatus, credentialsNote: o.credentialsStatus === "available" ? null : CREDENTIAL_SOURCE_TEXT[o.credentialsStatus],
      grants, credentials, requests,
      maxRisk: Math.max(0, ...grants.map((g) => g.risk), ...credentials.map((c) => c.risk)),
      lastUsedAt: latest([...grants.map((g) => g.lastUsedAt), ...credentials.map((c) => c.accessedAt)]),
    };
  });
  const removedBy = (type: string[], id: number) => audit.find((a) => type.includes(a.targetType ?? "") && a.targetId === String(id) && REMOVING_ACTIONS.has(a.action) && a.result !== "failure");
  const removal = (kind: "grant" | "credential", orgId: number, id: number, name: string, removedAt: Date, removalReason: string | null): PersonRemoval => {
    const entry = removedBy(kind === "grant" ? ["grant"] : ["credential", "credential_authorization"], id);
    return { orgId, org: orgLogin.get(orgId) ?? String(orgId), kind, id, name, removedAt, removalReason, revokedBy: entry ? { actor: entry.actor, at: entry.at, reason: entry.reason } : null };
  };
  const removed = [
    ...records.removedGrants.map((g) => removal("grant", g.orgId, g.id, g.tokenName, g.removedAt!, g.removalReason)),
    ...records.removedCredentials.map((c) => removal("credential", c.orgId, c.credentialId, c.title ?? c.credentialType, c.removedAt!, c.removalReason)),
  ].sort((a, b) => b.removedAt.getTime() - a.removedAt.getTime());
  return {
    login: shown[0]?.login ?? records.removedGrants[0]?.ownerLogin ?? records.removedCredentials[0]?.login ?? login,
    orgs: perOrg,
    totals: {
      grants: records.activeGrants.length, credentials: records.activeCredentials.length, requests: records.pendingRequests.length,
    },
    maxRisk: Math.max(0, ...perOrg.map((o) => o.maxRisk)),
    lastUsedAt: latest(perOrg.map((o) => o.lastUsedAt)),
    leftOrgs: perOrg.filter((o) => o.membership === "left").map((o) => o.org),
    history: {
      removed,
      audit: audit.map((a) => ({
        id: a.id, orgId: a.orgId, org: a.orgId === null ? null : (orgLogin.get(a.orgId) ?? null), at: a.at, actor: a.actor, action: a.action,
        targetType: a.targetType, targetId: a.targetId, reason: a.reason, result: a.result,
      })),
    },
  };
}

/** Whether the records name the person anywhere (else they are unknown to patwarden). */
export function isKnown(records: PersonRecords): boolean {
  return Object.values(records).some((rows) => rows.length > 0);
}
