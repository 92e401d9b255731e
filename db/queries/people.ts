// One person across orgs: what they hold and held (grants, SSO credentials, pending requests),
// their membership rows and the audit entries about those. Logins compare lower-cased (GitHub
// logins are case-insensitive); each read is bounded to the orgs asked about.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, credentials, grants, orgMembers, patRequests, type AuditEntry, type Credential, type Grant, type OrgMember, type PatRequest } from "../schema.ts";
import { idArray } from "./upsert-helpers.ts";

/** Removed grants and credentials kept in a person's history, newest removal first. */
export const PERSON_HISTORY_LIMIT = 200;
/** Audit entries about a person's grants, credentials and membership, newest first. */
export const PERSON_AUDIT_LIMIT = 200;

export type PersonRecords = {
  members: OrgMember[];
  activeGrants: Grant[];
  removedGrants: Grant[];
  activeCredentials: Credential[];
  removedCredentials: Credential[];
  pendingRequests: PatRequest[];
};

export async function listPersonRecords({ db, login, orgIds }: { db: Db; login: string; orgIds: number[] }): Promise<PersonRecords> {
  const who = login.toLowerCase();
  const inOrgs = (col: typeof grants.orgId | typeof credentials.orgId | typeof orgMembers.orgId | typeof patRequests.orgId) =>
    sql`${col} = any(${idArray(orgIds)})`;
  if (orgIds.length === 0) return { members: [], activeGrants: [], removedGrants: [], activeCredentials: [], removedCredentials: [], pendingRequests: [] };
  const grantOwner = and(inOrgs(grants.orgId), sql`lower(${grants.ownerLogin}) = ${who}`);
  const credentialOwner = and(inOrgs(credentials.orgId), sql`lower(${credentials.login}) = ${who}`);
  const [members, activeGrants, removedGrants, activeCredentials, removedCredentials, pendingRequests] = await Promise.all([
    db.select().from(orgMembers).where(and(inOrgs(orgMembers.orgId), sql`lower(${orgMembers.login}) = ${who}`)),
    // grants_active_owner_lower_idx (org_id, lower(owner_login)) serves this per org.
    db.select().from(grants).where(and(grantOwner, sql`${grants.removedAt} is null`)).orderBy(desc(grants.riskScore), grants.id),
    db.select().from(grants).where(and(grantOwner, sql`${grants.removedAt} is not null`)).orderBy(desc(grants.removedAt), grants.id).limit(PERSON_HISTORY_LIMIT),
    // credentials_active_login_idx (org_id, lower(login), credential_id).
    db.select().from(credentials).where(and(credentialOwner, sql`${credentials.removedAt} is null`)).orderBy(desc(credentials.riskScore), credentials.credentialId),
    db.select().from(credentials).where(and(credentialOwner, sql`${credentials.removedAt} is not null`)).orderBy(desc(credentials.removedAt), credentials.credentialId).limit(PERSON_HISTORY_LIMIT),
    db.select().from(patRequests)
      .where(and(inOrgs(patRequests.orgId), eq(patRequests.status, "pending"), sql`lower(${patRequests.ownerLogin}) = ${who}`))
      .orderBy(patRequests.createdAt, patRequests.id),
  ]);
  return { members, activeGrants, removedGrants, activeCredentials, removedCredentials, pendingRequests };
}

/**
 * Audit entries whose target is one of the person's grants or credentials (ids are GitHub's,
 * given per org) or the person (member.removed, offboarding), in the given orgs; audit_log_target_idx.
 */
export async function listPersonAudit({ db, login, orgIds, grantIds, credentialIds }: {
  db: Db; login: string; orgIds: number[]; grantIds: number[]; credentialIds: number[];
}): Promise<AuditEntry[]> {
  if (orgIds.length === 0) return [];
  const text = (ids: number[]) => sql`${`{${ids.join(",")}}`}::text[]`;
  return db
    .select()
    .from(auditLog)
    .where(sql`(
      (${auditLog.orgId} = any(${idArray(orgIds)}) and (
        (${auditLog.targetType} = 'grant' and ${auditLog.targetId} = any(${text(grantIds)}))
        or (${auditLog.targetType} in ('credential', 'credential_authorization') and ${auditLog.targetId} = any(${text(credentialIds)}))
        or (${auditLog.targetType} in ('user', 'person') and lower(${auditLog.targetId}) = ${login.toLowerCase()})
      ))
      -- An offboarding across orgs is audited once, with no org (bot/offboard/create.ts).
      or (${auditLog.orgId} is null and ${auditLog.targetType} = 'person' and lower(${auditLog.targetId}) = ${login.toLowerCase()})
    )`)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(PERSON_AUDIT_LIMIT);
}

/** Of the given orgs, those whose members have been synced at least once (else membership is unknown, not "never"). */
export async function listOrgsWithMembers({ db, orgIds }: { db: Db; orgIds: number[] }): Promise<number[]> {
  if (orgIds.length === 0) return [];
  const rows = await db.execute(sql`
    select o.id from unnest(${idArray(orgIds)}) as o(id)
    where exists (select 1 from ${orgMembers} m where m.org_id = o.id)`);
  return (rows as unknown as { rows: { id: number | string }[] }).rows.map((r) => Number(r.id));
}
