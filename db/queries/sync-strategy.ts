// What the sync needs to choose how to fetch subset grants' repositories: does the installation
// see every repository, and does the org already hold per-grant repository ETags.
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants, installations, orgs, syncPages } from "../schema.ts";

/** The installation's repository_selection as registered ("all" or "selected"), or null when unknown. */
export async function getInstallationSelection({ db, orgId }: { db: Db; orgId: number }): Promise<string | null> {
  const [row] = await db
    .select({ selection: installations.repositorySelection })
    .from(orgs)
    .innerJoin(installations, eq(installations.id, orgs.installationId))
    .where(eq(orgs.id, orgId));
  return row?.selection ?? null;
}

export async function countStoredGrantRepositoryPages({ db, orgId }: { db: Db; orgId: number }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(syncPages).where(and(eq(syncPages.orgId, orgId), eq(syncPages.resource, "grant-repositories")));
  return Number(row?.n ?? 0);
}

/** How many of these grants are `all` grants (for a page that came back 304, which has no body). */
export async function countAllSelectionGrants({ db, orgId, ids }: { db: Db; orgId: number; ids: number[] }): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), eq(grants.repositorySelection, "all"), inArray(grants.id, ids)));
  return Number(row?.n ?? 0);
}
