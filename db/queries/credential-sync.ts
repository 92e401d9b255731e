// Write side of the SSO credential inventory, used only by the sync engine: one upsert per page
// that rewrites only rows that changed, "seen" marks for pages GitHub answered with 304, removal of
// what a completed sweep missed, and owner membership from org_members (credentials carry a login only).
import { and, asc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client.ts";
import { credentials, orgMembers, type NewCredential } from "../schema.ts";
import type { RemovalReason } from "../../model/statuses.ts";
import { riskWithMembership } from "./risk.ts";
import { anyChanged, excluded, idArray, insertFromJson, setExcluded } from "./upsert-helpers.ts";

/** What GitHub tells us about a credential authorization, with its risk scored without membership. */
export type CredentialFromGitHub = Omit<
  NewCredential,
  "orgId" | "firstSeenAt" | "lastSeenAt" | "lastSeenSyncId" | "removedAt" | "removalReason" | "updatedAt" | "ownerIsMember"
>;

const DATA_COLUMNS = {
  login: credentials.login, credentialType: credentials.credentialType, tokenLastEight: credentials.tokenLastEight,
  scopes: credentials.scopes, fingerprint: credentials.fingerprint, authorizedAt: credentials.authorizedAt,
  accessedAt: credentials.accessedAt, authorizedCredentialId: credentials.authorizedCredentialId,
  title: credentials.title, note: credentials.note, expiresAt: credentials.expiresAt,
};
const INSERT_COLUMNS = {
  orgId: credentials.orgId, credentialId: credentials.credentialId, ...DATA_COLUMNS,
  riskScore: credentials.riskScore, riskReasons: credentials.riskReasons, firstSeenAt: credentials.firstSeenAt,
  lastSeenAt: credentials.lastSeenAt, lastSeenSyncId: credentials.lastSeenSyncId, updatedAt: credentials.updatedAt,
};

const ids = (list: readonly number[]) => sql`${credentials.credentialId} = any(${idArray(list)})`;

/**
 * One multi-row upsert (one JSON parameter). Changed rows, and removed ones that came back, are
 * rewritten with their new risk (owner-left folded in from the stored membership); unchanged rows
 * only get the seen mark.
 */
export async function upsertCredentials({ db, orgId, rows, runId, now }: {
  db: Db; orgId: number; rows: CredentialFromGitHub[]; runId: number; now: Date;
}): Promise<{ added: number; updated: number }> {
  if (rows.length === 0) return { added: 0, updated: 0 };
  const unique = [...new Map(rows.map((r) => [r.credentialId, r])).values()];
  const seen = { firstSeenAt: now, lastSeenAt: now, lastSeenSyncId: runId, updatedAt: now };
  const insert = insertFromJson({ table: credentials, columns: INSERT_COLUMNS, rows: unique.map((r) => ({ ...r, orgId, ...seen })) });
  const risk = riskWithMembership({ reasons: excluded(credentials.riskReasons), ownerLeft: sql`${credentials.ownerIsMember} = false` });
  const data = Object.values<PgColumn>(DATA_COLUMNS);
  const out = await db.execute(sql`
    ${insert}
    on conflict (org_id, credential_id) do update set
      ${setExcluded(data)}, risk_reasons = ${risk.riskReasons}, risk_score = ${risk.riskScore},
      last_seen_at = excluded.last_seen_at, last_seen_sync_id = excluded.last_seen_sync_id,
      removed_at = null, removal_reason = null, updated_at = excluded.updated_at
    where ${or(anyChanged(data), sql`${credentials.removedAt} is not null`)}
    returning (xmax = 0) as inserted`);
  const written = (out as unknown as { rows: { inserted: boolean }[] }).rows;
  await markCredentialsSeen({ db, orgId, ids: unique.map((r) => r.credentialId), runId, now });
  const added = written.filter((r) => r.inserted).length;
  return { added, updated: written.length - added };
}

/**
 * Marks credentials as seen by this run and brings back removed ones (their page was unchanged).
 * `found` < ids.length means rows are missing: the page must be read again.
 */
export async function markCredentialsSeen({ db, orgId, ids: list, runId, now }: {
  db: Db; orgId: number; ids: number[]; runId: number; now: Date;
}): Promise<{ found: number; reactivated: number }> {
  if (list.length === 0) return { found: 0, reactivated: 0 };
  const back = await db.update(credentials).set({ removedAt: null, removalReason: null, updatedAt: now })
    .where(and(eq(credentials.orgId, orgId), ids(list), sql`${credentials.removedAt} is not null`))
    .returning({ id: credentials.credentialId });
  await db.update(credentials).set({ lastSeenAt: now, lastSeenSyncId: runId })
    .where(and(eq(credentials.orgId, orgId), ids(list), sql`${credentials.lastSeenSyncId} is distinct from ${runId}`));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(credentials).where(and(eq(credentials.orgId, orgId), ids(list)));
  return { found: n ?? 0, reactivated: back.length };
}

export type UnseenCredential = { credentialId: number; login: string; expiresAt: Date | null };

/** Active credentials this run has not seen, by id, a chunk at a time; `login`: one owner's only. */
export async function listUnseenActiveCredentials({ db, orgId, runId, afterId, limit, login }: {
  db: Db; orgId: number; runId: number; afterId: number; limit: number; login?: string;
}): Promise<UnseenCredential[]> {
  return db
    .select({ credentialId: credentials.credentialId, login: credentials.login, expiresAt: credentials.expiresAt })
    .from(credentials)
    .where(and(
      eq(credentials.orgId, orgId), isNull(credentials.removedAt),
      or(isNull(credentials.lastSeenSyncId), ne(credentials.lastSeenSyncId, runId)),
      gt(credentials.credentialId, afterId),
      login ? sql`lower(${credentials.login}) = ${login.toLowerCase()}` : undefined,
    ))
    .orderBy(asc(credentials.credentialId))
    .limit(limit);
}

/** Marks credentials removed with their reason; one already removed keeps its reason (revoked_by_patwarden stays). */
export async function removeCredentials({ db, orgId, removals, now }: {
  db: Db; orgId: number; removals: { credentialId: number; reason: RemovalReason }[]; now: Date;
}): Promise<number> {
  let n = 0;
  for (const reason of new Set(removals.map((r) => r.reason))) {
    const list = removals.filter((r) => r.reason === reason).map((r) => r.credentialId);
    const out = await db.update(credentials).set({ removedAt: now, removalReason: reason, updatedAt: now })
      .where(and(eq(credentials.orgId, orgId), ids(list), isNull(credentials.removedAt)))
      .returning({ id: credentials.credentialId });
    n += out.length;
  }
  return n;
}

/**
 * owner_is_member from the org's members (by login: credentials carry no user id), with the
 * owner-left reason folded into the risk. Nothing changes until members were synced once.
 */
export async function refreshCredentialOwnerIsMember({ db, orgId, login }: { db: Db; orgId: number; login?: string }): Promise<void> {
  const isMember = sql`exists (select 1 from ${orgMembers} m where m.org_id = ${credentials.orgId} and lower(m.login) = lower(${credentials.login}) and m.removed_at is null)`;
  await db
    .update(credentials)
    .set({ ownerIsMember: isMember, ...riskWithMembership({ reasons: sql`${credentials.riskReasons}`, ownerLeft: sql`not ${isMember}` }) })
    .where(and(
      eq(credentials.orgId, orgId),
      login ? sql`lower(${credentials.login}) = ${login.toLowerCase()}` : undefined,
      sql`exists (select 1 from ${orgMembers} m0 where m0.org_id = ${orgId})`,
      sql`${credentials.ownerIsMember} is distinct from ${isMember}`,
    ));
}
