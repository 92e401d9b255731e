// The minute tick (pg-boss cron, one per minute across every process): queues whatever is due.
// Each send names its org and time slot, so a second tick or a second process adds nothing.
import type PgBoss from "pg-boss";
import type { Db } from "../../db/client.ts";
import { listJobStates, updateJobState } from "../../db/queries/job-states.ts";
import type { Org } from "../../db/schema.ts";
import { getEffectivePolicy } from "../policies/index.ts";
import { listSyncableOrgs } from "../sync/sync-orgs.ts";
import { nextSlotStart, QUEUES, REPORT_SLOT_SECONDS, SNAPSHOT_SLOT_SECONDS, snapshotRunAt, syncSlotSeconds, type OrgJobData } from "./queues.ts";
import { isReportDue } from "./report-schedule.ts";

export async function runTick({ db, boss, intervalMinutes, now = new Date() }: {
  db: Db; boss: PgBoss; intervalMinutes: number; now?: Date;
}): Promise<{ syncRound: boolean; snapshots: string[]; reports: string[] }> {
  const round = await boss.send(QUEUES.syncRound, {}, { singletonKey: "round", singletonSeconds: syncSlotSeconds(intervalMinutes) });
  const { syncable } = await listSyncableOrgs({ db });
  const snapshots: string[] = [];
  const runAt = snapshotRunAt({ now });
  for (const org of syncable) {
    const data: OrgJobData = { orgId: org.id, login: org.login };
    const id = await boss.send(QUEUES.snapshot, data, { singletonKey: `org:${org.id}`, singletonSeconds: SNAPSHOT_SLOT_SECONDS, startAfter: runAt });
    if (!id) continue;
    snapshots.push(org.login);
    await updateJobState({ db, orgId: org.id, job: "snapshot", patch: { nextRunAt: runAt } });
  }
  const reports = await queueDueReports({ db, boss, orgs: syncable, now });
  return { syncRound: Boolean(round), snapshots, reports };
}

async function queueDueReports({ db, boss, orgs, now }: { db: Db; boss: PgBoss; orgs: Org[]; now: Date }): Promise<string[]> {
  const states = await listJobStates({ db });
  const queued: string[] = [];
  for (const org of orgs) {
    if (!org.lastSyncAt) continue; // a report on an inventory never synced would be empty
    const state = states.find((s) => s.orgId === org.id && s.job === "report");
    const lastSucceededAt = state?.lastOutcome?.startsWith("succeeded") ? state.lastStartedAt : null;
    const { config } = await getEffectivePolicy({ db, orgId: org.id });
    if (!isReportDue({ schedule: config.reports.schedule, now, lastSucceededAt })) continue;
    const data: OrgJobData = { orgId: org.id, login: org.login };
    const id = await boss.send(QUEUES.report, data, { singletonKey: `org:${org.id}`, singletonSeconds: REPORT_SLOT_SECONDS });
    if (id) queued.push(org.login);
  }
  return queued;
}

/** The snapshot slot after the current one (for job_states once today's is taken). */
export const nextSnapshotAt = (now: Date): Date => snapshotRunAt({ now: nextSlotStart({ now, seconds: SNAPSHOT_SLOT_SECONDS }) });
