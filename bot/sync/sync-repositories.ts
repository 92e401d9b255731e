// The repositories of `subset` grants and requests. A listing is written only once it completed,
// and one that answered 304 on every page writes nothing at all. Sweeps batch the writes of many
// listings into one transaction (RepositoryWriter); one-off syncs write at once.
import { replaceGrantRepositories, replaceRequestRepositories, type RepositoryRow } from "../../db/queries/repository-sync.ts";
import { saveSyncPages } from "../../db/queries/sync-pages.ts";
import type { NewSyncPage, SyncPage } from "../../db/schema.ts";
import { NotFound } from "../../model/errors.ts";
import { ROUTES, withQuery } from "../github/calls.ts";
import { RepositorySchema } from "../github/schemas.ts";
import type { SyncContext } from "./context.ts";
import { toRepositoryRow } from "./map.ts";
import { sweepPages } from "./sweep-pages.ts";
import { createWriteQueue } from "./write-queue.ts";

export type RepositoryOwner = "grant" | "request";
export type RepositoryListing = { of: RepositoryOwner; id: number; repos: RepositoryRow[]; keepIds: number[]; records: NewSyncPage[] };

export function repositoriesUrl({ login, of, id }: { login: string; of: RepositoryOwner; id: number }): string {
  return withQuery(of === "grant" ? ROUTES.grantRepositories(login, id) : ROUTES.requestRepositories(login, id), { per_page: 100 });
}

/** The complete listing, or null when nothing changed (all 304) or the grant/request is gone (404). */
export async function listRepositories({ ctx, of, id, firstRecord }: {
  ctx: SyncContext; of: RepositoryOwner; id: number; firstRecord?: SyncPage | null;
}): Promise<RepositoryListing | null> {
  const listing: RepositoryListing = { of, id, repos: [], keepIds: [], records: [] };
  let changed = false;
  try {
    await sweepPages({
      ctx,
      firstUrl: repositoriesUrl({ login: ctx.org.login, of, id }),
      firstRecord,
      resource: of === "grant" ? "grant-repositories" : "request-repositories",
      parentId: id,
      schema: RepositorySchema,
      family: of === "grant" ? "grant-repositories" : "request-repositories",
      onPage: async (page) => {
        listing.keepIds.push(...page.ids);
        if (page.status === 200) {
          changed = true;
          listing.repos.push(...page.items.map(toRepositoryRow));
          if (page.record) listing.records.push(page.record);
        }
        return "ok";
      },
    });
  } catch (e) {
    // Revoked or reviewed between the list call and this one: removal is the sweep's job.
    if (e instanceof NotFound) return null;
    throw e;
  }
  return changed ? listing : null;
}

export async function writeRepositoryListings({ ctx, listings }: { ctx: SyncContext; listings: RepositoryListing[] }): Promise<void> {
  if (listings.length === 0) return;
  const orgId = ctx.org.id;
  await ctx.db.transaction(async (tx) => {
    await replaceGrantRepositories({ db: tx, orgId, listings: listings.filter((l) => l.of === "grant").map((l) => ({ grantId: l.id, ...l })), now: ctx.now() });
    for (const l of listings.filter((x) => x.of === "request")) {
      await replaceRequestRepositories({ db: tx, orgId, requestId: l.id, repos: l.repos, keepIds: l.keepIds });
    }
    await saveSyncPages({ db: tx, pages: listings.flatMap((l) => l.records) });
  });
}

export async function syncRepositories({ ctx, of, id }: { ctx: SyncContext; of: RepositoryOwner; id: number }): Promise<void> {
  const listing = await listRepositories({ ctx, of, id });
  if (listing) await writeRepositoryListings({ ctx, listings: [listing] });
}

export type RepositoryWriter = {
  add: (listing: RepositoryListing) => Promise<void>;
  /** Writes what is buffered and waits for every batch; throws the first failure. */
  flush: () => Promise<void>;
  /** Waits for the batches already handed over to settle, ignoring failures (a sweep that failed). */
  settle: () => Promise<void>;
};

/**
 * Buffers completed listings and writes them `batchSize` at a time, one write after another,
 * behind the listings: a listing that fills a batch hands it over and goes on (it held its
 * listing slot for the whole write before), waiting only while another batch is still queued.
 * `after`: what each batch waits for first (the grant pages its grants are on).
 */
export function createRepositoryWriter({ ctx, batchSize = 100, after }: {
  ctx: SyncContext; batchSize?: number; after?: () => Promise<void>;
}): RepositoryWriter {
  let buffer: RepositoryListing[] = [];
  const writes = createWriteQueue({ depth: 2 });
  const handOver = async () => {
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return;
    await writes.push(async () => {
      await after?.();
      await writeRepositoryListings({ ctx, listings: batch });
    });
  };
  return {
    async add(listing) {
      if (writes.error !== undefined) throw writes.error;
      buffer.push(listing);
      if (buffer.length >= batchSize) await handOver();
    },
    async flush() {
      await handOver();
      await writes.drain();
    },
    settle: () => writes.settle(),
  };
}
