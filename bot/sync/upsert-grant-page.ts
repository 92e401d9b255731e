// Writes one page of grants in one transaction: rows, their timeline events, seen marks,
// repository rows of grants that stopped being `subset`, and the page's ETag (never ahead of the data it describes).
import { recordGrantEvents } from "../../db/queries/grant-events.ts";
import { touchGrantsSeen, upsertGrants } from "../../db/queries/grant-sync.ts";
import { clearGrantRepositories } from "../../db/queries/repository-sync.ts";
import { saveSyncPages } from "../../db/queries/sync-pages.ts";
import type { NewSyncPage } from "../../db/schema.ts";
import type { GitHubGrant } from "../github/schemas.ts";
import { noteGrantsChanged } from "../orgs/org-summary.ts";
import { scoreGrant } from "../risk/score.ts";
import type { SyncContext } from "./context.ts";
import { toGrantEvents } from "./grant-events.ts";
import { toGrantRow } from "./map.ts";

export async function upsertGrantPage({ ctx, grants, record }: {
  ctx: SyncContext; grants: GitHubGrant[]; record?: NewSyncPage | null;
}): Promise<{ insertedIds: number[] }> {
  const { db, org, runId } = ctx;
  const now = ctx.now();
  // Membership is ours, not GitHub's: the upsert adds the owner-left reason from the stored row.
  const rows = grants.map((grant) => {
    const row = toGrantRow({ grant, orgId: org.id });
    const risk = scoreGrant({ ...row, tokenExpiresAt: row.tokenExpiresAt ?? null, tokenLastUsedAt: row.tokenLastUsedAt ?? null, ownerIsMember: null }, now);
    return { ...row, riskScore: risk.score, riskReasons: risk.reasons };
  });
  const ids = rows.map((r) => r.id);
  const out = await db.transaction(async (tx) => {
    const res = await upsertGrants({ db: tx, rows, runId, now });
    await recordGrantEvents({ db: tx, events: toGrantEvents({ orgId: org.id, changes: res.changes, at: now }) });
    // The upsert set the mark on rows it wrote (and brought removed ones back): the rest need only the mark.
    await touchGrantsSeen({ db: tx, orgId: org.id, ids, runId, now });
    await clearGrantRepositories({ db: tx, orgId: org.id, grantIds: rows.filter((r) => r.repositorySelection !== "subset").map((r) => r.id) });
    if (record) await saveSyncPages({ db: tx, pages: [record] });
    return res;
  });
  noteGrantsChanged({ db, orgId: org.id, now: ctx.now, log: ctx.log }); // the overview's summary, debounced, in the background
  ctx.stats.grants.seen += rows.length;
  ctx.stats.grants.added += out.added;
  ctx.stats.grants.updated += out.updated;
  return { insertedIds: out.insertedIds };
}
