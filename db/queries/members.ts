// Org membership as last synced, and the `owner_is_member` flag it feeds on grants
// ("owner left the org" is a report, a policy rule and a risk reason, kept in step here).
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants, orgMembers } from "../schema.ts";
import { riskWithMembership } from "./risk.ts";
import { anyChanged, idArray, takeExcluded } from "./upsert-helpers.ts";

export type MemberRow = { userId: number; login: string; role: "admin" | "member" };

export async function upsertMembers({ db, orgId, members, runId, now }: {
  db: Db; orgId: number; members: MemberRow[]; runId: number; now: Date;
}): Promise<void> {
  const unique = [...new Map(members.map((m) => [m.userId, m])).values()];
  if (unique.length === 0) return;
  const cols = { login: orgMembers.login, role: orgMembers.role };
  await db
    .insert(orgMembers)
    .values(unique.map((m) => ({ ...m, orgId, firstSeenAt: now, lastSeenAt: now, lastSeenSyncId: runId })))
    .onConflictDoUpdate({
      target: [orgMembers.orgId, orgMembers.userId],
      set: { ...takeExcluded(cols), removedAt: sql`null`, lastSeenAt: now, lastSeenSyncId: runId },
      setWhere: or(anyChanged(Object.values(cols)), sql`${orgMembers.removedAt} is not null`),
    });
  await markMembersSeen({ db, orgId, userIds: unique.map((m) => m.userId), runId, now });
}

/** Seen marks for members of an unchanged (304) page; their role follows the current admin list. */
export async function markMembersSeen({ db, orgId, userIds, adminIds, runId, now }: {
  db: Db; orgId: number; userIds: number[]; adminIds?: number[]; runId: number; now: Date;
}): Promise<number> {
  if (userIds.length === 0) return 0;
  const inPage = and(eq(orgMembers.orgId, orgId), sql`${orgMembers.userId} = any(${idArray(userIds)})`);
  if (adminIds) {
    const role = sql`case when ${orgMembers.userId} = any(${idArray(adminIds)}) then 'admin' else 'member' end`;
    await db.update(orgMembers).set({ role }).where(and(inPage, sql`${orgMembers.role} is distinct from ${role}`));
  }
  await db
    .update(orgMembers)
    .set({ removedAt: null, lastSeenAt: now, lastSeenSyncId: runId })
    .where(and(inPage, sql`(${orgMembers.lastSeenSyncId} is distinct from ${runId} or ${orgMembers.removedAt} is not null)`));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(orgMembers).where(inPage);
  return n ?? 0;
}

/** After a completed member listing: whoever it did not list has left. */
export async function removeUnseenMembers({ db, orgId, runId, now }: { db: Db; orgId: number; runId: number; now: Date }): Promise<number> {
  const out = await db
    .update(orgMembers)
    .set({ removedAt: now })
    .where(
      and(
        eq(orgMembers.orgId, orgId),
        isNull(orgMembers.removedAt),
        or(isNull(orgMembers.lastSeenSyncId), ne(orgMembers.lastSeenSyncId, runId)),
      ),
    )
    .returning({ userId: orgMembers.userId });
  return out.length;
}

/** From the `organization.member_removed` webhook: GitHub told us, no listing needed. */
export async function markMemberRemoved({ db, orgId, login, now }: { db: Db; orgId: number; login: string; now: Date }): Promise<void> {
  await db
    .update(orgMembers)
    .set({ removedAt: now })
    .where(and(eq(orgMembers.orgId, orgId), sql`lower(${orgMembers.login}) = ${login.toLowerCase()}`, isNull(orgMembers.removedAt)));
  await db
    .update(grants)
    .set({ ownerIsMember: false, ...riskWithMembership({ reasons: sql`${grants.riskReasons}`, ownerLeft: sql`true` }) })
    .where(and(eq(grants.orgId, orgId), sql`lower(${grants.ownerLogin}) = ${login.toLowerCase()}`, sql`${grants.ownerIsMember} is distinct from false`));
}

/**
 * Recomputes `grants.owner_is_member` from org_members (all grants, or the given ones). Does
 * nothing until members have been synced once: unknown must stay null, not "left".
 */
export async function refreshOwnerIsMember({ db, orgId, grantIds }: { db: Db; orgId: number; grantIds?: number[] }): Promise<void> {
  if (grantIds && grantIds.length === 0) return;
  const isMember = sql`exists (select 1 from ${orgMembers} m where m.org_id = ${grants.orgId} and m.user_id = ${grants.ownerId} and m.removed_at is null)`;
  await db
    .update(grants)
    .set({ ownerIsMember: isMember, ...riskWithMembership({ reasons: sql`${grants.riskReasons}`, ownerLeft: sql`not ${isMember}` }) })
    .where(
      and(
        eq(grants.orgId, orgId),
        grantIds ? sql`${grants.id} = any(${idArray(grantIds)})` : undefined,
        sql`exists (select 1 from ${orgMembers} m0 where m0.org_id = ${orgId})`,
        sql`${grants.ownerIsMember} is distinct from ${isMember}`,
      ),
    );
}

export async function countMembers({ db, orgId }: { db: Db; orgId: number }): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), isNull(orgMembers.removedAt)));
  return n ?? 0;
}
