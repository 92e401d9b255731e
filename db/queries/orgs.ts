// Orgs and their sync lease: one sync per org at a time across processes, and a holder that
// crashed loses the lease when it expires instead of blocking the org forever.
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { orgs, type Org } from "../schema.ts";
import { type SyncKind } from "../../model/statuses.ts";

export async function upsertOrg({ db, id, login, installationId, now }: {
  db: Db; id: number; login: string; installationId: number | null; now: Date;
}): Promise<void> {
  await db
    .insert(orgs)
    .values({ id, login, installationId, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: orgs.id,
      set: { login, installationId, updatedAt: now },
      setWhere: sql`(${orgs.login}, ${orgs.installationId}) is distinct from (${login}, ${installationId}::bigint)`,
    });
}

export async function getOrg({ db, orgId }: { db: Db; orgId: number }): Promise<Org | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, orgId));
  return row;
}

export async function findOrgByLogin({ db, login }: { db: Db; login: string }): Promise<Org | undefined> {
  const [row] = await db.select().from(orgs).where(sql`lower(${orgs.login}) = ${login.toLowerCase()}`);
  return row;
}

export async function listOrgs({ db }: { db: Db }): Promise<Org[]> {
  return db.select().from(orgs).orderBy(asc(orgs.login));
}

/** Takes the lease if it is free, expired, or already ours. Database time, so process clocks do not matter. */
export async function acquireSyncLease({ db, orgId, owner, ttlMs }: { db: Db; orgId: number; owner: string; ttlMs: number }): Promise<boolean> {
  const out = await db
    .update(orgs)
    .set({ syncLockOwner: owner, syncLockUntil: sql`now() + ${ttlMs} * interval '1 millisecond'` })
    .where(and(eq(orgs.id, orgId), or(isNull(orgs.syncLockOwner), lt(orgs.syncLockUntil, sql`now()`), eq(orgs.syncLockOwner, owner))))
    .returning({ id: orgs.id });
  return out.length === 1;
}

/** Extends our lease; false means another process took it over (ours had expired). */
export async function renewSyncLease({ db, orgId, owner, ttlMs }: { db: Db; orgId: number; owner: string; ttlMs: number }): Promise<boolean> {
  const out = await db
    .update(orgs)
    .set({ syncLockUntil: sql`now() + ${ttlMs} * interval '1 millisecond'` })
    .where(and(eq(orgs.id, orgId), eq(orgs.syncLockOwner, owner)))
    .returning({ id: orgs.id });
  return out.length === 1;
}

export async function releaseSyncLease({ db, orgId, owner }: { db: Db; orgId: number; owner: string }): Promise<void> {
  await db
    .update(orgs)
    .set({ syncLockOwner: null, syncLockUntil: null })
    .where(and(eq(orgs.id, orgId), eq(orgs.syncLockOwner, owner)));
}

export async function getSyncLease({ db, orgId }: { db: Db; orgId: number }): Promise<{ owner: string | null; until: Date | null }> {
  const [row] = await db.select({ owner: orgs.syncLockOwner, until: orgs.syncLockUntil }).from(orgs).where(eq(orgs.id, orgId));
  return row ?? { owner: null, until: null };
}

export async function markOrgSynced({ db, orgId, kind, startedAt }: { db: Db; orgId: number; kind: SyncKind; startedAt: Date }): Promise<void> {
  await db
    .update(orgs)
    .set(kind === "full" ? { lastSyncAt: startedAt, lastFullSyncAt: startedAt } : { lastSyncAt: startedAt })
    .where(eq(orgs.id, orgId));
}

export async function setOrgSyncPaused({ db, orgId, paused }: { db: Db; orgId: number; paused: boolean }): Promise<void> {
  await db.update(orgs).set({ syncPaused: paused }).where(eq(orgs.id, orgId));
}
