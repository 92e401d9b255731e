// The one GitHub issue per (org, owner, repository) that warns an owner: remembered so later runs
// update it instead of opening another, and skip the write when the body did not change.
import { and, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { ownerNotices, type OwnerNotice } from "../schema.ts";

export async function listOwnerNotices({ db, orgId, repository }: { db: Db; orgId: number; repository?: string }): Promise<OwnerNotice[]> {
  const where = repository ? and(eq(ownerNotices.orgId, orgId), eq(ownerNotices.repository, repository)) : eq(ownerNotices.orgId, orgId);
  return db.select().from(ownerNotices).where(where);
}

export async function saveOwnerNotice({ db, notice }: { db: Db; notice: Omit<OwnerNotice, "updatedAt"> & { updatedAt?: Date } }): Promise<void> {
  const values = { ...notice, updatedAt: notice.updatedAt ?? new Date() };
  await db.insert(ownerNotices).values(values).onConflictDoUpdate({
    target: [ownerNotices.orgId, ownerNotices.ownerLogin, ownerNotices.repository],
    set: { issueNumber: values.issueNumber, state: values.state, bodyHash: values.bodyHash, updatedAt: values.updatedAt },
  });
}
