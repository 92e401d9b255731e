// Walks one GitHub list page by page with conditional requests. A 304 carries no body, so the
// ids that page held come from sync_pages; page N+1 is fetched while page N is being written.
import type { z } from "zod";
import type { NewSyncPage, SyncPage } from "../../db/schema.ts";
import type { SyncPageResource } from "../../model/statuses.ts";
import { getSyncPage, touchSyncPages } from "../../db/queries/sync-pages.ts";
import { getPage, nextPageUrl, perPageOf, type CallFamily, type Page } from "../github/calls.ts";
import type { SyncContext } from "./context.ts";

export type SweptPage<T> =
  | { status: 200; url: string; items: T[]; ids: number[]; record: NewSyncPage | null }
  | { status: 304; url: string; ids: number[] };

/** "refetch": the stored ids no longer match the database; ask again without If-None-Match. */
export type PageVerdict = "ok" | "refetch";

export async function sweepPages<S extends z.ZodType<{ id: number }>>(args: {
  ctx: SyncContext;
  firstUrl: string;
  resource: SyncPageResource;
  parentId?: number;
  schema: S;
  family: CallFamily;
  /** Send If-None-Match and store pages (off for one-off URLs such as last_used_after). */
  useEtags?: boolean;
  /** Mark 304 pages as reached by this run, for deleteUnsweptPages after a completed sweep. */
  trackSweep?: boolean;
  /**
   * Walk on by page number while pages come back full and without a Link header (a list whose
   * Link header @octokit/openapi ghec.json does not declare, as the SSO credential list): the walk ends at a short or
   * empty page. A page of exactly per_page items then costs one more call, an empty page.
   */
  untilShort?: boolean;
  /** The stored first page when the caller already loaded it (null: known to have none). */
  firstRecord?: SyncPage | null;
  onPage: (page: SweptPage<z.output<S>>) => Promise<PageVerdict>;
}): Promise<{ pages: number; items: number }> {
  const { ctx, resource, schema, family, useEtags = true, trackSweep = false } = args;
  const stored = (url: string) => (useEtags ? getSyncPage({ db: ctx.db, orgId: ctx.org.id, url }) : Promise.resolve(undefined));
  const fetchPage = (url: string, etag: string | null | undefined) => {
    const p = getPage({ octokit: ctx.octokit, url, etag, schema, counters: ctx.counters, family });
    p.catch(() => {}); // awaited later; a failure must not surface as an unhandled rejection meanwhile
    return p;
  };

  let url: string | null = args.firstUrl;
  let record = args.firstRecord !== undefined ? (args.firstRecord ?? undefined) : await stored(url);
  let inflight = fetchPage(url, record?.etag);
  let pages = 0;
  let items = 0;
  let nextInflight: Promise<Page<z.output<S>>> | null = null;
  try {
    while (url) {
      ctx.checkpoint();
      let page: Page<z.output<S>> = await inflight;
      if (page.status === 304 && !record) page = await fetchPage(url, null); // a 304 we did not ask for
      let next = nextOf(page, record);
      let nextRecord = next ? await stored(next) : undefined;
      nextInflight = next ? fetchPage(next, nextRecord?.etag) : null;

      let verdict = await args.onPage(toSwept(page, record, ctx, args));
      if (verdict === "refetch" && page.status === 304) {
        page = await fetchPage(url, null);
        const fresh = nextOf(page, record);
        if (fresh !== next) {
          next = fresh;
          nextRecord = next ? await stored(next) : undefined;
          nextInflight = next ? fetchPage(next, nextRecord?.etag) : null;
        }
        verdict = await args.onPage(toSwept(page, record, ctx, args));
      }
      if (page.status === 304 && trackSweep) await touchSyncPages({ db: ctx.db, orgId: ctx.org.id, urls: [url], runId: ctx.runId });
      pages++;
      items += page.status === 200 ? page.items.length : record!.itemIds.length;
      url = next;
      record = nextRecord;
      if (nextInflight) inflight = nextInflight;
      nextInflight = null;
    }
  } catch (error) {
    // A page fetched ahead may still be on the wire (the checkpoint at the top of the loop can
    // throw while `inflight` is): let both settle, so the counters the failed run records (calls,
    // rate-limit points) include them and nothing lands after the run is written.
    await Promise.allSettled([inflight, nextInflight]);
    throw error;
  }
  return { pages, items };

  function nextOf(page: Page<z.output<S>>, rec: typeof record): string | null {
    if (page.status === 200 && args.untilShort && !page.hasLink) return page.items.length >= perPageOf(page.url) ? nextPageUrl(page.url) : null;
    if (page.status === 200 || page.hasLink) return page.nextUrl;
    if (rec?.nextUrl) return rec.nextUrl;
    // An unchanged full page and no Link to say whether more follow: items may have been
    // appended after it, so look at the next page (its own ETag makes that free next time).
    return rec && rec.itemIds.length >= perPageOf(page.url) ? nextPageUrl(page.url) : null;
  }
}

function toSwept<T extends { id: number }>(
  page: Page<T>,
  record: { itemIds: number[] } | undefined,
  ctx: SyncContext,
  args: { resource: SyncPageResource; parentId?: number; useEtags?: boolean },
): SweptPage<T> {
  if (page.status === 304) return { status: 304, url: page.url, ids: record!.itemIds };
  const ids = page.items.map((i) => i.id);
  const keep = args.useEtags !== false && page.etag;
  return {
    status: 200,
    url: page.url,
    items: page.items,
    ids,
    record: keep
      ? {
          orgId: ctx.org.id,
          url: page.url,
          resource: args.resource,
          parentId: args.parentId ?? null,
          etag: page.etag!,
          itemIds: ids,
          nextUrl: page.nextUrl,
          sweepRunId: ctx.runId,
          fetchedAt: ctx.now(),
        }
      : null,
  };
}
