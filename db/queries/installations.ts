// GitHub App installations as GitHub lists them (GET /app/installations) or as webhooks report them.
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { installations, type Installation, type NewInstallation } from "../schema.ts";
import { type InstallationStatus } from "../../model/statuses.ts";
import { anyChanged, takeExcluded } from "./upsert-helpers.ts";

export async function upsertInstallation({ db, installation, now }: {
  db: Db; installation: Omit<NewInstallation, "createdAt" | "updatedAt">; now: Date;
}): Promise<void> {
  const cols = {
    accountId: installations.accountId,
    accountLogin: installations.accountLogin,
    accountType: installations.accountType,
    repositorySelection: installations.repositorySelection,
    permissions: installations.permissions,
    events: installations.events,
    status: installations.status,
    suspendedAt: installations.suspendedAt,
  };
  await db
    .insert(installations)
    .values({ ...installation, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: installations.id,
      set: { ...takeExcluded(cols), updatedAt: now },
      setWhere: anyChanged(Object.values(cols)),
    });
}

/** After a complete GET /app/installations: installations GitHub no longer lists are gone. */
export async function markOtherInstallationsUninstalled({ db, keepIds, now }: { db: Db; keepIds: number[]; now: Date }): Promise<number> {
  const out = await db
    .update(installations)
    .set({ status: "uninstalled", updatedAt: now })
    .where(and(sql`${installations.status} <> 'uninstalled'`, keepIds.length ? notInArray(installations.id, keepIds) : undefined))
    .returning({ id: installations.id });
  return out.length;
}

export async function setInstallationStatus({ db, installationId, status, now }: {
  db: Db; installationId: number; status: InstallationStatus; now: Date;
}): Promise<void> {
  await db
    .update(installations)
    .set({ status, suspendedAt: status === "suspended" ? now : null, updatedAt: now })
    .where(eq(installations.id, installationId));
}

export async function getInstallation({ db, installationId }: { db: Db; installationId: number }): Promise<Installation | undefined> {
  const [row] = await db.select().from(installations).where(eq(installations.id, installationId));
  return row;
}

export async function listInstallations({ db }: { db: Db }): Promise<Installation[]> {
  return db.select().from(installations);
}
