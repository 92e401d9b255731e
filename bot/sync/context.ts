// What every step of a sync run shares: where to read and write, the run's counters, and a
// checkpoint that stops the run between pages once it must not go on (lease lost, task failed).
import type { Db } from "../../db/client.ts";
import type { CallCounters, OctokitLike } from "../github/calls.ts";
import type { TaskPool } from "./task-pool.ts";

export type OrgRef = { id: number; login: string };

export type SyncLog = {
  info: (msg: string) => unknown;
  warn: (msg: string) => unknown;
};

export type SyncStats = {
  grants: { seen: number; added: number; updated: number; removed: number };
  requestsSeen: number;
  membersSeen: number;
};

export type SyncContext = {
  db: Db;
  octokit: OctokitLike;
  org: OrgRef;
  runId: number;
  now: () => Date;
  counters: CallCounters;
  stats: SyncStats;
  log: SyncLog;
  /** Throws when the run must stop; called between pages. */
  checkpoint: () => void;
  /** How subset grants' repositories are fetched: chosen from the counts (default), or forced (tests, bench). */
  repositoryStrategy?: RepositoryStrategyOption;
  /** Facts about the run for sync_runs.details (the repository strategy chosen and why). */
  details: Record<string, unknown>;
};

export type RepositoryStrategyOption = "auto" | "per-grant" | "repository";

/** The context for work run in `pool`: its checkpoint also stops once a task of the pool has failed. */
export function withPoolCheckpoint({ ctx, pool }: { ctx: SyncContext; pool: TaskPool }): SyncContext {
  return {
    ...ctx,
    checkpoint: () => {
      ctx.checkpoint();
      if (pool.error !== undefined) throw pool.error;
    },
  };
}

export function emptyStats(): SyncStats {
  return { grants: { seen: 0, added: 0, updated: 0, removed: 0 }, requestsSeen: 0, membersSeen: 0 };
}

export const silentLog: SyncLog = { info: () => {}, warn: () => {} };
