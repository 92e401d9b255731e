// Whether GitHub serves an org's SSO credential authorizations (orgs.credentials_status), as the
// last full sync found it, and when the inventory was last swept completely.
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { credentials, orgs } from "../schema.ts";
import type { CredentialSourceStatus } from "../../model/credentials.ts";

export type CredentialSource = { status: CredentialSourceStatus; checkedAt: Date | null; detail: string | null; lastSyncAt: Date | null };

export async function getCredentialSource({ db, orgId }: { db: Db; orgId: number }): Promise<CredentialSource | null> {
  const [row] = await db
    .select({ status: orgs.credentialsStatus, checkedAt: orgs.credentialsCheckedAt, detail: orgs.credentialsDetail, lastSyncAt: orgs.lastCredentialSyncAt })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  return row ?? null;
}

/** Stores GitHub's latest answer; returns the status it replaced (to log a change once). */
export async function setCredentialSource({ db, orgId, status, detail, now }: {
  db: Db; orgId: number; status: CredentialSourceStatus; detail: string | null; now: Date;
}): Promise<CredentialSourceStatus | null> {
  // One sync holds the org at a time (its lease), so reading then writing cannot interleave with another.
  const [before] = await db.select({ status: orgs.credentialsStatus }).from(orgs).where(eq(orgs.id, orgId));
  await db.update(orgs).set({ credentialsStatus: status, credentialsDetail: detail, credentialsCheckedAt: now }).where(eq(orgs.id, orgId));
  return before?.status ?? null;
}

/** A sweep of the whole list completed at `at`. */
export async function markCredentialsSynced({ db, orgId, at }: { db: Db; orgId: number; at: Date }): Promise<void> {
  await db.update(orgs).set({ lastCredentialSyncAt: at }).where(eq(orgs.id, orgId));
}

export type OrgCredentialSource = CredentialSource & { active: number };

/** Each org's source status with its count of active credentials, for the connection cards. */
export async function listCredentialSources({ db, orgIds }: { db: Db; orgIds: number[] }): Promise<Map<number, OrgCredentialSource>> {
  if (orgIds.length === 0) return new Map();
  const active = sql<number>`(select count(*)::int from ${credentials} c where c.org_id = ${orgs.id} and c.removed_at is null)`;
  const rows = await db
    .select({ orgId: orgs.id, status: orgs.credentialsStatus, checkedAt: orgs.credentialsCheckedAt, detail: orgs.credentialsDetail, lastSyncAt: orgs.lastCredentialSyncAt, active })
    .from(orgs)
    .where(inArray(orgs.id, orgIds));
  return new Map(rows.map(({ orgId, ...r }) => [orgId, { ...r, active: Number(r.active) }]));
}
