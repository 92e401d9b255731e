// Holds subset grants' repository fetches while the strategy is open, and chooses from the counts
// the walk sees: per grant (at once, overlapping the walk) unless the repository-scoped way is
// clearly cheaper. The choice and its counts go to sync_runs.details.
import type { SyncContext } from "./context.ts";
import type { RepositoryListing } from "./sync-repositories.ts";
import { createTaskPool } from "./task-pool.ts";
import {
  installationReposPage, MIN_SUBSET_FOR_CHOICE, SAMPLE, repositoriesByRepositoryListing, repositoryScopedCost, strategyOpen,
  type RepositoryStrategy, type StrategyCounts,
} from "./sweep-repository-scoped.ts";

export type RepositoryPlan = {
  /** A page's subset grants (`fresh`: just inserted) and how many `all` grants it held. */
  add: (args: { subsetIds: number[]; all: number; fresh?: ReadonlySet<number> }) => Promise<void>;
  /** After the walk: choose if still open, then fetch what was held. */
  finish: () => Promise<void>;
};

export async function createRepositoryPlan({ ctx, perGrant, fetchOne, write, concurrency }: {
  ctx: SyncContext;
  /** Queues per-grant listings (the existing way). */
  perGrant: (ids: number[], fresh?: ReadonlySet<number>) => Promise<void>;
  /** Fetches and writes one grant's listing now; returns how many repositories it has. */
  fetchOne: (id: number) => Promise<number>;
  write: (listing: RepositoryListing) => Promise<void>;
  concurrency: number;
}): Promise<RepositoryPlan> {
  const forced = ctx.repositoryStrategy === "repository";
  const gate = await strategyOpen({ ctx });
  let decided: RepositoryStrategy | null = gate.open ? null : "per-grant";
  const counts: StrategyCounts = { repositories: 0, all: 0, subset: 0, sampledRepos: 0, sampled: 0 };
  let probed = false;
  let held: { ids: number[]; fresh: Set<number> } = { ids: [], fresh: new Set() };
  const record = (strategy: RepositoryStrategy, reason: string) => {
    decided = strategy;
    ctx.details.repositoryStrategy = { strategy, reason, ...(gate.open ? { counts: { ...counts }, repositoryScopedCost: probed ? repositoryScopedCost(counts) : null } : {}) };
  };
  if (!gate.open) record("per-grant", gate.reason);
  const flushPerGrant = async (reason: string) => {
    record("per-grant", reason);
    const h = held;
    held = { ids: [], fresh: new Set() };
    await perGrant(h.ids, h.fresh);
  };
  /** false when the installation does not see every repository, or the probe failed (unsure: per grant). */
  const probe = async () => {
    if (probed) return counts.repositories >= 0;
    probed = true;
    try {
      const page = await installationReposPage({ ctx, url: "/installation/repositories?per_page=1" });
      counts.repositories = page.total_count;
      return page.repository_selection === "all";
    } catch (e) {
      ctx.log.warn(`repository strategy probe failed, listing per grant: ${e instanceof Error ? e.message : String(e)}`);
      counts.repositories = -1;
      return false;
    }
  };
  const sample = async () => {
    const ids = held.ids.splice(0, Math.max(0, SAMPLE - counts.sampled));
    // allSettled, not all: on a failure every other fetch must have settled before the run is
    // recorded, or its call would be counted after the failed run was written.
    const settled = await Promise.allSettled(ids.map((id) => fetchOne(id)));
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const sizes = settled.map((r) => (r as PromiseFulfilledResult<number>).value);
    counts.sampled += ids.length;
    counts.sampledRepos += sizes.reduce((a, b) => a + b, 0);
  };
  return {
    async add({ subsetIds, all, fresh }) {
      if (decided === "per-grant") return perGrant(subsetIds, fresh);
      counts.subset += subsetIds.length;
      counts.all += all;
      held.ids.push(...subsetIds);
      for (const id of fresh ?? []) held.fresh.add(id);
      if (forced || counts.subset < MIN_SUBSET_FOR_CHOICE) return;
      if (!(await probe())) return flushPerGrant("installation does not see every repository, or the probe failed");
      // With a steady mix of grants both sides grow in proportion as the walk goes on: once the
      // repository-scoped floor passes the subset grants seen so far, per grant wins.
      if (counts.repositories * Math.max(1, Math.ceil(counts.all / 100)) >= counts.subset) return flushPerGrant("repository-scoped floor above the subset grants seen");
    },
    async finish() {
      if (decided === "per-grant") return;
      if (!forced) {
        if (counts.subset < MIN_SUBSET_FOR_CHOICE) return flushPerGrant(`fewer than ${MIN_SUBSET_FOR_CHOICE} subset grants`);
        if (!(await probe())) return flushPerGrant("installation does not see every repository, or the probe failed");
        await sample();
        const perGrantCost = held.ids.length;
        if (repositoryScopedCost(counts) >= perGrantCost) return flushPerGrant("per-grant listings are fewer calls");
      }
      record("repository", forced ? "asked for repository-scoped" : "repository-scoped listings are fewer calls");
      const ids = held.ids;
      const pool = createTaskPool({ concurrency, maxQueued: 200 });
      let byGrant;
      try {
        byGrant = await repositoriesByRepositoryListing({ ctx, subsetIds: ids, pool });
      } catch (e) {
        await pool.abandon();
        throw e;
      }
      if (!byGrant) return flushPerGrant("installation stopped seeing every repository");
      for (const id of ids) {
        const repos = byGrant.get(id) ?? [];
        await write({ of: "grant", id, repos, keepIds: repos.map((r) => r.repositoryId), records: [] });
      }
      ctx.details.repositoryStrategy = { ...(ctx.details.repositoryStrategy as object), repositoryListings: counts.repositories };
    },
  };
}
