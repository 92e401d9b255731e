// Offboardings: the row naming the person, reason and orgs, its per-org revocation jobs, and the
// person's active grants in an org (what a part revokes).
import { and, asc, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants, offboardings, revocationJobs, type Offboarding, type RevocationJob } from "../schema.ts";
import type { SelectedGrant } from "./revocations.ts";

export async function insertOffboarding({ db, row }: { db: Db; row: typeof offboardings.$inferInsert }): Promise<Offboarding> {
  const [out] = await db.insert(offboardings).values(row).returning();
  return out!;
}

export async function getOffboardingRow({ db, id }: { db: Db; id: number }): Promise<Offboarding | undefined> {
  const [row] = await db.select().from(offboardings).where(eq(offboardings.id, id));
  return row;
}

/** Newest first; `login` narrows to one person (case-insensitive); `beforeId` pages. */
export async function listOffboardingRows({ db, login, beforeId, limit = 50 }: {
  db: Db; login?: string; beforeId?: number; limit?: number;
}): Promise<Offboarding[]> {
  return db.select().from(offboardings)
    .where(and(login ? sql`lower(${offboardings.login}) = lower(${login})` : undefined, beforeId ? lt(offboardings.id, beforeId) : undefined))
    .orderBy(desc(offboardings.id))
    .limit(Math.min(limit, 500));
}

/** The offboarding's per-org revocation jobs, in the order they were created (and run). */
export async function listOffboardingParts({ db, offboardingId }: { db: Db; offboardingId: number }): Promise<RevocationJob[]> {
  return db.select().from(revocationJobs).where(eq(revocationJobs.offboardingId, offboardingId)).orderBy(asc(revocationJobs.id));
}

/** Every active grant the person owns in the org (login compared case-insensitively), by id. */
export async function listActiveGrantsOwnedBy({ db, orgId, login }: { db: Db; orgId: number; login: string }): Promise<SelectedGrant[]> {
  return db.select({
    id: grants.id, tokenId: grants.tokenId, tokenName: grants.tokenName, ownerLogin: grants.ownerLogin,
    tokenLastUsedAt: grants.tokenLastUsedAt, tokenExpiresAt: grants.tokenExpiresAt, removedAt: grants.removedAt,
  }).from(grants)
    .where(and(eq(grants.orgId, orgId), sql`lower(${grants.ownerLogin}) = lower(${login})`, isNull(grants.removedAt)))
    .orderBy(asc(grants.id));
}
