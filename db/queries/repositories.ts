// The org's repositories as the synced data knows them: every repository a `subset` grant or a
// request lists. (GitHub's PAT API names no other repository; an `all` grant lists none.)
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grantRepositories, requestRepositories } from "../schema.ts";

type RepositoryColumns = typeof grantRepositories | typeof requestRepositories;

/**
 * A repository named as `name` or `owner/name`, case-insensitive. The owner form also compares the
 * bare name, so grant_repositories_lower_name_idx serves both.
 */
export function repositoryNamed(table: RepositoryColumns, repository: string): SQL {
  const wanted = repository.trim().toLowerCase();
  const slash = wanted.indexOf("/");
  if (slash < 0) return sql`lower(${table.name}) = ${wanted}`;
  return sql`lower(${table.name}) = ${wanted.slice(slash + 1)} and lower(${table.fullName}) = ${wanted}`;
}

/** Whether any grant (active or removed) or request of the org lists this repository. */
export async function hasRepository({ db, orgId, repository }: { db: Db; orgId: number; repository: string }): Promise<boolean> {
  const [grant] = await db.select({ one: sql<number>`1` }).from(grantRepositories)
    .where(and(eq(grantRepositories.orgId, orgId), repositoryNamed(grantRepositories, repository))).limit(1);
  if (grant) return true;
  const [request] = await db.select({ one: sql<number>`1` }).from(requestRepositories)
    .where(and(eq(requestRepositories.orgId, orgId), repositoryNamed(requestRepositories, repository))).limit(1);
  return request !== undefined;
}

/** Every repository the org's grants and requests list, as { name, fullName }; for suggestions on a typo. */
export async function listRepositoryNames({ db, orgId }: { db: Db; orgId: number }): Promise<{ name: string; fullName: string }[]> {
  const rows = await db.execute(sql`
    select name, full_name from ${grantRepositories} where org_id = ${orgId}
    union
    select name, full_name from ${requestRepositories} where org_id = ${orgId}`);
  return (rows as unknown as { rows: { name: string; full_name: string }[] }).rows.map((r) => ({ name: r.name, fullName: r.full_name }));
}
