// The full grant sweep: every page (100 per call, oldest first so new grants append at the end
// and leave earlier pages' ETags valid), each subset grant's repositories, then removal of what
// the completed sweep did not see. A sweep that stops early removes nothing.
import { analyzeInventory, listStoredGrantIds, listSubsetGrantIds, markGrantsSeen } from "../../db/queries/grant-sync.ts";
import { countAllSelectionGrants } from "../../db/queries/sync-strategy.ts";
import { deleteOrphanRepositoryPages, deleteUnsweptPages, getSyncPagesByUrl } from "../../db/queries/sync-pages.ts";
import { GrantSchema } from "../github/schemas.ts";
import { withPoolCheckpoint, type SyncContext } from "./context.ts";
import { grantListUrl } from "./grant-list-url.ts";
import { removeUnseenGrants } from "./remove-unseen-grants.ts";
import { sweepPages } from "./sweep-pages.ts";
import { createRepositoryWriter, listRepositories, repositoriesUrl } from "./sync-repositories.ts";
import { createRepositoryPlan } from "./sweep-repository-plan.ts";
import { createTaskPool } from "./task-pool.ts";
import { upsertGrantPage } from "./upsert-grant-page.ts";
import { createWriteQueue } from "./write-queue.ts";

/**
 * Repository listings run beside the page walk (which holds one or two calls). plugin-throttling
 * lets 10 requests per process be in flight at once, far under GitHub's 100; 8 here fills that
 * with the walk. On api.github.com the client's 70 ms spacing bounds the pace anyway; against a
 * GHES or the simulator with 30 ms latency this is what hides the latency (6 → 8: the unchanged
 * 10,000-grant re-sync 15.5 s → 12.2 s at 30 ms, bench/profile-sync.ts).
 */
export const REPOSITORY_CONCURRENCY = 8;

const ANALYZE_AFTER_ADDED = 1_000;

export async function sweepGrants({ ctx }: { ctx: SyncContext }): Promise<void> {
  const { db, org } = ctx;
  const pool = createTaskPool({ concurrency: REPOSITORY_CONCURRENCY, maxQueued: 200 });
  const inner = withPoolCheckpoint({ ctx, pool });
  /**
   * Grant pages are written behind the walk, one after another and at most two waiting: the walk
   * queues a page's repository listings and reads the next page meanwhile (the write, ~20 ms for
   * 100 rows with their events and risk, was on the walk's path). A page's ETag is saved with its
   * rows, so a run that stops early never stored one ahead of its data; repository batches wait for
   * the pages before them (their grants' rows), and removal for every page.
   */
  const pageWrites = createWriteQueue({ depth: 2 });
  const writer = createRepositoryWriter({ ctx: inner, after: () => pageWrites.drain() });
  let analyzed = false;
  /** `fresh`: grants just inserted, whose repository rows cannot be trusted to match a stored ETag. */
  const checkRepositories = async (ids: number[], fresh: ReadonlySet<number> = new Set()) => {
    // One query for the stored first pages of all these listings, instead of one per grant.
    const urls = new Map(ids.map((id) => [id, repositoriesUrl({ login: org.login, of: "grant", id })]));
    const stored = await getSyncPagesByUrl({ db, orgId: org.id, urls: [...urls.values()] });
    for (const id of ids) {
      const firstRecord = fresh.has(id) ? null : (stored.get(urls.get(id)!) ?? null);
      await pool.push(async () => {
        const listing = await listRepositories({ ctx: inner, of: "grant", id, firstRecord });
        if (listing) await writer.add(listing);
      });
    }
  };
  const plan = await createRepositoryPlan({
    ctx: inner,
    perGrant: (ids, fresh) => checkRepositories(ids, fresh),
    fetchOne: async (id) => {
      const listing = await listRepositories({ ctx: inner, of: "grant", id, firstRecord: null });
      if (listing) await writer.add(listing);
      return listing?.repos.length ?? 0;
    },
    write: (listing) => writer.add(listing),
    concurrency: REPOSITORY_CONCURRENCY,
  });
  try {
    await sweepPages({
      ctx: inner,
      firstUrl: grantListUrl({ login: org.login }),
      resource: "grants",
      schema: GrantSchema,
      family: "grants",
      trackSweep: true,
      onPage: async (page) => {
        if (page.status === 200) {
          const subsetIds = page.items.filter((g) => g.repository_selection === "subset").map((g) => g.id);
          // Read before this page's write is queued: a grant with no row yet is one the write inserts.
          const stored = new Set(await listStoredGrantIds({ db, orgId: org.id, ids: subsetIds }));
          await pageWrites.push(async () => {
            inner.checkpoint(); // a run that must stop writes no further page
            await upsertGrantPage({ ctx: inner, grants: page.items, record: page.record });
            // Statistics once the first thousands of rows exist, so the rest of the sweep plans well.
            if (ctx.stats.grants.added >= ANALYZE_AFTER_ADDED && !analyzed) {
              analyzed = true;
              await analyzeInventory({ db });
            }
          });
          await plan.add({
            subsetIds,
            all: page.items.filter((g) => g.repository_selection === "all").length,
            fresh: new Set(subsetIds.filter((id) => !stored.has(id))),
          });
          return "ok";
        }
        await pageWrites.drain(); // the pages before this one are in: their rows count as found
        const seen = await db.transaction((tx) => markGrantsSeen({ db: tx, orgId: org.id, ids: page.ids, runId: ctx.runId, now: ctx.now() }));
        if (seen.found < page.ids.length) return "refetch"; // rows went missing since: read the page again
        ctx.stats.grants.seen += page.ids.length;
        ctx.stats.grants.updated += seen.reactivated;
        await plan.add({ subsetIds: await listSubsetGrantIds({ db, orgId: org.id, ids: page.ids }), all: await countAllSelectionGrants({ db, orgId: org.id, ids: page.ids }) });
        return "ok";
      },
    });
    await pageWrites.drain();
    // Every page answered and written: now, and only now, what the sweep did not see may go.
    await removeUnseenGrants({
      ctx: inner,
      onFound: (found, insertedIds) => checkRepositories(found.filter((g) => g.repository_selection === "subset").map((g) => g.id), new Set(insertedIds)),
    });
    await plan.finish();
    await pool.drain();
    await writer.flush();
  } catch (e) {
    await pool.abandon();
    // Nothing lands after the failed run is recorded: the writes already queued settle first.
    await pageWrites.settle();
    await writer.settle();
    throw e;
  }
  if (ctx.stats.grants.added >= ANALYZE_AFTER_ADDED) await analyzeInventory({ db }); // for the read side's filters
  await deleteUnsweptPages({ db, orgId: org.id, resource: "grants", runId: ctx.runId });
  // Repository-scoped listings store no per-grant ETags, and older ones may no longer match the rows.
  if (ctx.details.repositoryStrategy && (ctx.details.repositoryStrategy as { strategy: string }).strategy === "repository") {
    await deleteUnsweptPages({ db, orgId: org.id, resource: "grant-repositories", runId: ctx.runId });
  }
  await deleteOrphanRepositoryPages({ db, orgId: org.id });
}
