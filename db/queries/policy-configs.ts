// The org's policy file as last read from GitHub (bot/policies/config.ts parses it).
import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policyConfigs, type PolicyConfigRow } from "../schema.ts";

export async function getPolicyConfigRow({ db, orgId }: { db: Db; orgId: number }): Promise<PolicyConfigRow | undefined> {
  const [row] = await db.select().from(policyConfigs).where(eq(policyConfigs.orgId, orgId));
  return row;
}

export type PolicyConfigWrite = Omit<PolicyConfigRow, "orgId" | "loadedAt"> & { loadedAt?: Date };

/** Replaces the stored file state in one statement: a broken file never leaves half its rules behind. */
export async function savePolicyConfigRow({ db, orgId, row }: { db: Db; orgId: number; row: PolicyConfigWrite }): Promise<void> {
  const values = { ...row, orgId, loadedAt: row.loadedAt ?? new Date() };
  await db.insert(policyConfigs).values(values).onConflictDoUpdate({ target: policyConfigs.orgId, set: values });
}
