// Pending requests and their repositories. Requests a completed listing no longer shows were
// reviewed or withdrawn without a webhook reaching us: they become `gone`.
import { listSubsetRequestIds, markRequestsSeen, markUnseenRequestsGone, upsertRequests } from "../../db/queries/request-sync.ts";
import { deleteUnsweptPages, saveSyncPages } from "../../db/queries/sync-pages.ts";
import { ROUTES, withQuery } from "../github/calls.ts";
import { RequestSchema } from "../github/schemas.ts";
import { withPoolCheckpoint, type SyncContext } from "./context.ts";
import { toRequestRow } from "./map.ts";
import { sweepPages } from "./sweep-pages.ts";
import { createRepositoryWriter, listRepositories } from "./sync-repositories.ts";
import { createTaskPool } from "./task-pool.ts";

/** How many request repository listings run at once (bench/api-only.ts mirrors the sync with it). */
export const REQUEST_REPOSITORY_CONCURRENCY = 2;

export async function sweepRequests({ ctx }: { ctx: SyncContext }): Promise<void> {
  const { db, org, runId } = ctx;
  const pool = createTaskPool({ concurrency: REQUEST_REPOSITORY_CONCURRENCY, maxQueued: 100 });
  const inner = withPoolCheckpoint({ ctx, pool });
  const writer = createRepositoryWriter({ ctx: inner });
  /** `fresh`: requests just inserted, whose repository rows cannot be trusted to match a stored ETag. */
  const checkRepositories = async (ids: number[], fresh: ReadonlySet<number> = new Set()) => {
    for (const id of ids) {
      await pool.push(async () => {
        const listing = await listRepositories({ ctx: inner, of: "request", id, ...(fresh.has(id) ? { firstRecord: null } : {}) });
        if (listing) await writer.add(listing);
      });
    }
  };
  try {
    await sweepPages({
      ctx: inner,
      firstUrl: withQuery(ROUTES.requests(org.login), { per_page: 100, sort: "created_at", direction: "asc" }),
      resource: "requests",
      schema: RequestSchema,
      family: "requests",
      trackSweep: true,
      onPage: async (page) => {
        if (page.status === 200) {
          const rows = page.items.map((request) => toRequestRow({ request, orgId: org.id }));
          const { insertedIds } = await db.transaction(async (tx) => {
            const out = await upsertRequests({ db: tx, rows, runId, now: ctx.now() });
            if (page.record) await saveSyncPages({ db: tx, pages: [page.record] });
            return out;
          });
          ctx.stats.requestsSeen += rows.length;
          await checkRepositories(rows.filter((r) => r.repositorySelection === "subset").map((r) => r.id), new Set(insertedIds));
          return "ok";
        }
        const found = await markRequestsSeen({ db, orgId: org.id, ids: page.ids, runId, now: ctx.now() });
        if (found < page.ids.length) return "refetch";
        ctx.stats.requestsSeen += page.ids.length;
        await checkRepositories(await listSubsetRequestIds({ db, orgId: org.id, ids: page.ids }));
        return "ok";
      },
    });
    await pool.drain();
    await writer.flush();
  } catch (e) {
    await pool.abandon();
    await writer.settle(); // a batch handed over before the failure lands before the run is recorded
    throw e;
  }
  await markUnseenRequestsGone({ db, orgId: org.id, runId, now: ctx.now() });
  await deleteUnsweptPages({ db, orgId: org.id, resource: "requests", runId });
}
