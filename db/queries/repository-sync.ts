// Repository rows of `subset` grants and requests, replaced only with complete listings
// (pages that came back 304 count through `keepIds`), never piecemeal.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grantRepositories, grants, patRequests, requestRepositories } from "../schema.ts";
import { recordGrantEvents, type NewGrantEventInput } from "./grant-events.ts";
import { anyChanged, idArray, insertFromJson, setExcluded, takeExcluded } from "./upsert-helpers.ts";

/** Grants that are `all` or `none` now keep no repository rows. */
export async function clearGrantRepositories({ db, orgId, grantIds }: { db: Db; orgId: number; grantIds: number[] }): Promise<void> {
  if (grantIds.length === 0) return;
  // One statement (a round trip per grant page, most of which clear nothing).
  await db.execute(sql`
    with cleared as (delete from ${grantRepositories} where org_id = ${orgId} and grant_id = any(${idArray(grantIds)}))
    update ${grants} set repository_count = null
    where org_id = ${orgId} and id = any(${idArray(grantIds)}) and repository_count is not null`);
}

export type RepositoryRow = { repositoryId: number; name: string; fullName: string; private: boolean };

export type RepositoryListing = { grantId: number; repos: RepositoryRow[]; keepIds: number[] };

/**
 * After grants' repository listings completed: upsert what changed and drop repositories no
 * longer listed (`keepIds` is each whole listing, including pages that came back 304). Batched
 * across grants: a 10,000-grant sweep has ~6,000 listings, and three statements per batch beat
 * four per grant.
 */
export async function replaceGrantRepositories({ db, orgId, listings, now = new Date() }: {
  db: Db; orgId: number; listings: RepositoryListing[]; now?: Date;
}): Promise<void> {
  if (listings.length === 0) return;
  const rows = [...new Map(listings.flatMap((l) => l.repos.map((r) => [`${l.grantId}:${r.repositoryId}`, { ...r, orgId, grantId: l.grantId }] as const))).values()];
  const cols = { name: grantRepositories.name, fullName: grantRepositories.fullName, private: grantRepositories.private };
  const grantIds = listings.map((l) => l.grantId);
  // Grants listed before (a stored count) get a timeline entry for the change; a first listing is no change.
  const before = new Map((await db
    .select({ id: grants.id, count: grants.repositoryCount })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(grantIds)})`, sql`${grants.repositoryCount} is not null`))).map((g) => [g.id, g.count!]));
  const added: { grantId: number; name: string }[] = [];
  const columns = { orgId: grantRepositories.orgId, grantId: grantRepositories.grantId, repositoryId: grantRepositories.repositoryId, ...cols };
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const out = await db.execute(sql`
      ${insertFromJson({ table: grantRepositories, columns, rows: rows.slice(i, i + ROWS_PER_INSERT) })}
      on conflict (org_id, grant_id, repository_id) do update set ${setExcluded(Object.values(cols))} where ${anyChanged(Object.values(cols))}
      returning grant_id, name, (xmax = 0) as inserted`);
    const returned = (out as unknown as { rows: { grant_id: number | string; name: string; inserted: boolean }[] }).rows;
    added.push(...returned.filter((r) => r.inserted && before.has(Number(r.grant_id))).map((r) => ({ grantId: Number(r.grant_id), name: r.name })));
  }
  const keepGrant = listings.flatMap((l) => l.keepIds.map(() => l.grantId));
  const keepRepo = listings.flatMap((l) => l.keepIds);
  const deleted = await db.execute(sql`
    delete from ${grantRepositories} gr
    where gr.org_id = ${orgId} and gr.grant_id = any(${idArray(grantIds)})
      and not exists (select 1 from unnest(${idArray(keepGrant)}, ${idArray(keepRepo)}) as k(g, r) where k.g = gr.grant_id and k.r = gr.repository_id)
    returning gr.grant_id, gr.name`);
  const counts = listings.map((l) => new Set(l.keepIds).size);
  const removed = (deleted as unknown as { rows: { grant_id: number | string; name: string }[] }).rows
    .map((r) => ({ grantId: Number(r.grant_id), name: r.name })).filter((r) => before.has(r.grantId));
  await recordGrantEvents({ db, events: repositoryEvents({ orgId, before, after: new Map(grantIds.map((id, i) => [id, counts[i]!])), added, removed, at: now }) });
  await db.execute(sql`
    update ${grants} g set repository_count = v.c
    from unnest(${idArray(grantIds)}, ${sql`${`{${counts.join(",")}}`}::int[]`}) as v(id, c)
    where g.org_id = ${orgId} and g.id = v.id and g.repository_count is distinct from v.c`);
}

function repositoryEvents({ orgId, before, after, added, removed, at }: {
  orgId: number; before: Map<number, number>; after: Map<number, number>;
  added: { grantId: number; name: string }[]; removed: { grantId: number; name: string }[]; at: Date;
}): NewGrantEventInput[] {
  const byGrant = new Map<number, { added: string[]; removed: string[] }>();
  const entry = (id: number) => byGrant.get(id) ?? byGrant.set(id, { added: [], removed: [] }).get(id)!;
  for (const r of added) entry(r.grantId).added.push(r.name);
  for (const r of removed) entry(r.grantId).removed.push(r.name);
  return [...byGrant].map(([grantId, d]) => ({
    orgId, grantId, at, kind: "repositories_changed",
    details: { added: d.added.sort(), removed: d.removed.sort(), before: { count: before.get(grantId) ?? null }, after: { count: after.get(grantId) ?? null } },
  }));
}

/** Rows per statement (one JSON parameter): bounds the statement's size. */
const ROWS_PER_INSERT = 5_000;

/** Replaces a request's repositories with a complete listing (`keepIds` includes 304 pages). */
export async function replaceRequestRepositories({ db, orgId, requestId, repos, keepIds }: {
  db: Db; orgId: number; requestId: number; repos: RepositoryRow[]; keepIds: number[];
}): Promise<void> {
  const unique = [...new Map(repos.map((r) => [r.repositoryId, r])).values()];
  if (unique.length) {
    const cols = { name: requestRepositories.name, fullName: requestRepositories.fullName, private: requestRepositories.private };
    await db
      .insert(requestRepositories)
      .values(unique.map((r) => ({ ...r, orgId, requestId })))
      .onConflictDoUpdate({
        target: [requestRepositories.orgId, requestRepositories.requestId, requestRepositories.repositoryId],
        set: takeExcluded(cols),
        setWhere: anyChanged(Object.values(cols)),
      });
  }
  await db
    .delete(requestRepositories)
    .where(
      and(
        eq(requestRepositories.orgId, orgId),
        eq(requestRepositories.requestId, requestId),
        sql`not (${requestRepositories.repositoryId} = any(${idArray(keepIds)}))`,
      ),
    );
  const count = new Set(keepIds).size;
  await db
    .update(patRequests)
    .set({ repositoryCount: count })
    .where(and(eq(patRequests.orgId, orgId), eq(patRequests.id, requestId), sql`${patRequests.repositoryCount} is distinct from ${count}`));
}
