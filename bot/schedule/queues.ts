// Queue names, per-queue retry rules and the time slots that keep each org's work to once per slot.
import type PgBoss from "pg-boss";
import { z } from "zod";

export const QUEUES = {
  /** Every minute (pg-boss cron); fans out whatever is due. One tick per minute across all processes. */
  tick: "patwarden.tick",
  /** Once per sync slot: refresh the installation list, then one `sync` job per active org. */
  syncRound: "patwarden.sync-round",
  sync: "patwarden.sync",
  snapshot: "patwarden.snapshot",
  /** After each scheduled sync of the org (policies judge the inventory, which only changes on sync). */
  policy: "patwarden.policy",
  /** When the policy file's reports.schedule says a new period began. */
  report: "patwarden.report",
} as const;

export const TICK_CRON = "* * * * *";
const DAY_S = 86_400;
/** The daily snapshot runs late in its UTC day, so "revoked that day" covers the day. */
export const SNAPSHOT_AT_UTC = { hour: 23, minute: 55 };

export type RetryRule = { retryLimit: number; retryDelay: number; retryBackoff: boolean };
export const DEFAULT_RETRY: RetryRule = { retryLimit: 3, retryDelay: 60, retryBackoff: true };

/** Queue settings: sync sweeps of large orgs take minutes, so they expire (and retry) only after two hours. */
export function queueOptions({ retry }: { retry: RetryRule }): PgBoss.Queue[] {
  return [
    { name: QUEUES.tick, policy: "standard", retryLimit: 0, expireInSeconds: 300 },
    { name: QUEUES.syncRound, policy: "standard", ...retry, expireInSeconds: 600 },
    { name: QUEUES.sync, policy: "standard", ...retry, expireInSeconds: 2 * 3600 },
    { name: QUEUES.snapshot, policy: "standard", ...retry, expireInSeconds: 600 },
    // A revoke-mode run paces its revocations (1 s apart), so a large one takes a while.
    { name: QUEUES.policy, policy: "standard", ...retry, expireInSeconds: 2 * 3600 },
    { name: QUEUES.report, policy: "standard", ...retry, expireInSeconds: 1800 },
  ];
}

/** What a per-org job carries; parsed when read back from the queue (it lives in the database). */
export const OrgJobData = z.object({
  orgId: z.number().int(),
  login: z.string().min(1),
  /** Asked for now (dashboard, tests) rather than by the schedule. */
  manual: z.boolean().optional(),
  /** Sync only: what to run and what to record as its trigger (default: auto, "schedule"). */
  kind: z.enum(["full", "incremental", "auto"]).optional(),
  trigger: z.string().min(1).max(200).optional(),
});
export type OrgJobData = z.infer<typeof OrgJobData>;

/** pg-boss aligns singleton slots to the epoch: the slot `now` falls in ends at the next multiple. */
export function nextSlotStart({ now, seconds }: { now: Date; seconds: number }): Date {
  const ms = seconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms + ms);
}

export const syncSlotSeconds = (intervalMinutes: number) => intervalMinutes * 60;
export const SNAPSHOT_SLOT_SECONDS = DAY_S;
/** A report that failed every retry is tried again the next UTC day, not every minute. */
export const REPORT_SLOT_SECONDS = DAY_S;

/** When the snapshot of `now`'s UTC day runs; already past late in the day, so a late start runs it at once. */
export function snapshotRunAt({ now }: { now: Date }): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), SNAPSHOT_AT_UTC.hour, SNAPSHOT_AT_UTC.minute));
}

/**
 * Completed jobs must stay in pg-boss's live table for at least one slot: the unique index that
 * turns a second send for the same org and slot into a no-op only sees live rows.
 */
export function keepCompletedSeconds({ intervalMinutes }: { intervalMinutes: number }): number {
  return Math.max(2 * DAY_S, syncSlotSeconds(intervalMinutes) + 3600);
}
