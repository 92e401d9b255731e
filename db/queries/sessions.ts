// Signed-out sessions: the server-side half of sign-out for stateless sealed cookies.
import { and, eq, lte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { signedOutSessions } from "../schema.ts";

export type SessionRef = { userId: number; signedInAt: number };

/** Records a sign-out (idempotent) and prunes rows whose cookies have expired anyway. */
export async function recordSignOut({ db, userId, signedInAt, expiresAt, now }: SessionRef & {
  db: Db; expiresAt: Date; now: Date;
}): Promise<void> {
  await db.insert(signedOutSessions).values({ userId, signedInAt, expiresAt }).onConflictDoNothing();
  await db.delete(signedOutSessions).where(lte(signedOutSessions.expiresAt, now));
}

export async function isSessionSignedOut({ db, userId, signedInAt }: SessionRef & { db: Db }): Promise<boolean> {
  const rows = await db
    .select({ userId: signedOutSessions.userId })
    .from(signedOutSessions)
    .where(and(eq(signedOutSessions.userId, userId), eq(signedOutSessions.signedInAt, signedInAt)))
    .limit(1);
  return rows.length > 0;
}
