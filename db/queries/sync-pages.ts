// Stored pages of GitHub lists (ETag + the ids each held), so re-syncs can use free 304s.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants, patRequests, syncPages, type NewSyncPage, type SyncPage } from "../schema.ts";
import { type SyncPageResource } from "../../model/statuses.ts";
import { insertFromJson, setExcluded } from "./upsert-helpers.ts";

export async function getSyncPage({ db, orgId, url }: { db: Db; orgId: number; url: string }): Promise<SyncPage | undefined> {
  const [row] = await db.select().from(syncPages).where(and(eq(syncPages.orgId, orgId), eq(syncPages.url, url)));
  return row;
}

/** Many pages in one query (the first repository page of each subset grant on a grant page). */
export async function getSyncPagesByUrl({ db, orgId, urls }: { db: Db; orgId: number; urls: string[] }): Promise<Map<string, SyncPage>> {
  if (urls.length === 0) return new Map();
  const rows = await db.select().from(syncPages).where(and(eq(syncPages.orgId, orgId), inArray(syncPages.url, urls)));
  return new Map(rows.map((r) => [r.url, r]));
}

export async function saveSyncPages({ db, pages }: { db: Db; pages: NewSyncPage[] }): Promise<void> {
  if (pages.length === 0) return;
  const unique = [...new Map(pages.map((p) => [`${p.orgId} ${p.url}`, { ...p, fetchedAt: p.fetchedAt ?? new Date() }])).values()];
  // One JSON parameter (insertFromJson): a repository batch saves up to 100 pages.
  const kept = { resource: syncPages.resource, parentId: syncPages.parentId, etag: syncPages.etag, itemIds: syncPages.itemIds, nextUrl: syncPages.nextUrl, sweepRunId: syncPages.sweepRunId, fetchedAt: syncPages.fetchedAt };
  await db.execute(sql`
    ${insertFromJson({ table: syncPages, columns: { orgId: syncPages.orgId, url: syncPages.url, ...kept }, rows: unique })}
    on conflict (org_id, url) do update set ${setExcluded(Object.values(kept))}`);
}

/** Records that this run reached the page (it answered 304). */
export async function touchSyncPages({ db, orgId, urls, runId }: { db: Db; orgId: number; urls: string[]; runId: number }): Promise<void> {
  if (urls.length === 0) return;
  await db
    .update(syncPages)
    .set({ sweepRunId: runId })
    .where(and(eq(syncPages.orgId, orgId), inArray(syncPages.url, urls), sql`${syncPages.sweepRunId} is distinct from ${runId}`));
}

/** After a completed sweep: pages it never reached (the list got shorter) are forgotten. */
export async function deleteUnsweptPages({ db, orgId, resource, runId }: {
  db: Db; orgId: number; resource: SyncPageResource; runId: number;
}): Promise<void> {
  await db
    .delete(syncPages)
    .where(and(eq(syncPages.orgId, orgId), eq(syncPages.resource, resource), sql`${syncPages.sweepRunId} is distinct from ${runId}`));
}

/** Repository pages of grants or requests that are gone or no longer `subset`. */
export async function deleteOrphanRepositoryPages({ db, orgId }: { db: Db; orgId: number }): Promise<void> {
  await db.delete(syncPages).where(
    and(
      eq(syncPages.orgId, orgId),
      eq(syncPages.resource, "grant-repositories"),
      sql`not exists (select 1 from ${grants} g where g.org_id = ${orgId} and g.id = ${syncPages.parentId} and g.removed_at is null and g.repository_selection = 'subset')`,
    ),
  );
  await db.delete(syncPages).where(
    and(
      eq(syncPages.orgId, orgId),
      eq(syncPages.resource, "request-repositories"),
      sql`not exists (select 1 from ${patRequests} r where r.org_id = ${orgId} and r.id = ${syncPages.parentId} and r.status = 'pending' and r.repository_selection = 'subset')`,
    ),
  );
}
